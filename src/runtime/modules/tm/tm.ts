/**
 * The transaction layer, after Kamailio 5.6.3's tm (`t_lookup.c`, `t_fwd.c`, `t_reply.c`,
 * `timer.c`) and RFC 3261 §17: a table of server transactions (retransmissions absorbed, the
 * last reply re-sent), client branches with the T1/T2 retransmission and final-response timers,
 * best-reply picking, failure/branch/onreply routes, hop-by-hop ACK for negative replies and
 * CANCEL. One instance per runtime (the module's state); script state that Kamailio keeps in
 * process globals (T, the `t_on_*` names set before a transaction exists) lives in `scope`,
 * reset whenever a new message comes through.
 */

import { compilePosix } from "../../../regex/posix.js";
import { E, errorReply } from "../../../semantics/errors.js";
import { MsgContext } from "../../engine/context.js";
import { branchesOf, clearBranches, forcedSocket, ruriPath } from "../../engine/dset.js";
import { bareHost, destinationOfUri, fixedTopVia, ourVia } from "../../engine/forward.js";
import { LogLevel, type Logger } from "../../engine/log.js";
import { withSendTimeHeaders } from "../../engine/send-headers.js";
import type { Destination, LocalSocket, Proto, RuntimeServices } from "../../engine/services.js";
import { buildReply, HeaderKind, MessageEdits, parseMessage, parseUri, type SipMessage } from "../../sip/index.js";
import { ReplyEvent, type RequestInHook } from "./callbacks.js";
import { branchBase, buildLocalRequest, serverKey, splitBranch, tmTagPrefix, tmToTag } from "./messages.js";
import {
  BRANCH_REPLIED,
  BRANCH_TIMEOUT,
  Branch,
  BRANCH_CANCELED,
  FIRST_OF_STEP,
  T_6XX,
  T_AUTO_INV_100,
  T_CANCELED,
  T_DISABLE_6XX,
  T_DISABLE_INTERNAL_REPLY,
  Transaction,
} from "./transaction.js";
import { TimerQueue } from "./timer.js";

/** The modparams tm acts on (the rest are accepted and ignored). */
export interface TmSettings {
  readonly fr_timer: number;
  readonly fr_inv_timer: number;
  readonly wt_timer: number;
  readonly retr_timer1: number;
  readonly retr_timer2: number;
  readonly max_inv_lifetime: number;
  readonly max_noninv_lifetime: number;
  readonly auto_inv_100: number;
  readonly auto_inv_100_reason: string;
  readonly failure_reply_mode: number;
  readonly noisy_ctimer: number;
  readonly relay_100: number;
  readonly e2e_cancel_reason: number;
  readonly restart_fr_on_each_reply: number;
}

export type RouteType = "request" | "failure" | "branch" | "onreply";

const CANCELING = "canceling";
const CANCEL_DONE = "ok -- no more pending branches";
const CANCELED = "Request canceled";

/** Reply priority, lower is better (`get_prio` in t_reply.c). */
function replyPrio(code: number): number {
  const cls = Math.floor(code / 100);
  if (cls >= 7) return 10000 + code;
  const xx = code % 100;
  const base = [32000, 11000, 0, 3000, 4000, 5000, 1000][cls]!;
  if (cls !== 4) return base + xx;
  return base + (xx === 1 || xx === 7 || xx === 15 || xx === 20 || xx === 84 ? xx : 100 + xx);
}

/** Script state of the message being routed (Kamailio's T, tm ctx branch, goto_on_* globals). */
class Scope {
  ctx: MsgContext | null = null;
  t: Transaction | null = null;
  type: RouteType = "request";
  /** `$T_branch_idx`: the branch of a branch/onreply route, the picked one in failure_route. */
  branch = 0;
  /** The reply an onreply route runs for, or the picked final reply in failure_route (`$T_rpl`). */
  reply: SipMessage | null = null;
  /** Picked status in failure_route. */
  code = 0;
  replyCtx: MsgContext | null = null;
  reqCtx: MsgContext | null = null;
  /**
   * The R-URI once used for forking (Kamailio's ruri "consumed" state), null while it is new: in the
   * failure route the R-URI it starts with, after a t_relay the one relayed. Only a changed R-URI
   * makes a new branch then.
   */
  consumedUri: string | null = null;
  onFailure = "";
  onBranch = "";
  onReply = "";
  fr = 0;
  frInv = 0;
  /** `t_set_auto_inv_100(…)`, `t_set_disable_6xx(…)` … before the transaction exists: applied when it is created. */
  flagsOn = 0;
  flagsOff = 0;
  /** A transaction created in this message (released after the route if the script left it). */
  created: Transaction | null = null;
  /** t_relay's error, answered after the route (Kamailio's TM_DELAYED_REPLY) unless replied meanwhile. */
  delayedError = 0;
  /** The last tm error (Kamailio's ser_error after t_relay), 0 when none. */
  lastError = 0;
  /** failure_route: `t_drop_replies(mode)` (0 none, 1 all, 2 up to the last forking step), -1 for `failure_reply_mode`. */
  dropReplies = -1;
}

/** t_relay_to_*: every branch goes to `proxy` when given, over `proto` when given. */
export interface RelayOverride {
  readonly proxy: { readonly host: string; readonly port: number; readonly proto: Proto | null } | null;
  readonly proto: Proto | null;
}

/** One destination to fork to: the R-URI or a branch of the destination set. */
interface Target {
  readonly uri: string;
  readonly dst: string | null;
  readonly path: string | null;
  readonly flags: number;
  readonly socket: LocalSocket | null;
}

export class Tm {
  readonly timers: TimerQueue;
  private readonly byKey: Map<string, Transaction>;
  private readonly byBranch: Map<string, Transaction>;
  private nextId: number;
  private scope: Scope;
  private readonly tagPrefix: string;
  private readonly statusRes: Map<string, RegExp | null>;
  /** TMCB_REQUEST_IN hooks, in registration order. */
  private readonly requestIn: RequestInHook[];
  /**
   * The Kamailio process the current work would run in: the transport of the message being
   * handled ("udp" / "tcp" worker), or "timer" for timeouts. Kamailio's tm keeps the to-tag of its
   * last local reply in a per-process static buffer (`tm_tags`), which acc can end up reading.
   */
  private process: string;
  private readonly lastToTags: Map<string, string>;

