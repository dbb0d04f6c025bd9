/**
 * tm: stateful transactions (Kamailio's tm.so) — the KEMI `KSR.tm.*` functions over the `Tm`
 * transaction layer (`tm.ts`). At start-up it installs the engine's reply hook, so replies of
 * its transactions never take the stateless path. Behaviour notes: docs/modules/tm.md.
 */

import { MsgContext } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, intParam, type ModuleContext, type ParamValues, strListParam, strParam } from "../../engine/module.js";
import type { Proto } from "../../engine/services.js";
import { parseMessage } from "../../sip/index.js";
import type { RequestInHook } from "./callbacks.js";
import { parseProxy } from "./messages.js";
import { type RouteType, Tm } from "./tm.js";
import {
  BRANCH_REPLIED,
  BRANCH_TIMEOUT,
  T_AUTO_INV_100,
  T_DISABLE_6XX,
  T_DISABLE_FAILOVER,
  T_DISABLE_INTERNAL_REPLY,
  type Transaction,
} from "./transaction.js";

const params = {
  fr_timer: intParam(30000, { min: 0 }),
  fr_inv_timer: intParam(120000, { min: 0 }),
  wt_timer: intParam(5000, { min: 0 }),
  retr_timer1: intParam(500, { min: 1 }),
  retr_timer2: intParam(4000, { min: 1 }),
  max_inv_lifetime: intParam(180000, { min: 0 }),
  max_noninv_lifetime: intParam(32000, { min: 0 }),
  auto_inv_100: intParam(1),
  auto_inv_100_reason: strParam("trying -- your call is important to us"),
  failure_reply_mode: intParam(3),
  noisy_ctimer: intParam(1),
  relay_100: intParam(0),
  e2e_cancel_reason: intParam(1),
  restart_fr_on_each_reply: intParam(1),
  // Accepted so configs load; kemits does not act on them (see docs/modules/tm.md).
  ac_extra_hdrs: strParam(""),
  aggregate_challenges: intParam(1),
  blst_503: intParam(0),
  blst_503_def_timeout: intParam(0),
  blst_503_max_timeout: intParam(3600),
  blst_503_min_timeout: intParam(0),
  blst_methods_add: intParam(1),
  blst_methods_lookup: intParam(-2),
  callid_cseq_matching: intParam(0),
  callid_matching: intParam(0),
  cancel_b_method: intParam(1),
  contact_flows_avp: strParam(""),
  contacts_avp: strParam(""),
  default_code: intParam(500),
  default_reason: strParam("Server Internal Error"),
  disable_6xx_block: intParam(0),
  dns_reuse_rcv_socket: intParam(0),
  enable_uac_fr: intParam(0),
  event_callback: strParam(""),
  event_callback_lres_sent: strParam(""),
  exec_time_check: intParam(5000),
  failure_exec_mode: intParam(0),
  faked_reply_prio: intParam(0),
  fr_inv_timer_avp: strParam(""),
  fr_timer_avp: strParam(""),
  local_ack_mode: intParam(0),
  local_cancel_reason: intParam(1),
  on_sl_reply: strParam(""),
  pass_provisional_replies: intParam(0),
  remap_503_500: intParam(1),
  reparse_invite: intParam(1),
  reparse_on_dns_failover: intParam(1),
  reply_relay_mode: intParam(1),
  rich_redirect: intParam(0),
  ruri_matching: intParam(1),
  tw_append: strListParam(),
  unix_tx_timeout: intParam(500),
  unmatched_cancel: intParam(0),
  via1_matching: intParam(1),
  xavp_contact: strParam("ulattrs"),
};

type TmModule = ModuleContext<ParamValues<typeof params>, Tm>;

/** What other modules (tmx, sl, pv) use of tm. */
export interface TmApi {
  /** The route type tm is running for `ctx` (`request` outside tm routes). */
  routeType(ctx: MsgContext): RouteType;
  /** Whether `ctx` has a transaction (Kamailio's `T` set): sl's `send_reply` then replies statefully. */
  hasTransaction(ctx: MsgContext): boolean;
  /** t_reply on the transaction of `ctx` (1 / -1). */
  reply(ctx: MsgContext, code: number, reason: string): number;
  /** Kamailio's `ser_error` after tm's last failure for `ctx` (what `sl_reply_error` reports), 0 when none. */
  lastError(ctx: MsgContext): number;
  /** t_flush_flags: the message flags become the transaction's. */
  flushFlags(ctx: MsgContext): number;
  /** `$T_branch_idx`. */
  branchIndex(ctx: MsgContext): number;
  /** `$T_reply_code`: the reply in onreply_route, the picked one in failure_route, else the last sent upstream; 0 when none. */
  replyCode(ctx: MsgContext): number;
  /** `$T_req(pv)` reads PVs over this context (the transaction's request), null without transaction. */
  requestContext(ctx: MsgContext): MsgContext | null;
  /** `$T_rpl(pv)` reads PVs over this context (the onreply route's reply, failure_route's picked one), else null. */
  replyContext(ctx: MsgContext): MsgContext | null;
  /** `$T_reply_last`: the status the branch of an onreply/failure route had received so far (0 none), null without one. */
  branchLastReceived(ctx: MsgContext): number | null;
  /** `$T(id_label)`: the transaction's label (the random part of its branch ids, like Kamailio's), null without transaction. */
  transactionLabel(ctx: MsgContext): number | null;
  /** t_newtran for the message in `ctx` (`$T(id_label_n)` creates the transaction). */
  newTran(ctx: MsgContext): number;
  /**
   * `$T_inv(pv)` reads PVs over this context when `ctx` is a CANCEL: its INVITE as received (bytes,
   * source, socket and message flags, as tmx copies them), null without INVITE transaction.
   */
  inviteContext(ctx: MsgContext): MsgContext | null;
  /** Registers a TMCB_REQUEST_IN hook (acc): it sees each request that creates a transaction and may return callbacks for it. */
  onRequestIn(hook: RequestInHook): void;
  /** The Kamailio process the current work would run in: "udp" / "tcp" worker, or "timer" (tm's timeouts). */
  processKey(): string;
  /** The to-tag tm last computed for a local reply in `process` (Kamailio's per-process static `tm_tags` buffer), "" when none. */
  lastLocalToTag(process: string): string;
  /** Open transactions. */
  readonly size: number;
}

