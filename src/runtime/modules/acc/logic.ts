/**
 * acc's log backend (acc_logic.c): which transactions are accounted and with what. A request
 * creating a transaction with the log or missed-call flag (or the prepare flag) gets tm callbacks,
 * which read the transaction's flags as they are when a reply goes out: a reply sent upstream
 * writes `ACC: transaction answered:` (2xx with the log flag, 1xx with a body under `early_media`,
 * ≥ 300 with `failed_transaction_flag` unless filtered), and a negative outcome of an INVITE with
 * the missed-call flag writes `ACC: call missed:` and clears that flag, so later forking steps are
 * not reported again (the failure route's own flag changes only count once it has ended).
 *
 * A record whose To has no tag takes one from the record environment Kamailio keeps in a static per
 * process (`acc_env.to_tag`): nothing until the process first accounts a missed call answered by tm
 * itself (a timeout, a failure route's t_reply), which points it at tm's buffer of its last local
 * to-tag for good — so from then on such records (a t_reply, a CANCEL's 200, acc_log_request of an
 * initial request) carry the to-tag of tm's latest local reply in that process. kemits keeps this per
 * Kamailio process kind (UDP worker, TCP worker, tm timer: `TmApi.processKey`), checked against
 * Kamailio in test/runtime/modules/acc/.
 */

import type { MsgContext } from "../../engine/context.js";
import type { Logger } from "../../engine/log.js";
import type { NameAddr, SipMessage } from "../../sip/index.js";
import type { PvApi } from "../pv/index.js";
import type { TmReplyEvent, TransactionCallbacks } from "../tm/callbacks.js";
import type { TmApi } from "../tm/index.js";
import { errorText } from "../../sip/error-text.js";
import type { AccExtra } from "./extra.js";
import { type AccTime, accLine, accOrigin } from "./record.js";

const ANSWERED = "ACC: transaction answered: ";
const MISSED = "ACC: call missed: ";
const REQUEST = "ACC: request accounted: ";

export interface AccSettings {
  /** Flag numbers, -1 for none. */
  readonly logFlag: number;
  readonly missedFlag: number;
  readonly failedFlag: number;
  readonly prepareFlag: number;
  readonly prepareAlways: boolean;
  readonly earlyMedia: boolean;
  readonly reportCancels: boolean;
  readonly reasonFromHf: boolean;
  /** Codes ≥ 300 `failed_transaction_flag` does not report. */
  readonly failedFilter: readonly number[];
  readonly level: number;
  readonly extras: readonly AccExtra[];
  readonly time: AccTime;
}

const isSet = (flags: number, flag: number) => flag >= 0 && ((flags >>> flag) & 1) === 1;

/** A record's variable part: the To header whose tag is the to_tag, code and reason, and the process writing it. */
interface AccEnv {
  readonly to: NameAddr | null;
  readonly process: string;
  readonly code: string;
  readonly reason: string;
}

export class Acc {
  private readonly origin: string;
  /** The processes whose `acc_env.to_tag` points at tm's last local to-tag. */
  private readonly boundToTag: Set<string>;
  private readonly answeredOnly: TransactionCallbacks;
  private readonly withMissed: TransactionCallbacks;

  constructor(
    private readonly cfg: AccSettings,
    private readonly pv: PvApi,
    private readonly tm: TmApi,
    private readonly log: Logger,
  ) {
    this.origin = accOrigin(cfg.time.mode);
    this.boundToTag = new Set();
    const responseOut = (ev: TmReplyEvent) => this.onReply(ev);
    this.answeredOnly = { responseOut };
    this.withMissed = { responseOut, onFailure: (ev) => this.onMissed(ev) };
  }

  private accOn(flags: number): boolean {
    return isSet(flags, this.cfg.logFlag);
  }

  private missedOn(flags: number): boolean {
    return isSet(flags, this.cfg.missedFlag);
  }

  private prepareOn(flags: number): boolean {
    return this.cfg.prepareAlways || isSet(flags, this.cfg.prepareFlag);
  }

  /** acc_preparse_req: Call-ID, CSeq, From and To must parse. */
  private preparse(msg: SipMessage): boolean {
    if (msg.cseq() !== null && msg.from() !== null) return true;
    this.log.write(-1, "acc [acc_logic.c:177]: acc_preparse_req(): ", "failed to preparse request\n");
    return false;
  }

  /** TMCB_REQUEST_IN (acc_onreq): callbacks for a transaction whose request asks for accounting. */
  readonly onRequestIn = (ctx: MsgContext): TransactionCallbacks | null => {
    const msg = ctx.msg;
    if (msg.method === "CANCEL" && !this.cfg.reportCancels) return null;
    const f = ctx.flags;
    const prepare = this.prepareOn(f);
    // The failed-transaction flag alone does not register anything (acc_onreq).
    if (!this.accOn(f) && !this.missedOn(f) && !prepare) return null;
    if (!this.preparse(msg)) return null;
    return msg.method === "INVITE" && (this.missedOn(f) || prepare) ? this.withMissed : this.answeredOnly;
  };