  constructor(
    private readonly cfg: TmSettings,
    private readonly runtime: RuntimeServices,
    private readonly log: Logger,
  ) {
    this.timers = new TimerQueue();
    this.byKey = new Map();
    this.byBranch = new Map();
    this.nextId = 1;
    this.scope = new Scope();
    const first = runtime.sockets[0];
    this.tagPrefix = tmTagPrefix(first?.address ?? "127.0.0.1", first?.port ?? 5060);
    this.statusRes = new Map();
    this.requestIn = [];
    this.process = "udp";
    this.lastToTags = new Map();
  }

  /** The Kamailio process the current work would run in (see `process`). */
  processKey(): string {
    return this.process;
  }

  /** The to-tag tm last computed for a local reply in `process` ("" when none yet). */
  lastLocalToTag(process: string): string {
    return this.lastToTags.get(process) ?? "";
  }

  /** t_get_reply_totag: tm's to-tag for replies to `req`, kept as the process's last one. */
  private replyToTag(req: SipMessage): string {
    const tag = tmToTag(this.tagPrefix, req);
    this.lastToTags.set(this.process, tag);
    return tag;
  }

  /** Registers a TMCB_REQUEST_IN hook: it sees every request that creates a transaction. */
  onRequestIn(hook: RequestInHook): void {
    this.requestIn.push(hook);
  }

  /**
   * Runs the transaction's callbacks of one kind for a reply, `picked` being the branch picked for
   * it (-1 when none); returns the message flags they leave.
   */
  private runCallbacks(t: Transaction, kind: "responseOut" | "onFailure", code: number, reply: SipMessage | null, picked: number, flags: number): number {
    let ev: ReplyEvent | null = null;
    for (const cb of t.callbacks ?? []) {
      const run = cb[kind];
      if (run === undefined) continue;
      ev ??= new ReplyEvent(
        t.method,
        code,
        reply,
        t.branches[t.relayedBranch]?.uri ?? null,
        t.branches[picked]?.uri ?? null,
        flags,
        () => this.requestContext(t),
        () => {
          const req = reparse(t.request);
          return req === null ? "" : this.replyToTag(req);
        },
      );
      run(ev);
    }
    return ev === null ? flags : ev.flags;
  }

  /** Open transactions (for tests and the memory benchmark). */
  get size(): number {
    return this.byKey.size;
  }

  stop(): void {
    this.timers.stop();
    this.byKey.clear();
    this.byBranch.clear();
  }

  // ---- script state ---------------------------------------------------------------------------

  /** The scope for `ctx`, fresh when a new message is being routed. */
  private at(ctx: MsgContext): Scope {
    const s = this.scope;
    if (s.ctx === ctx) return s;
    const n = new Scope();
    n.ctx = ctx;
    this.scope = n;
    this.process = ctx.proto;
    return n;
  }

  /** Runs a tm route (`name`) for `ctx` with its own scope, restoring the caller's afterwards. */
  /** Returns the `t_drop_replies` mode the route asked for (-1 when none). */
  private runIn(name: string, ctx: MsgContext, t: Transaction, type: RouteType, branch: number, reply: SipMessage | null, code: number): number {
    const saved = this.scope;
    const s = new Scope();
    s.ctx = ctx;
    s.t = t;
    s.type = type;
    s.branch = branch;
    s.reply = reply;
    s.code = code;
    s.consumedUri = type === "failure" ? ctx.requestUri : null;
    this.scope = s;
    try {
      this.runtime.runRoute(name, ctx);
      return s.dropReplies;
    } finally {
      this.scope = saved;
    }
  }

  /**
   * The engine's post-script hook (Kamailio's t_unref): the delayed error reply of a failed t_relay,
   * and the release of a transaction the script neither relayed nor replied.
   */
  readonly postScript = (ctx: MsgContext): void => {
    const s = this.scope;
    if (s.ctx !== ctx) return;
    const t = s.t;
    if (t === null) return;
    if (s.delayedError !== 0) {
      const [code, reason] = errorReply(s.delayedError, "TM");
      if (t.uasStatus >= 200 || this.localReply(t, code, reason, null, ctx.msg.buf === t.request ? ctx.msg : null) < 0) this.releaseTransaction(t);
    } else if (s.created === t && t.uasStatus === 0 && t.branches.length === 0) {
      this.log.write(LogLevel.WARNING, "<tm> ", "script writer didn't release transaction\n");
      this.releaseTransaction(t);
    }
  };

  /** Kamailio's ser_error as tm left it for this message (for `sl_reply_error`), 0 when none. */
  lastError(ctx: MsgContext): number {
    return this.at(ctx).lastError;
  }

  routeType(ctx: MsgContext): RouteType {
    return this.at(ctx).type;
  }

  /** The transaction of the message in `ctx` (T), null when none is established. */
  current(ctx: MsgContext): Transaction | null {
    return this.at(ctx).t;
  }

  branchIndex(ctx: MsgContext): number {
    return this.at(ctx).branch;
  }

  /** What `$T_req(pv)` reads PVs over: the request itself in request/branch/failure routes, a copy in onreply_route. */
  requestContextOf(ctx: MsgContext): MsgContext | null {
    const s = this.at(ctx);
    if (s.t === null) return null;
    if (s.type !== "onreply") return ctx;
    if (s.reqCtx === null) s.reqCtx = this.requestContext(s.t);
    return s.reqCtx;
  }

  /**
   * What `$T_rpl(pv)` reads PVs over: the reply itself in onreply_route, the picked reply (as
   * received from its branch) in failure_route; null elsewhere or after a timeout.
   */
  replyContext(ctx: MsgContext): MsgContext | null {
    const s = this.at(ctx);
    if (s.type === "onreply") return ctx;
    if (s.type !== "failure" || s.reply === null || s.t === null) return null;
    if (s.replyCtx === null) {
      const b = s.t.branches[s.branch];
      if (b === undefined) return null;
      s.replyCtx = new MsgContext(s.reply, b.dest.proto, b.dest.address, b.dest.port, b.socket, null);
    }
    return s.replyCtx;
  }

  /** t_on_failure / t_on_branch / t_on_reply: on T when it exists, else for the next one. */
  setRoute(ctx: MsgContext, which: "failure" | "branch" | "reply", name: string): number {
    const s = this.at(ctx);
    const t = s.t;
    if (which === "failure") {
      if (t !== null) t.onFailure = name;
      else s.onFailure = name;
    } else if (which === "branch") {
      if (t !== null) t.onBranch = name;
      else s.onBranch = name;
    } else if (t !== null) t.onReply = name;
    else s.onReply = name;
    return 1;
  }

