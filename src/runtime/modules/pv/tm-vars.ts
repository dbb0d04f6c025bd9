/**
 * tmx's transaction pseudo-variables (Kamailio's tmx/t_var.c) read over tm's api: `$T_reply_code`,
 * `$T_reply_reason`, `$T_reply_last`, `$T(name)`, and the messages `$T_req(pv)`, `$T_rpl(pv)` and
 * `$T_inv(pv)` read over. A value Kamailio refuses to give (an error in its getter, a name its
 * parser rejects, a route it does not serve) is null.
 */

import type { MsgContext, PvValue } from "../../engine/context.js";
import { errorText } from "../../sip/error-text.js";
import type { TmApi } from "../tm/index.js";

/** What the `$T_*` classes read from tm, when tm is loaded. */
export type TmPvSource = Pick<
  TmApi,
  | "routeType"
  | "hasTransaction"
  | "branchIndex"
  | "replyCode"
  | "requestContext"
  | "replyContext"
  | "branchLastReceived"
  | "transactionLabel"
  | "newTran"
  | "inviteContext"
>;

/** `$T_reply_code`: a reply's own status (core and tm onreply routes), else what tm reports. */
export function replyCode(tm: TmPvSource, ctx: MsgContext): number {
  return ctx.msg.isRequest ? tm.replyCode(ctx) : ctx.msg.status;
}

/**
 * `$T_reply_reason`: the reason of the reply being routed; in failure_route the picked reply's, or
 * error_text of its code when tm made it up (a timeout); "" without transaction; null in request and
 * branch routes once there is one. (In the core reply route Kamailio gives "" for a reply matching no
 * transaction; kemits gives its reason there too.)
 */
export function replyReason(tm: TmPvSource, ctx: MsgContext): PvValue {
  if (!ctx.msg.isRequest) return ctx.msg.reason;
  if (!tm.hasTransaction(ctx)) return "";
  if (tm.routeType(ctx) !== "failure") return null;
  return tm.replyContext(ctx)?.msg.reason ?? errorText(tm.replyCode(ctx));
}

/**
 * `$T_reply_last`: in an onreply route, the branch's last received status, which tm raises to the
 * status of the reply being routed for the route's run (t_reply.c); null elsewhere.
 */
export function replyLast(tm: TmPvSource, ctx: MsgContext): PvValue {
  if (tm.routeType(ctx) !== "onreply") return null;
  const last = tm.branchLastReceived(ctx);
  return last === null ? null : Math.max(last, ctx.msg.status);
}

/**
 * What `$T_req(pv)` reads over: in a reply route (tm's or the core's), the transaction's request;
 * `ctx` is the message the PV is read for, `routed` the message being routed (whose tm state counts).
 */
export function transactionRequest(tm: TmPvSource, ctx: MsgContext, routed: MsgContext): MsgContext | null {
  return ctx.msg.isRequest ? null : tm.requestContext(routed);
}

/** What `$T_rpl(pv)` reads over: in failure_route, the picked reply as received (none after a timeout). */
export function pickedReply(tm: TmPvSource, ctx: MsgContext, routed: MsgContext): MsgContext | null {
  return ctx.msg.isRequest && tm.routeType(routed) === "failure" ? tm.replyContext(routed) : null;
}

/**
 * What `$T_inv(pv)` reads over: when `ctx` is a CANCEL and `routed` (the message being routed, whose
 * tm state counts) is in the request route, the CANCEL's INVITE as received; else nothing.
 */
export function canceledInvite(tm: TmPvSource, ctx: MsgContext, routed: MsgContext): MsgContext | null {
  if (ctx.msg.method !== "CANCEL" || routed.kind !== "request" || tm.routeType(routed) !== "request") return null;
  return tm.inviteContext(ctx);
}

/** `$T(name)` (pv_get_t). */
export function tAttr(tm: TmPvSource, ctx: MsgContext, name: string): PvValue {
  switch (name) {
    case "reply_code":
      return replyCode(tm, ctx);
    case "branch_index":
      return tm.branchIndex(ctx);
    case "reply_reason":
      return replyReason(tm, ctx);
    case "id_index":
    case "id_label":
    case "reply_type":
    case "flags":
    case "uri":
    case "ruid":
      break;
    case "id_index_n":
    case "id_label_n":
      // These two create the transaction when there is none yet.
      if (!tm.hasTransaction(ctx) && (!ctx.msg.isRequest || tm.newTran(ctx) < 0)) return null;
      break;
    default:
      return null;
  }
  if (!tm.hasTransaction(ctx)) return null;
  switch (name) {
    case "id_index":
    case "id_index_n":
      return hashIndex(ctx);
    case "reply_type":
      // 1 when failure_route's picked reply was made up by tm (a timeout).
      return tm.routeType(ctx) === "failure" && tm.replyContext(ctx) === null ? 1 : 0;
    default:
      // id_label, id_label_n, and (as in Kamailio's getter) flags, uri, ruid.
      return tm.transactionLabel(ctx);
  }
}

/**
 * The transaction's slot in Kamailio's table (`hash(callid, cseq_nr)`: get_hash2_raw over the
 * Call-ID and the CSeq number, 16 bits), which every message of the transaction shares.
 */
function hashIndex(ctx: MsgContext): number {
  const msg = ctx.msg;
  let h = 0;
  for (const key of [msg.callId(), msg.cseq()?.numberText ?? ""]) h = hashUpdate(h, key);
  h = (h + (h >>> 11) + ((h >>> 13) + (h >>> 23))) >>> 0;
  return h & 0xffff;
}

/** hash_update_str over latin1 text: big-endian 4-byte words of signed chars, then the tail. */
function hashUpdate(h: number, s: string): number {
  const c = (i: number) => (s.charCodeAt(i) << 24) >> 24;
  let p = 0;
  for (; p + 4 <= s.length; p += 4) {
    const v = ((c(p) << 24) + (c(p + 1) << 16) + (c(p + 2) << 8) + c(p + 3)) >>> 0;
    h = (h + (v ^ (v >>> 3))) >>> 0;
  }
  let v = 0;
  const rest = s.length - p;
  if (rest === 3) v = (c(p) << 16) + (c(p + 1) << 8) + c(p + 2);
  else if (rest === 2) v = (c(p) << 8) + c(p + 1);
  else if (rest === 1) v = c(p);
  v >>>= 0;
  return (h + (v ^ (v >>> 3))) >>> 0;
}