function tm(m: TmModule): Tm {
  return m.state;
}

/** t_relay_to_proxy_flags: `[proto:]host[:port]` ("" for none); flags 1 no 100 Trying, 2 no internal reply, 4 no DNS failover. */
function relayToProxy(m: TmModule, proxy: string, flags: number): number {
  const ctx = m.msg;
  let p: ReturnType<typeof parseProxy> = null;
  if (proxy !== "") {
    p = parseProxy(proxy);
    if (p === null) {
      m.log.write(LogLevel.ERROR, "<tm> ", `invalid proxy addr parameter <${proxy}>\n`);
      return -1;
    }
  }
  const t = tm(m);
  if ((flags & 1) !== 0) t.setFlag(ctx, T_AUTO_INV_100, false);
  if ((flags & 2) !== 0) t.setFlag(ctx, T_DISABLE_INTERNAL_REPLY, true);
  if ((flags & 4) !== 0) t.setFlag(ctx, T_DISABLE_FAILOVER, true);
  return t.relay(ctx, p === null ? null : { proxy: p, proto: null });
}

/** The transport of t_relay_to_proto*: "" for none; UDP/TCP (any case); others are refused. */
function protoOf(m: TmModule, proto: string): Proto | null | undefined {
  if (proto === "") return null;
  const p = proto.toLowerCase();
  if (p === "udp" || p === "tcp") return p;
  m.log.write(LogLevel.ERROR, "<tm> ", `bad protocol specified <${proto}>\n`);
  return undefined;
}