  /** t_is_set("failure_route" | "branch_route" | "onreply_route"). */
  isSet(ctx: MsgContext, target: string): number {
    const s = this.at(ctx);
    const t = s.t;
    let name: string;
    switch (target) {
      case "failure_route":
        name = t?.onFailure ?? s.onFailure;
        break;
      case "branch_route":
        name = t?.onBranch ?? s.onBranch;
        break;
      case "onreply_route":
        name = t?.onReply ?? s.onReply;
        break;
      default:
        this.log.write(LogLevel.ERROR, "<tm> ", `invalid target: ${target}\n`);
        return -1;
    }
    return name !== "" ? 1 : -1;
  }

  /** t_set_fr(fr_inv, fr) in ms; 0 keeps the default. */
  setFr(ctx: MsgContext, frInv: number, fr: number): number {
    const s = this.at(ctx);
    if (s.t !== null) {
      s.t.frInvTimeout = frInv;
      s.t.frTimeout = fr;
    } else {
      s.frInv = frInv;
      s.fr = fr;
    }
    return 1;
  }

  /** t_set_auto_inv_100, t_set_disable_6xx, …: on T, or for the transaction this message creates. */
  setFlag(ctx: MsgContext, flag: number, on: boolean): number {
    const s = this.at(ctx);
    const t = s.t;
    if (t !== null) t.flags = on ? t.flags | flag : t.flags & ~flag;
    else if (on) {
      s.flagsOn |= flag;
      s.flagsOff &= ~flag;
    } else {
      s.flagsOff |= flag;
      s.flagsOn &= ~flag;
    }
    return 1;
  }

  // ---- server side ----------------------------------------------------------------------------

  /** t_newtran: 1 created (or an ACK without transaction), 0 retransmission absorbed, < 0 error. */
  newTran(ctx: MsgContext): number {
    const s = this.at(ctx);
    if (s.t !== null) {
      s.t.msgFlags = ctx.flags;
      this.log.write(LogLevel.NOTICE, "<tm> ", "transaction already in process\n");
      return E.SCRIPT;
    }
    const msg = ctx.msg;
    if (!msg.isRequest) return E.UNSPEC;
    const key = serverKey(msg);
    if (key === null) return E.BAD_REQ;
    const found = this.byKey.get(key);
    if (found !== undefined) {
      if (isE2eAck(msg, found)) return 1;
      if (msg.method === "ACK") this.ackReceived(found);
      else this.retransmitReply(found);
      return 0;
    }
    if (msg.method === "ACK") return 1;
    s.t = this.create(ctx, key, s);
    s.created = s.t;
    return 1;
  }

  private create(ctx: MsgContext, key: string, s: Scope): Transaction {
    const id = this.nextId++;
    const msg = ctx.msg;
    const req = {
      method: msg.method,
      // A TCP message is a slice of the connection's read buffer: keep a copy of its own.
      request: ctx.proto === "udp" ? msg.buf : Buffer.from(msg.buf),
      base: ctx.edits.changed ? ctx.edits.serialize() : null,
      replyTo: this.runtime.replyDestination(ctx),
      srcAddress: ctx.srcAddress,
      srcPort: ctx.srcPort,
      forceRport: ctx.forceRport,
      ruri: ctx.requestUri,
      dstUri: ctx.dstUri,
      avps: ctx.avps,
      xavps: ctx.xavps,
      flags: ctx.flags,
    };
    const t: Transaction = new Transaction(
      key,
      branchBase(id, (Math.random() * 0xffffffff) >>> 0),
      req,
      () => this.uasRetransmit(t),
      () => this.delete(t),
    );
    t.onFailure = s.onFailure;
    t.onBranch = s.onBranch;
    t.onReply = s.onReply;
    t.frTimeout = s.fr;
    t.frInvTimeout = s.frInv;
    if (this.cfg.auto_inv_100 !== 0) t.flags |= T_AUTO_INV_100;
    t.flags = (t.flags | s.flagsOn) & ~s.flagsOff;
    this.byKey.set(key, t);
    this.byBranch.set(t.branchBase, t);
    // End of life even if nothing ever completes it (max_inv_lifetime / max_noninv_lifetime).
    this.timers.schedule(t.waitTimer, t.isInvite ? this.cfg.max_inv_lifetime : this.cfg.max_noninv_lifetime);
    for (const hook of this.requestIn) {
      const cb = hook(ctx);
      if (cb === null) continue;
      if (t.callbacks === null) t.callbacks = [cb];
      else t.callbacks.push(cb);
    }
    return t;
  }

  /**
   * t_check_trans: 1 for a reply or CANCEL of a known transaction (and in tm routes), 0 when a
   * retransmission or an ACK to a negative reply was absorbed, -1 otherwise.
   */
  checkTrans(ctx: MsgContext): number {
    const s = this.at(ctx);
    if (s.type !== "request") return 1;
    const msg = ctx.msg;
    if (!msg.isRequest) return this.matchReply(msg) !== null ? 1 : -1;
    if (msg.method === "CANCEL") return this.lookupCancel(msg) !== null ? 1 : -1;
    const key = serverKey(msg);
    const t = key === null ? undefined : this.byKey.get(key);
    if (t === undefined) return -1;
    if (isE2eAck(msg, t)) return 1;
    if (msg.method === "ACK") this.ackReceived(t);
    else this.retransmitReply(t);
    return 0;
  }

  /** t_lookup_request: 1 when the request belongs to a transaction (nothing is re-sent), else -1. */
  lookupRequest(ctx: MsgContext): number {
    const msg = ctx.msg;
    const key = msg.isRequest ? serverKey(msg) : null;
    return key !== null && this.byKey.has(key) ? 1 : -1;
  }

  /** t_lookup_cancel: the INVITE transaction a CANCEL is for. */
  lookupCancel(msg: SipMessage): Transaction | null {
    if (msg.method !== "CANCEL") return null;
    const key = serverKey(msg, "INVITE");
    return (key === null ? undefined : this.byKey.get(key)) ?? null;
  }

  /** t_retransmit_reply: the last reply sent upstream, again. */
  retransmitReply(t: Transaction): number {
    if (t.uasReply === null) return -1;
    return this.runtime.sendReplyTo(t.replyTo, t.uasReply) ? 1 : -1;
  }

  /** An ACK for a negative final reply (t_release_transaction): the reply is no longer retransmitted. */
  private ackReceived(t: Transaction): void {
    if (t.uasStatus >= 300) this.releaseTransaction(t);
  }