  /** acc_onreply: a reply went upstream. */
  private onReply(ev: TmReplyEvent): void {
    const code = ev.code;
    if (ev.method === "INVITE" && code >= 300 && this.missedOn(ev.flags)) this.onMissed(ev);
    if (!this.shouldAccount(ev.flags, ev.reply, code) || !this.accOn(ev.flags)) return;
    const req = this.branchRequest(ev);
    if (req === null) return;
    this.write(ANSWERED, req, { ...this.status(ev.reply, code), to: ev.reply?.to() ?? req.msg.to(), process: this.tm.processKey() });
  }

  /** on_missed: the missed-call record (while the flag is set), then the flag is cleared. */
  private onMissed(ev: TmReplyEvent): void {
    const req = this.branchRequest(ev);
    if (req === null) return;
    const replyTo = ev.reply?.to() ?? null;
    if (replyTo === null) {
      // env_set_totag: acc_env.to_tag now points at tm's to-tag buffer, just set for this request.
      ev.localToTag();
      this.boundToTag.add(this.tm.processKey());
    }
    if (this.missedOn(ev.flags)) {
      this.write(MISSED, req, { ...this.status(ev.reply, ev.code), to: replyTo ?? req.msg.to(), process: this.tm.processKey() });
      ev.flags &= ~(1 << this.cfg.missedFlag);
    }
  }

  /** should_acc_reply. */
  private shouldAccount(flags: number, reply: SipMessage | null, code: number): boolean {
    if (code >= 300) return isSet(flags, this.cfg.failedFlag) && !this.cfg.failedFilter.includes(code);
    if (!this.accOn(flags)) return false;
    if (code >= 200) return true;
    // Early media: a provisional reply with a body.
    return this.cfg.earlyMedia && reply !== null && Number.parseInt(reply.headerValue("Content-Length") ?? "0", 10) > 0;
  }

  /**
   * The transaction's request with the R-URI of the branch accounted (what `$rU`, `$rd` then read):
   * the one whose reply was last relayed, else for a negative reply the picked one.
   */
  private branchRequest(ev: TmReplyEvent): MsgContext | null {
    const req = ev.request();
    const uri = ev.relayedUri ?? (ev.code >= 300 ? ev.pickedUri : null);
    if (req !== null && uri !== null) req.setRequestUri(uri);
    return req;
  }

  /** env_set_code_status: the reply's status and reason (or its Reason header), or the code's standard phrase for tm's own replies. */
  private status(reply: SipMessage | null, code: number): { code: string; reason: string } {
    if (reply === null) return { code: String(code), reason: errorText(code) };
    const hf = this.cfg.reasonFromHf ? reply.headerValue("Reason") : undefined;
    return { code: String(reply.status), reason: hf ?? reply.reason };
  }

  /**
   * ki_acc_log_request / ki_acc_request: a record for the current message, `comment` being
   * `[code ]reason` (`"200 Done"`); -1 when the comment is empty or holds a `$`.
   */
  logRequest(ctx: MsgContext, comment: string, fn: string): number {
    const where = `acc [acc_logic.c:${fn === "ki_acc_log_request" ? 258 : 346}]: ${fn}(): `;
    if (comment === "") {
      this.log.write(-1, "acc [acc_logic.c:233]: acc_param_parse(): ", "invalid parameters\n");
      this.log.write(-1, where, "failed execution\n");
      return -1;
    }
    if (comment.includes("$")) {
      this.log.write(-1, "acc [acc_logic.c:241]: acc_param_parse(): ", "cfg variable detected - not supported\n");
      this.log.write(-1, where, "failed execution\n");
      return -1;
    }
    if (!this.preparse(ctx.msg)) return -1;
    let code = "";
    let reason = comment;
    if (/^\d{3}/.test(comment)) {
      code = comment.slice(0, 3);
      reason = comment.slice(3).replace(/^[ \t\n\r\f\v]+/, "");
    }
    // Run from a route: the worker of the message's transport.
    this.write(REQUEST, ctx, { to: ctx.msg.to(), code, reason, process: ctx.proto });
    return 1;
  }

  /** acc_log_request: core2strar + extra2strar, one line at `log_level`. */
  private write(text: string, req: MsgContext, env: AccEnv): void {
    if (!this.log.enabled(this.cfg.level)) return;
    const msg = req.msg;
    const pairs: [string, string | null][] = [
      ["method", msg.cseq()?.method ?? ""],
      ["from_tag", msg.from()?.tag ?? ""],
      ["to_tag", env.to?.tag || (this.boundToTag.has(env.process) ? this.tm.lastLocalToTag(env.process) : "")],
      ["call_id", msg.callId()],
      ["code", env.code],
      ["reason", env.reason],
    ];
    for (const x of this.cfg.extras) {
      const v = this.pv.get(req, x.spec);
      pairs.push([x.name, v === null ? null : String(v)]);
    }
    this.log.write(this.cfg.level, this.origin, accLine(text, Date.now(), this.cfg.time, pairs));
  }
}
