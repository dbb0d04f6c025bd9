/**
 * sanity (Kamailio's sanity.so): checks a request for malformations (`checks.ts`) and answers the
 * first failure itself (400, 416, 420 with `Unsupported:`, 505) through sl, unless `noreply` is set,
 * in which case the reply is kept for `sanity_reply()`. The KEMI functions return 1 when the
 * message passes and -1 when it fails, whatever `autodrop` says (`ki_sanity_check` maps 0 to -1;
 * `autodrop` only changes the native `sanity_check()`).
 */

import type { MsgContext } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, intParam, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";
import { DEFAULT_CHECKS, DEFAULT_URI_CHECKS, runChecks, strList } from "./checks.js";

const params = {
  default_checks: intParam(DEFAULT_CHECKS),
  uri_checks: intParam(DEFAULT_URI_CHECKS),
  proxy_require: strParam(""),
  autodrop: intParam(1),
  noreply: intParam(0),
};

interface SanityState {
  readonly proxyRequire: readonly string[];
  /** With `noreply`: the reply the last failed check wanted to send, and for which message. */
  pending: { ctx: MsgContext; code: number; reason: string } | null;
}

type Sanity = ModuleContext<ParamValues<typeof params>, SanityState>;

interface SlApi {
  sendReply(code: number, reason: string): number;
}

function isAck(ctx: MsgContext): boolean {
  return ctx.msg.method === "ACK";
}

/** `sanity_check` + the KEMI mapping: 1 passed, -1 failed. */
function check(m: Sanity, checks: number, uriChecks: number): number {
  const ctx = m.msg;
  if (m.params.noreply !== 0) m.state.pending = null;
  const failure = runChecks(ctx, checks, uriChecks, m.state.proxyRequire);
  if (failure === null) return 1;
  if (failure.header !== undefined) {
    if (ctx.replyHeaders === null) ctx.replyHeaders = [];
    ctx.replyHeaders.push(failure.header);
  }
  const reply = failure.reply;
  if (reply !== null && ctx.msg.isRequest && !isAck(ctx)) {
    if (m.params.noreply !== 0) m.state.pending = { ctx, code: reply.code, reason: reply.reason };
    else if (m.api<SlApi>("sl").sendReply(reply.code, reply.reason) < 0) {
      m.log.write(LogLevel.WARNING, "sanity [sanity.c:120]: sanity_reply(): ", `failed to send ${reply.code} via sl reply\n`);
    }
  }
  return -1;
}

/** `ki_sanity_reply`: with `noreply`, sends the kept reply (or 500 when there is none for this message). */
function sanityReply(m: Sanity): number {
  const ctx = m.msg;
  if (!ctx.msg.isRequest || isAck(ctx) || m.params.noreply === 0) return 1;
  const p = m.state.pending;
  const sl = m.api<SlApi>("sl");
  if (p === null || p.ctx !== ctx) {
    m.log.write(LogLevel.INFO, "sanity [sanity.c:78]: ki_sanity_reply(): ", "no sanity reply info set - sending 500\n");
    return sl.sendReply(500, "Server Sanity Failure") < 0 ? -1 : 1;
  }
  return sl.sendReply(p.code, p.reason) < 0 ? -1 : 1;
}

export default defineModule<"sanity", typeof params, SanityState>("sanity", {
  params,
  init: (m): SanityState => ({ proxyRequire: strList(m.params.proxy_require), pending: null }),
  functions: {
    sanity_check: (m, checks, uriChecks) => check(m, checks, uriChecks),
    sanity_check_defaults: (m) => check(m, m.params.default_checks, m.params.uri_checks),
    sanity_reply: sanityReply,
  },
});