  /** t_reply from the script: needs a transaction; in failure_route it replies to the original request. */
  scriptReply(ctx: MsgContext, code: number, reason: string): number {
    const t = this.at(ctx).t;
    if (t === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", "cannot send a t_reply to a message for which no T-state has been established\n");
      return -1;
    }
    const s = this.scope;
    // In the request route the message is the request itself; elsewhere it is parsed again.
    const req = s.type === "request" && ctx.msg.buf === t.request ? ctx.msg : null;
    // In failure_route the picked branch stays the one the route runs for (t_get_picked_branch).
    return this.localReply(t, code, reason, ctx.replyHeaders, req, -2, s.type === "failure" ? s.branch : -1);
  }

  /**
   * _reply: a locally generated reply on the server side of `t`. `relayed` is the branch it stands
   * for when it is relayed in a branch's name (a timeout), -2 for tm's own; `picked` the picked branch.
   */
  localReply(t: Transaction, code: number, reason: string, headers: readonly string[] | null = null, parsed: SipMessage | null = null, relayed = -2, picked = -1): number {
    if (code < 100 || code > 699) return -1;
    if (t.uasStatus >= 200) {
      this.log.write(LogLevel.ERROR, "<tm> ", `can't generate ${code} reply when a final ${t.uasStatus} was sent out\n`);
      return -1;
    }
    const req = parsed ?? reparse(t.request);
    if (req === null) return -1;
    const bytes = buildReply(req, code, reason, {
      source: { address: t.srcAddress, port: t.srcPort },
      // Computed (and kept as the process's last) only when the reply gets one, as in _reply.
      toTag: code >= 180 && req.to()?.tag === "" ? this.replyToTag(req) : "",
      forceRport: t.forceRport,
      serverHeader: this.runtime.serverHeader,
      ...(headers !== null ? { headers } : {}),
    });
    if (bytes === null) return -1;
    this.sendUpstream(t, code, bytes, null, relayed, picked);
    return 1;
  }

  /**
   * Sends a reply upstream and moves the server side on: stored for retransmission, timers for
   * finals. `reply` is the relayed reply (null for tm's own), `relayed` the branch it is relayed
   * for (-2 for tm's own replies), `picked` the branch picked for it (-1 when none).
   */
  private sendUpstream(t: Transaction, code: number, bytes: Buffer, reply: SipMessage | null, relayed: number, picked: number): void {
    const wasFinal = t.uasStatus >= 200;
    t.uasReply = bytes;
    if (!wasFinal) t.uasStatus = code;
    t.relayedBranch = relayed;
    this.runtime.sendReplyTo(t.replyTo, bytes);
    // TMCB_RESPONSE_OUT: relayed replies, and tm's own from 200 on.
    if (t.callbacks !== null && !wasFinal && (reply !== null || code >= 200)) {
      t.msgFlags = this.runCallbacks(t, "responseOut", code, reply, picked, t.msgFlags);
    }
    if (code < 200 || wasFinal) return;
    for (const b of t.branches) {
      this.timers.cancel(b.retrTimer);
      this.timers.cancel(b.frTimer);
      // Stored replies were only needed for picking and the failure route.
      b.reply = null;
      b.replyBytes = null;
    }
    if (t.isInvite && code >= 300 && t.replyTo.proto === "udp") {
      // Timer G until the ACK (or timer H, fr_timer), but never beyond the wait timer below.
      t.uasRetrInterval = this.cfg.retr_timer1;
      t.uasRetrEnd = Date.now() + this.cfg.fr_timer;
      this.timers.schedule(t.uasRetrTimer, t.uasRetrInterval);
    }
    // set_final_timer: the transaction is freed wt_timer after its final reply, ACKed or not.
    this.putOnWait(t);
  }

  private uasRetransmit(t: Transaction): void {
    if (t.uasReply === null || Date.now() >= t.uasRetrEnd) return;
    this.runtime.sendReplyTo(t.replyTo, t.uasReply);
    t.uasRetrInterval = Math.min(t.uasRetrInterval * 2, this.cfg.retr_timer2);
    this.timers.schedule(t.uasRetrTimer, t.uasRetrInterval);
  }

  /**
   * put_on_wait: the transaction is freed `wt_timer` from now, absorbing retransmissions until then;
   * only the first call counts (Kamailio never re-arms a wait timer).
   */
  private putOnWait(t: Transaction): void {
    if (t.waiting) return;
    t.waiting = true;
    this.timers.schedule(t.waitTimer, this.cfg.wt_timer);
  }

  /** t_release_transaction: reply retransmissions and branch timers stop, then put_on_wait. */
  private releaseTransaction(t: Transaction): void {
    this.timers.cancel(t.uasRetrTimer);
    for (const b of t.branches) {
      this.timers.cancel(b.retrTimer);
      this.timers.cancel(b.frTimer);
    }
    this.putOnWait(t);
  }

  private delete(t: Transaction): void {
    this.timers.cancel(t.uasRetrTimer);
    for (const b of t.branches) {
      this.timers.cancel(b.retrTimer);
      this.timers.cancel(b.frTimer);
    }
    if (this.byKey.get(t.key) === t) this.byKey.delete(t.key);
    if (this.byBranch.get(t.branchBase) === t) this.byBranch.delete(t.branchBase);
    if (this.scope.created === t) this.scope.created = null;
  }

  /** t_release. */
  release(ctx: MsgContext): number {
    const t = this.at(ctx).t;
    if (t === null) return -1;
    this.releaseTransaction(t);
    return 1;
  }

  // ---- relaying ---------------------------------------------------------------------------------

  /** t_relay: stateful forwarding of the request in `ctx` (or new branches from failure_route). */
  relay(ctx: MsgContext, override: RelayOverride | null = null): number {
    const s = this.at(ctx);
    const msg = ctx.msg;
    if (s.type === "failure" && s.t !== null) {
      const r = this.forwardNonAck(s.t, ctx, s, override);
      if (r > 0) return 1;
      this.log.write(LogLevel.ERROR, "<tm> ", "t_forward_noack failed\n");
      s.lastError = r;
      return -1;
    }
    if (s.type !== "request") return -1;
    if (msg.method === "CANCEL") return this.forwardCancel(ctx, s, override);
    const nt = this.newTran(ctx);
    if (nt !== E.SCRIPT) {
      if (nt < 0) return nt;
      if (nt === 0) return 1;
    } else if (msg.method === "ACK") {
      if (s.t !== null) this.ackReceived(s.t);
      return 1;
    }
    if (msg.method === "ACK") return this.runtime.forwardRequest(ctx); // e2e ACK: stateless
    const t = s.t!;
    if (t.isInvite && (t.flags & T_AUTO_INV_100) !== 0 && t.uasStatus < 100) {
      this.localReply(t, 100, this.cfg.auto_inv_100_reason, null, msg);
    }
    return this.forwarded(s, t, this.forwardNonAck(t, ctx, s, override));
  }