export default defineModule("tm", {
  params,
  functions: {
    t_newtran: (m: TmModule) => tm(m).newTran(m.msg),
    t_check_trans: (m: TmModule) => tm(m).checkTrans(m.msg),
    t_lookup_request: (m: TmModule) => tm(m).lookupRequest(m.msg),
    t_lookup_cancel: (m: TmModule) => (tm(m).lookupCancel(m.msg.msg) !== null ? 1 : -1),
    t_lookup_cancel_flags: (m: TmModule, flags: number) => {
      const ctx = m.msg;
      const inv = tm(m).lookupCancel(ctx.msg);
      if (inv === null) return -1;
      // 1: the CANCEL takes the INVITE's message flags.
      if (flags !== 0) ctx.flags = inv.msgFlags;
      return 1;
    },
    t_drop_replies: (m: TmModule, mode: string) => tm(m).dropReplies(m.msg, mode),
    t_drop_replies_all: (m: TmModule) => tm(m).dropReplies(m.msg, "a"),
    t_grep_status: (m: TmModule, code: number) => tm(m).grepStatus(m.msg, code),
    t_reply: (m: TmModule, code: number, reason: string) => tm(m).scriptReply(m.msg, code, reason),
    t_send_reply: (m: TmModule, code: number, reason: string) => {
      const t = tm(m);
      const ctx = m.msg;
      if (t.current(ctx) === null && t.newTran(ctx) <= 0) return -1;
      return t.scriptReply(ctx, code, reason);
    },
    t_retransmit_reply: (m: TmModule) => {
      const t = tm(m).current(m.msg);
      return t === null ? -1 : tm(m).retransmitReply(t);
    },
    t_relay: (m: TmModule) => tm(m).relay(m.msg),
    t_relay_to_proxy: (m: TmModule, proxy: string) => relayToProxy(m, proxy, 0),
    t_relay_to_proxy_flags: (m: TmModule, proxy: string, flags: number) => relayToProxy(m, proxy, flags),
    t_relay_to_flags: (m: TmModule, flags: number) => relayToProxy(m, "", flags),
    t_relay_to_proto: (m: TmModule, proto: string) => {
      const p = protoOf(m, proto);
      return p === undefined ? -1 : tm(m).relay(m.msg, { proxy: null, proto: p });
    },
    t_relay_to_proto_addr: (m: TmModule, proto: string, host: string, port: number) => {
      const p = protoOf(m, proto);
      if (p === undefined) return -1;
      if (host === "") return -478;
      return tm(m).relay(m.msg, { proxy: { host, port, proto: null }, proto: p });
    },
    t_release: (m: TmModule) => tm(m).release(m.msg),
    t_on_failure: (m: TmModule, name: string) => tm(m).setRoute(m.msg, "failure", name),
    t_on_branch: (m: TmModule, name: string) => tm(m).setRoute(m.msg, "branch", name),
    t_on_reply: (m: TmModule, name: string) => tm(m).setRoute(m.msg, "reply", name),
    t_is_set: (m: TmModule, target: string) => tm(m).isSet(m.msg, target),
    t_is_canceled: (m: TmModule) => tm(m).isCanceled(m.msg),
    t_check_status: (m: TmModule, re: string) => tm(m).checkStatus(m.msg, re),
    t_branch_timeout: (m: TmModule) => tm(m).branchFlag(m.msg, BRANCH_TIMEOUT, false),
    t_branch_replied: (m: TmModule) => tm(m).branchFlag(m.msg, BRANCH_REPLIED, false),
    t_any_timeout: (m: TmModule) => tm(m).branchFlag(m.msg, BRANCH_TIMEOUT, true),
    t_any_replied: (m: TmModule) => tm(m).branchFlag(m.msg, BRANCH_REPLIED, true),
    t_get_status_code: (m: TmModule) => tm(m).statusCode(m.msg),
    t_get_branch_index: (m: TmModule) => tm(m).branchIndex(m.msg),
    t_set_fr: (m: TmModule, frInv: number, fr: number) => tm(m).setFr(m.msg, frInv, fr),
    t_reset_fr: (m: TmModule) => tm(m).setFr(m.msg, 0, 0),
    t_set_auto_inv_100: (m: TmModule, on: number) => tm(m).setFlag(m.msg, T_AUTO_INV_100, on !== 0),
    t_set_disable_6xx: (m: TmModule, on: number) => tm(m).setFlag(m.msg, T_DISABLE_6XX, on !== 0),
    t_set_disable_failover: (m: TmModule, on: number) => tm(m).setFlag(m.msg, T_DISABLE_FAILOVER, on !== 0),
    t_set_disable_internal_reply: (m: TmModule, on: number) => tm(m).setFlag(m.msg, T_DISABLE_INTERNAL_REPLY, on !== 0),
  },
  init: (m) => {
    const t = new Tm(m.params, m.runtime, m.log);
    m.runtime.setReplyHandler(t.onReply);
    m.runtime.setPostScriptHandler(t.postScript);
    return t;
  },
  destroy: (m: TmModule) => {
    m.runtime.setReplyHandler(null);
    m.runtime.setPostScriptHandler(null);
    m.state.stop();
  },
  api: (m: TmModule): TmApi => {
    const t = m.state;
    // `$T_inv`'s copy of an INVITE, made once per transaction as tmx keeps it.
    const invites = new WeakMap<Transaction, MsgContext | null>();
    const inviteCopy = (inv: Transaction): MsgContext | null => {
      let c = invites.get(inv);
      if (c === undefined) {
        const r = parseMessage(inv.request, { receiveChecks: false });
        c = r.ok ? new MsgContext(r.msg, inv.replyTo.proto, inv.srcAddress, inv.srcPort, inv.replyTo.socket, inv.replyTo.connectionId) : null;
        if (c !== null) c.flags = inv.msgFlags;
        invites.set(inv, c);
      }
      return c;
    };
    return {
      routeType: (ctx) => t.routeType(ctx),
      hasTransaction: (ctx) => t.current(ctx) !== null,
      lastError: (ctx) => t.lastError(ctx),
      reply: (ctx, code, reason) => t.scriptReply(ctx, code, reason),
      flushFlags: (ctx) => {
        const tr = t.current(ctx);
        if (tr === null) return -1;
        tr.msgFlags = ctx.flags;
        return 1;
      },
      branchIndex: (ctx) => t.branchIndex(ctx),
      replyCode: (ctx) => t.replyCode(ctx),
      requestContext: (ctx) => t.requestContextOf(ctx),
      replyContext: (ctx) => t.replyContext(ctx),
      branchLastReceived: (ctx) => {
        const tr = t.current(ctx);
        return tr === null ? null : (tr.branches[t.branchIndex(ctx)]?.lastReceived ?? null);
      },
      transactionLabel: (ctx) => {
        const base = t.current(ctx)?.branchBase;
        return base === undefined ? null : Number.parseInt(base.slice(base.lastIndexOf(".") + 1), 16);
      },
      newTran: (ctx) => t.newTran(ctx),
      inviteContext: (ctx) => {
        const inv = t.lookupCancel(ctx.msg);
        return inv === null ? null : inviteCopy(inv);
      },
      onRequestIn: (hook) => t.onRequestIn(hook),
      processKey: () => t.processKey(),
      lastLocalToTag: (process) => t.lastLocalToTag(process),
      get size() {
        return t.size;
      },
    };
  },
});
