/**
 * sl: stateless replies (Kamailio's sl.so). Reply bytes come from the SIP layer's `buildReply`,
 * byte-identical to Kamailio 5.6.3's `build_res_buf_from_sip_req`, with sl's to-tag. `send_reply`
 * answers statefully through tm when the request has a transaction (and `bind_tm` is on), as
 * sl's `send_reply` does; `sl_send_reply` is always stateless.
 */

import { buildReply, slToTag } from "../../sip/index.js";
import type { MsgContext } from "../../engine/context.js";
import { defineModule, intParam, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";

/** What sl needs of tm's api (src/runtime/modules/tm): Kamailio's `tmb.t_gett()` and `t_reply`. */
interface TmReplies {
  hasTransaction(ctx: MsgContext): boolean;
  reply(ctx: MsgContext, code: number, reason: string): number;
}

const params = {
  bind_tm: intParam(1),
  default_code: intParam(500, { min: 100, max: 699 }),
  default_reason: strParam("Internal Server Error"),
  rich_redirect: intParam(0),
  event_callback_fl_ack: strParam(""),
  event_callback_lres_sent: strParam(""),
};

type Sl = ModuleContext<ParamValues<typeof params>, undefined>;

/** `sl_reply_helper`: no reply to an ACK or to a reply; 1 when sent, -1 otherwise. */
export function slSendReply(m: Sl, code: number, reason: string): number {
  const ctx = m.msg;
  const req = ctx.msg;
  if (!req.isRequest || req.method === "ACK") return -1;
  if (code < 100 || code > 699) {
    m.log.write(-1, "<sl> ", `invalid reply code: ${code}`);
    return -1;
  }
  const bytes = buildReply(req, code, reason, {
    source: { address: ctx.srcAddress, port: ctx.srcPort },
    toTag: slToTag(m.runtime.slTagPrefix, req),
    forceRport: ctx.forceRport,
    serverHeader: m.runtime.serverHeader,
    ...(ctx.replyHeaders !== null ? { headers: ctx.replyHeaders } : {}),
  });
  if (bytes === null) return -1;
  if (!m.runtime.sendReply(ctx, bytes)) return -1;
  ctx.repliedCode = code;
  return 1;
}

/** `send_reply`: through the transaction when there is one, else stateless. */
function sendReply(m: Sl, code: number, reason: string): number {
  if (m.params.bind_tm !== 0 && m.hasApi("tm")) {
    const tm = m.api<TmReplies>("tm");
    if (tm.hasTransaction(m.msg)) return tm.reply(m.msg, code, reason);
  }
  return slSendReply(m, code, reason);
}

export default defineModule("sl", {
  params,
  functions: {
    sl_send_reply: slSendReply,
    send_reply: sendReply,
    send_reply_mode: (m, code, reason) => sendReply(m, code, reason),
    /**
     * Answers from the last internal error; no core error is ever pending for a message that reached
     * routing, so this is Kamailio's default text (checked against 5.6.3).
     */
    sl_reply_error: (m) => (slSendReply(m, 500, "I'm terribly sorry, server error occurred (1/SL)") > 0 ? 1 : -1),
  },
  api: (m) => ({ sendReply: (code: number, reason: string) => slSendReply(m, code, reason) }),
});