  /** A request-route forward's result: on failure the error reply waits for the end of the route. */
  private forwarded(s: Scope, t: Transaction, r: number): number {
    if (r > 0) return 1;
    s.lastError = r;
    if ((t.flags & T_DISABLE_INTERNAL_REPLY) !== 0) return -4;
    s.delayedError = r;
    return r;
  }

  /**
   * t_forward_nonack: one branch for the R-URI unless it was consumed (already forked to, or the
   * failure route's starting R-URI), one per destination-set branch, each run through the armed
   * branch route (which this disarms), then sent. 1 when a branch went out, else an error code.
   */
  private forwardNonAck(t: Transaction, ctx: MsgContext, s: Scope, override: RelayOverride | null): number {
    if ((t.flags & T_CANCELED) !== 0) return E.CANCELED;
    const base = ctx.edits.changed ? reparse(ctx.edits.serialize()) : ctx.msg;
    if (base === null) return E.BAD_REQ;
    const branchRoute = t.onBranch;
    t.onBranch = "";
    const consumed = s.consumedUri;
    s.consumedUri = ctx.requestUri;
    const wanted: Target[] = [];
    if (consumed === null || ctx.requestUri !== consumed) {
      wanted.push({ uri: ctx.requestUri, dst: ctx.dstUri, path: ruriPath(ctx), flags: ctx.branchFlags, socket: forcedSocket(ctx) });
    }
    for (const b of branchesOf(ctx)) wanted.push({ uri: b.uri, dst: b.dstUri, path: b.path, flags: b.flags, socket: b.socket });
    clearBranches(ctx);
    if (wanted.length === 0) {
      this.log.write(LogLevel.ERROR, "<tm> ", "no branches for forwarding\n");
      return E.CFG;
    }
    let lowest = 0;
    const added: Branch[] = [];
    for (const w of wanted) {
      const r = this.addBranch(t, ctx, base, w, branchRoute, override);
      if (typeof r === "number") lowest = Math.min(lowest, r);
      else added.push(r);
    }
    if (added.length === 0) return lowest < 0 ? lowest : E.CFG;
    added[0]!.flags |= FIRST_OF_STEP;
    let sent = 0;
    for (const b of added) {
      if (this.sendBranch(t, b, ctx)) sent++;
      // Not sent (onsend_route dropped it, or the send failed): a final status with no reply, never picked.
      else b.lastReceived = 408;
    }
    return sent === 0 ? E.SEND : 1;
  }

  /** add_uac: runs branch_route on a copy of the request, builds the branch's bytes. */
  private addBranch(t: Transaction, ctx: MsgContext, base: SipMessage, target: Target, branchRoute: string, override: RelayOverride | null): Branch | number {
    const index = t.branches.length;
    let uri = target.uri;
    let dst = target.dst;
    let bflags = target.flags;
    let bctx: MsgContext | null = null;
    if (branchRoute !== "" && this.runtime.hasRoute(branchRoute)) {
      bctx = new MsgContext(base, t.replyTo.proto, t.srcAddress, t.srcPort, t.replyTo.socket, t.replyTo.connectionId);
      bctx.flags = ctx.flags;
      bctx.branchFlags = target.flags;
      bctx.avps = ctx.avps;
      bctx.xavps = ctx.xavps;
      bctx.forceRport = ctx.forceRport;
      bctx.forwardNoConnect = ctx.forwardNoConnect;
      bctx.forwardClose = ctx.forwardClose;
      bctx.setRequestUri(uri);
      bctx.dstUri = dst;
      this.runIn(branchRoute, bctx, t, "branch", index, null, 0);
      ctx.flags = bctx.flags;
      t.msgFlags = bctx.flags;
      if (bctx.dropped) return E.CFG;
      uri = bctx.requestUri;
      dst = bctx.dstUri;
      bflags = bctx.branchFlags;
    }
    const dest = this.nextHop(dst ?? uri, override);
    if (dest === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", `bad destination ${dst ?? uri}\n`);
      return E.BAD_ADDRESS;
    }
    const sock = target.socket !== null && target.socket.proto === dest.proto ? target.socket : this.runtime.sendSocket(t.replyTo, dest);
    if (sock === undefined) {
      this.log.write(LogLevel.ERROR, "<tm> ", `no ${dest.proto} socket to send to ${dest.address}\n`);
      return E.SEND;
    }
    const edits = bctx?.edits ?? new MessageEdits(base);
    if (uri !== base.requestUri) edits.setRequestUri(uri);
    const top = fixedTopVia(base, t.srcAddress, t.srcPort, t.forceRport);
    if (top !== null) edits.setHeaderValue(top.header, top.value);
    edits.insertVia(ourVia(sock, dest.proto, `${t.branchBase}.${index}`));
    if (target.path !== null && target.path !== "") {
      // The Path vector becomes a Route line before the first Route (else right after our Via).
      const route = base.firstOfKind(HeaderKind.Route);
      const via = base.firstOfKind(HeaderKind.Via);
      edits.addHeaderLine(`Route: ${target.path}`, route !== undefined ? { before: route } : via !== undefined ? { before: via } : "top");
    }
    const b = new Branch(
      index,
      uri,
      dest,
      sock,
      this.sendTimeHeaders(t, ctx, bctx, sock, dest.proto, edits.serialize()),
      bflags,
      t.onReply,
      () => this.retransmitBranch(t, b),
      () => this.branchTimeout(t, b),
    );
    t.branches.push(b);
    return b;
  }

  /** Where a branch goes: its `$du` or R-URI, or the proxy of t_relay_to_*, over the forced transport if any. */
  private nextHop(uri: string, override: RelayOverride | null): Destination | null {
    const proxy = override?.proxy ?? null;
    if (proxy !== null) return { proto: override?.proto ?? proxy.proto ?? "udp", address: bareHost(proxy.host), port: proxy.port || 5060 };
    const next = parseUri(uri);
    const dest = destinationOfUri(next.ok ? next.uri : null);
    const proto = override?.proto ?? null;
    return dest === null || proto === null ? dest : { ...dest, proto };
  }

  /**
   * Header lines only known at send time (Record-Route with the sending address): built for the
   * request (`ctx`) and the branch route's copy. The request's lines are remembered, so branches
   * a failure route adds later (when the request's context is gone) get the same lines.
   */
  private sendTimeHeaders(t: Transaction, ctx: MsgContext, bctx: MsgContext | null, sock: LocalSocket, proto: Proto, bytes: Buffer): Buffer {
    let out = withSendTimeHeaders(ctx, sock, proto, bytes);
    if (out !== bytes && t.sendTimeLines === null) {
      const eol = bytes.indexOf(0x0a) + 1;
      t.sendTimeLines = Buffer.from(out.subarray(eol, eol + out.length - bytes.length));
    } else if (out === bytes && t.sendTimeLines !== null && ctx.msg.buf !== t.request) {
      const eol = bytes.indexOf(0x0a) + 1;
      out = Buffer.concat([bytes.subarray(0, eol), t.sendTimeLines, bytes.subarray(eol)]);
    }
    return bctx === null ? out : withSendTimeHeaders(bctx, sock, proto, out);
  }

  private sendBranch(t: Transaction, b: Branch, ctx: MsgContext): boolean {
    if (!this.runtime.runOnSend(ctx, b.dest, b.request)) return false;
    if (!this.runtime.sendTo(b.dest, b.request, b.socket, ctx.forwardNoConnect, ctx.forwardClose)) return false;
    if (b.dest.proto === "udp") {
      b.retrInterval = this.cfg.retr_timer1;
      this.timers.schedule(b.retrTimer, b.retrInterval);
    }
    this.timers.schedule(b.frTimer, t.frTimeout > 0 ? t.frTimeout : this.cfg.fr_timer);
    return true;
  }

  /**
   * Timers A / E: INVITE doubles without bound, non-INVITE caps at T2 (and stays there after a 1xx);
   * a sent CANCEL is retransmitted like a non-INVITE request instead.
   */
  private retransmitBranch(t: Transaction, b: Branch): void {
    const cancel = b.cancel;
    this.runtime.sendTo(b.dest, cancel ?? b.request, b.socket, false, false);
    b.retrInterval = t.isInvite && cancel === null ? b.retrInterval * 2 : Math.min(b.retrInterval * 2, this.cfg.retr_timer2);
    this.timers.schedule(b.retrTimer, b.retrInterval);
  }

  /**
   * Timers B / F (fr_timer, fr_inv_timer), Kamailio's fake_reply: a local 408 for the branch goes
   * through reply processing, then a ringing INVITE branch gets its CANCEL. With `noisy_ctimer`
   * off, a lone INVITE branch without failure route just ends silently.
   */
  private branchTimeout(t: Transaction, b: Branch): void {
    this.process = "timer";
    this.timers.cancel(b.retrTimer);
    if (b.lastReceived >= 200) return; // the final-response timer of a CANCEL sent after the branch completed
    if (this.cfg.noisy_ctimer === 0 && t.isInvite && t.branches.length === 1 && t.onFailure === "") {
      this.putOnWait(t);
      return;
    }
    const ringing = t.isInvite && b.lastReceived >= 100 && b.lastReceived < 200 && b.cancel === null;
    // Marked canceled either way: a late 1xx on this branch gets a CANCEL.
    b.flags |= BRANCH_TIMEOUT | BRANCH_CANCELED;
    this.relayReply(t, b, 408, null, null);
    if (ringing) this.sendCancel(b, []);
  }

  // ---- replies from downstream ------------------------------------------------------------------

  /** The transaction and branch a reply belongs to (RFC 3261 17.1.3: branch and CSeq method). */
  private matchReply(msg: SipMessage): { t: Transaction; b: Branch } | null {
    const via = msg.via();
    const split = via === null ? null : splitBranch(via.branch);
    if (split === null) return null;
    const t = this.byBranch.get(split.base);
    const b = t?.branches[split.index];
    if (t === undefined || b === undefined) return null;
    const method = msg.cseq()?.method;
    if (method !== t.method && method !== "CANCEL") return null;
    return { t, b };
  }

  /** The engine's reply hook: true when the reply belonged to a transaction (tm relays or absorbs it). */
  readonly onReply = (ctx: MsgContext): boolean => {
    this.process = ctx.proto;
    const msg = ctx.msg;
    const match = this.matchReply(msg);
    if (match === null) return false;
    const { t, b } = match;
    const code = msg.status;
    // A reply to our own CANCEL ends there (and its retransmissions).
    if (msg.cseq()?.method === "CANCEL" && t.method !== "CANCEL") {
      if (b.cancel !== null) this.timers.cancel(b.retrTimer);
      return true;
    }
    if (code < 200 && (b.flags & BRANCH_CANCELED) !== 0) {
      // A canceled branch answers: its CANCEL goes now (or again); the reply itself ends here.
      this.cancelOnProvisional(t, b);
      return true;
    }
    if (code < 200) {
      if (t.isInvite) {
        this.timers.cancel(b.retrTimer);
        if (b.lastReceived < 100 || this.cfg.restart_fr_on_each_reply !== 0) {
          this.timers.schedule(b.frTimer, t.frInvTimeout > 0 ? t.frInvTimeout : this.cfg.fr_inv_timer);
        }
      } else if (b.retrTimer.pending) {
        b.retrInterval = this.cfg.retr_timer2;
        this.timers.schedule(b.retrTimer, b.retrInterval);
      }
    } else {
      this.timers.cancel(b.retrTimer);
      this.timers.cancel(b.frTimer);
      if (t.isInvite && code >= 300) {
        const ack = buildLocalRequest(b.request, "ACK", msg);
        if (ack !== null) this.runtime.sendTo(b.dest, ack, b.socket, false, false);
      }
    }
    // The onreply route armed when the branch was created (uac->on_reply).
    const route = b.onReply;
    if (route !== "" && this.runtime.hasRoute(route)) {
      // The route sees the transaction's message flags and the branch's flags, and may change them.
      ctx.flags = t.msgFlags;
      ctx.branchFlags = b.bflags;
      this.runIn(route, ctx, t, "onreply", b.index, msg, code);
      t.msgFlags = ctx.flags;
      b.bflags = ctx.branchFlags;
      if (ctx.dropped && code < 200) return true;
    }
    ctx.edits.stripTopVia();
    this.relayReply(t, b, code, msg, ctx.edits.serialize());
    // Marked only now, as Kamailio does: a failure route run by this very reply sees it unmarked.
    b.flags |= BRANCH_REPLIED;
    return true;
  };

  /**
   * t_should_relay_response + relay_reply: decides whether this reply (or a timeout, `reply` null)
   * goes upstream now, is stored for picking, or is discarded; runs failure_route when the best
   * final reply is known and is negative.
   */
  private relayReply(t: Transaction, b: Branch, code: number, reply: SipMessage | null, bytes: Buffer | null): void {
    const invThrough = code >= 200 && code < 300 && t.isInvite;
    if (t.uasStatus >= 200) {
      if (invThrough && bytes !== null) {
        b.lastReceived = code;
        this.runtime.sendReplyTo(t.replyTo, bytes);
      }
      return;
    }
    if (b.lastReceived >= 200 && !(invThrough && b.lastReceived < 300)) return;
    if (code >= 300) {
      b.lastReceived = code;
      b.reply = reply;
      b.replyBytes = bytes;
      let picked = this.pick(t, b.index, code);
      if (picked === -2) {
        if (code >= 600 && (t.flags & (T_6XX | T_DISABLE_6XX)) === 0) {
          t.flags |= T_6XX;
          this.cancelPending(t, [`Reason: SIP;cause=${code}`]);
        }
        return;
      }
      const count = t.branches.length;
      t.flags &= ~T_6XX;
      let dropped = false;
      const route = t.onFailure !== "" && this.runtime.hasRoute(t.onFailure);
      // Failure handlers run for a failure route, or for TMCB_ON_FAILURE callbacks alone.
      if (route || t.callbacks?.some((cb) => cb.onFailure !== undefined)) {
        const asked = this.runFailure(t, picked, route);
        const mode = asked >= 0 ? asked : this.cfg.failure_reply_mode;
        if ((mode === 3 && count < t.branches.length) || (mode !== 0 && mode !== 3)) {
          // Mode 2 keeps the replies of forking steps before the last one.
          let from = 0;
          if (mode === 2) {
            from = count - 1;
            while (from > 0 && (t.branches[from]!.flags & FIRST_OF_STEP) === 0) from--;
          }
          for (let i = from; i < count; i++) {
            const x = t.branches[i]!;
            x.reply = null;
            x.replyBytes = null;
          }
          dropped = true;
        }
      }
      if (t.uasStatus >= 200) return;
      if (count < t.branches.length) {
        // The failure route added branches: they may have completed already (failed sends).
        const again = this.pick(t, dropped ? -1 : b.index, code);
        if (again === -2) return;
        if (again >= 0) picked = again;
        else if (dropped) {
          this.branchesFailed(t);
          return;
        }
      } else if (dropped) {
        this.branchesFailed(t);
        return;
      }
      this.sendPicked(t, picked);
      return;
    }
    b.lastReceived = code;
    if (bytes !== null && (code !== 100 || this.cfg.relay_100 !== 0)) this.sendUpstream(t, code, bytes, reply, b.index, b.index);
    if (code >= 200) this.cancelPending(t, ['Reason: SIP;cause=200;text="Call completed elsewhere"']);
  }

  /** Relays the picked branch's reply, or a local reply for a branch that timed out. */
  private sendPicked(t: Transaction, picked: number): void {
    const pb = t.branches[picked];
    if (pb === undefined) return;
    if (pb.replyBytes !== null) this.sendUpstream(t, pb.lastReceived, pb.replyBytes, pb.reply, picked, picked);
    else this.localReply(t, pb.lastReceived, pb.lastReceived === 408 ? "Request Timeout" : pb.lastReceived === 487 ? CANCELED : "Server Internal Error", null, null, picked, picked);
  }

  private branchesFailed(t: Transaction): void {
    const [code, reason] = errorReply(E.UNSPEC, "TM");
    this.localReply(t, code, reason);
  }

  /** t_pick_branch: the best completed branch, -2 while some branch is still open. */
  private pick(t: Transaction, current: number, code: number): number {
    let best = -1;
    let bestPrio = replyPrio(0);
    for (const b of t.branches) {
      if (b.index === current) {
        const p = replyPrio(code);
        if (p < bestPrio) {
          best = b.index;
          bestPrio = p;
        }
        continue;
      }
      if (b.lastReceived < 200) return -2;
      // A faked reply (timeout, failed send) on another branch is not picked.
      if (b.reply === null) continue;
      const p = replyPrio(b.lastReceived);
      if (p < bestPrio) {
        best = b.index;
        bestPrio = p;
      }
    }
    return best;
  }

  /** A context over the transaction's request (edits of the request route applied): the failure route's faked request, `$T_req`. */
  requestContext(t: Transaction): MsgContext | null {
    const msg = reparse(t.base);
    if (msg === null) return null;
    const ctx = new MsgContext(msg, t.replyTo.proto, t.srcAddress, t.srcPort, t.replyTo.socket, t.replyTo.connectionId);
    ctx.flags = t.msgFlags;
    ctx.forceRport = t.forceRport;
    ctx.avps = t.avps;
    ctx.xavps = t.xavps;
    ctx.dstUri = t.dstUri;
    if (t.ruri !== msg.requestUri) ctx.setRequestUri(t.ruri);
    return ctx;
  }

  /**
   * run_failure_handlers: the TMCB_ON_FAILURE callbacks, then (when `route`) the failure route on a
   * copy of the request, once per arming. Returns what `t_drop_replies` asked for (-1 when nothing).
   */
  private runFailure(t: Transaction, picked: number, route: boolean): number {
    const name = t.onFailure;
    if (route) t.onFailure = "";
    const faked = this.requestContext(t);
    if (faked === null) return -1;
    const pb = t.branches[picked];
    const code = pb?.lastReceived ?? 0;
    if (t.callbacks !== null) faked.flags = this.runCallbacks(t, "onFailure", code, pb?.reply ?? null, picked, faked.flags);
    let drop = -1;
    if (route) {
      faked.branchFlags = pb?.bflags ?? 0;
      drop = this.runIn(name, faked, t, "failure", picked, pb?.reply ?? null, code);
    }
    t.msgFlags = faked.flags;
    return drop;
  }

  // ---- CANCEL -----------------------------------------------------------------------------------

  /** t_relay of a CANCEL: e2e cancel of the INVITE's branches (hop by hop), 200 to the CANCEL. */
  private forwardCancel(ctx: MsgContext, s: Scope, override: RelayOverride | null): number {
    const inv = this.lookupCancel(ctx.msg);
    const nt = this.newTran(ctx);
    if (nt === 0) return 1;
    if (nt < 0 && nt !== E.SCRIPT) return nt;
    const tc = s.t!;
    if (inv === null) return this.forwarded(s, tc, this.forwardNonAck(tc, ctx, s, override));
    inv.flags |= T_CANCELED;
    const open = inv.branches.filter((b) => b.lastReceived < 200);
    if (open.length === 0) {
      this.localReply(inv, 487, CANCELED);
      this.localReply(tc, 200, CANCEL_DONE, null, ctx.msg);
      return 1;
    }
    const buf = ctx.msg.buf;
    const reasons = this.cfg.e2e_cancel_reason !== 0 ? ctx.msg.headersNamed("Reason").map((h) => buf.toString("latin1", h.start, h.end).replace(/\r?\n$/, "")) : [];
    inv.cancelReason = reasons;
    for (const b of open) this.cancelBranch(b, reasons);
    this.localReply(tc, 200, CANCELING, null, ctx.msg);
    return 1;
  }

  /**
   * cancel_branch: the branch is marked canceled; it gets a CANCEL now when it has a provisional
   * reply, else when its first one comes (`cancel_b_method=1`).
   */
  private cancelBranch(b: Branch, extra: readonly string[]): void {
    if (b.lastReceived >= 200 || (b.flags & BRANCH_CANCELED) !== 0) return;
    b.flags |= BRANCH_CANCELED;
    if (b.lastReceived >= 100) this.sendCancel(b, extra);
  }

  /**
   * A provisional reply on a canceled branch: the CANCEL is re-sent, or built now with the reason
   * of the CANCEL received for the INVITE (else `cause=` the final status sent upstream, if any).
   */
  private cancelOnProvisional(t: Transaction, b: Branch): void {
    if (b.cancel !== null) {
      this.runtime.sendTo(b.dest, b.cancel, b.socket, false, false);
      return;
    }
    this.sendCancel(b, t.cancelReason ?? (t.uasStatus >= 200 ? [`Reason: SIP;cause=${t.uasStatus}`] : []));
  }

  /** Builds and sends the branch's CANCEL; over UDP it is retransmitted until answered. */
  private sendCancel(b: Branch, extra: readonly string[]): void {
    b.flags |= BRANCH_CANCELED;
    b.cancel = buildLocalRequest(b.request, "CANCEL", null, extra);
    if (b.cancel === null) return;
    this.runtime.sendTo(b.dest, b.cancel, b.socket, false, false);
    if (b.dest.proto === "udp") {
      b.retrInterval = this.cfg.retr_timer1;
      this.timers.schedule(b.retrTimer, b.retrInterval);
    } else this.timers.cancel(b.retrTimer);
    // The CANCEL's own final-response timer: retransmissions stop when it (or the branch) times out.
    if (!b.frTimer.pending) this.timers.schedule(b.frTimer, this.cfg.fr_timer);
  }

  /** prepare_to_cancel + cancel_uacs: every branch without a final reply. */
  private cancelPending(t: Transaction, extra: readonly string[]): void {
    if (!t.isInvite) return;
    for (const b of t.branches) if (b.lastReceived < 200) this.cancelBranch(b, extra);
  }

  // ---- script checks ----------------------------------------------------------------------------

  isCanceled(ctx: MsgContext): number {
    const t = this.at(ctx).t;
    if (t === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", "cannot check a message for which no T-state has been established\n");
      return -1;
    }
    return (t.flags & T_CANCELED) !== 0 ? 1 : -1;
  }

  /** t_check_status: the regex against the status that matters in this route. */
  checkStatus(ctx: MsgContext, re: string): number {
    const s = this.at(ctx);
    let status: number;
    if (s.type === "onreply" || (!ctx.msg.isRequest && s.t === null)) status = ctx.msg.status;
    else if (s.t === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", "cannot check status for a reply which has no T-state established\n");
      return -1;
    } else if (s.type === "failure") status = s.code;
    else status = s.t.uasStatus;
    let rx = this.statusRes.get(re);
    if (rx === undefined) {
      try {
        rx = compilePosix(re, true);
      } catch {
        rx = null;
      }
      this.statusRes.set(re, rx);
    }
    if (rx === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", `Bad regular expression '${re}'\n`);
      return -1;
    }
    return rx.test(String(status)) ? 1 : -1;
  }

  /** t_branch_timeout / t_branch_replied (the picked branch in failure_route) and t_any_*. */
  branchFlag(ctx: MsgContext, flag: number, any: boolean): number {
    const s = this.at(ctx);
    const t = s.t;
    if (t === null) return -1;
    if (any) return t.branches.some((b) => (b.flags & flag) !== 0) ? 1 : -1;
    if (s.type !== "failure" && s.type !== "onreply") return -1;
    const b = t.branches[s.branch];
    return b !== undefined && (b.flags & flag) !== 0 ? 1 : -1;
  }

  /** `$T_reply_code`: the reply being processed in onreply/failure routes, else the last sent upstream. */
  replyCode(ctx: MsgContext): number {
    const s = this.at(ctx);
    if (s.type === "onreply" || s.type === "failure") return s.code;
    return s.t?.uasStatus ?? 0;
  }

  /** t_drop_replies (failure route): which stored replies are dropped after it. */
  dropReplies(ctx: MsgContext, mode: string): number {
    this.at(ctx).dropReplies = mode.startsWith("n") ? 0 : mode.startsWith("l") ? 2 : 1;
    return 1;
  }

  /** t_grep_status: 1 when a branch got a reply with this status. */
  grepStatus(ctx: MsgContext, code: number): number {
    const t = this.at(ctx).t;
    if (t === null) {
      this.log.write(LogLevel.ERROR, "<tm> ", "cannot check a message for which no T-state has been established\n");
      return -1;
    }
    return t.branches.some((b) => b.lastReceived === code && (b.flags & BRANCH_REPLIED) !== 0) ? 1 : -1;
  }

  /** t_get_status_code: the status of the last reply sent upstream, -1 without transaction. */
  statusCode(ctx: MsgContext): number {
    const t = this.at(ctx).t;
    return t === null ? -1 : t.uasStatus;
  }

}

/** An ACK matching an INVITE that got a 2xx: end to end, not part of the transaction (matching_3261's -2). */
function isE2eAck(msg: SipMessage, t: Transaction): boolean {
  return msg.method === "ACK" && t.uasStatus >= 200 && t.uasStatus < 300;
}

function reparse(bytes: Buffer): SipMessage | null {
  const r = parseMessage(bytes, { receiveChecks: false });
  return r.ok ? r.msg : null;
}
