/**
 * A stateful transaction (Kamailio's `struct cell`): the server side (the request it absorbs
 * retransmissions of, the last reply sent upstream) and one client branch (`struct ua_client`) per
 * destination the request was relayed to. Only what matching, relaying, timers and the script
 * need is kept: the request stays as bytes (parsed again on the rare paths that need it, like a
 * local reply after a timeout), so an open transaction costs little beyond those bytes.
 */

import type { PvValue } from "../../engine/context.js";
import type { Destination, LocalSocket } from "../../engine/services.js";
import type { ReplyDestination } from "../../engine/tm-hooks.js";
import type { SipMessage } from "../../sip/index.js";
import type { TransactionCallbacks } from "./callbacks.js";
import { Timer } from "./timer.js";

/** Branch flags: why the branch completed (Kamailio's F_RB_TIMEOUT / F_RB_REPLIED). */
export const BRANCH_TIMEOUT = 1;
export const BRANCH_REPLIED = 2;
/** The first branch of one forking step (Kamailio's TM_UAC_FLAG_FB), for `t_drop_replies("l")`. */
export const FIRST_OF_STEP = 16;

/** Transaction flags (Kamailio's T_CANCELED, T_6xx, T_AUTO_INV_100, T_DISABLE_6xx, …). */
export const T_CANCELED = 1;
export const T_6XX = 2;
export const T_AUTO_INV_100 = 4;
export const T_DISABLE_6XX = 8;
export const T_DISABLE_FAILOVER = 16;
export const T_DISABLE_INTERNAL_REPLY = 32;
/** The branch is canceled (Kamailio's F_RB_CANCELED): its CANCEL is sent, or due with its first 1xx. */
export const BRANCH_CANCELED = 4;

export class Branch {
  readonly index: number;
  /** The branch's R-URI (after its branch route), what acc accounts the branch's reply with. */
  readonly uri: string;
  readonly dest: Destination;
  readonly socket: LocalSocket;
  /** The bytes sent (retransmitted over UDP; ACK and CANCEL are built from them). */
  request: Buffer;
  /** Status of the last reply received (408 after a timeout), 0 when none. */
  lastReceived: number;
  /** The final reply kept for picking and for failure_route (`$T_rpl`): message and relay bytes. */
  reply: SipMessage | null;
  replyBytes: Buffer | null;
  /** BRANCH_TIMEOUT | BRANCH_REPLIED | BRANCH_CANCELED | FIRST_OF_STEP. */
  flags: number;
  /** The branch flags (`setbflag`) the branch was created with; onreply and failure routes see and change them. */
  bflags: number;
  /** The CANCEL sent on this branch (re-sent when another provisional reply comes), null when none. */
  cancel: Buffer | null;
  /** onreply_route and failure_route names in force when the branch was created. */
  readonly onReply: string;
  /** Current retransmission interval (ms). */
  retrInterval: number;
  readonly retrTimer: Timer;
  readonly frTimer: Timer;

  constructor(index: number, uri: string, dest: Destination, socket: LocalSocket, request: Buffer, bflags: number, onReply: string, retr: () => void, fr: () => void) {
    this.index = index;
    this.uri = uri;
    this.dest = dest;
    this.socket = socket;
    this.request = request;
    this.lastReceived = 0;
    this.reply = null;
    this.replyBytes = null;
    this.flags = 0;
    this.bflags = bflags;
    this.cancel = null;
    this.onReply = onReply;
    this.retrInterval = 0;
    this.retrTimer = new Timer(retr);
    this.frTimer = new Timer(fr);
  }
}

/** What a transaction keeps of the request that created it. */
export interface TransactionRequest {
  readonly method: string;
  readonly request: Buffer;
  /** The request with the request route's edits, null when there were none. */
  readonly base: Buffer | null;
  readonly replyTo: ReplyDestination;
  readonly srcAddress: string;
  readonly srcPort: number;
  readonly forceRport: boolean;
  readonly ruri: string;
  readonly dstUri: string | null;
  readonly avps: Map<string, PvValue[]> | null;
  readonly xavps: Map<string, Map<string, PvValue[]>[]> | null;
  readonly flags: number;
}

export class Transaction {
  /** Table keys: the server-side match key, and the branch-id base replies carry back. */
  readonly key: string;
  readonly branchBase: string;
  readonly method: string;
  readonly isInvite: boolean;
  /** The request as received (local replies are built from it). */
  readonly request: Buffer;
  /** The request with the request route's edits applied: what branches are built from. */
  readonly base: Buffer;
  /** Where replies go, and where the request came from (`received`/`rport`, `$si`/`$sp` later). */
  readonly replyTo: ReplyDestination;
  readonly srcAddress: string;
  readonly srcPort: number;
  readonly forceRport: boolean;
  /** R-URI and `$du` when the transaction was created (the failure route starts from them). */
  readonly ruri: string;
  readonly dstUri: string | null;
  /** The request's AVPs and XAVPs (the failure route sees them, as Kamailio's transaction AVP lists). */
  readonly avps: Map<string, PvValue[]> | null;
  readonly xavps: Map<string, Map<string, PvValue[]>[]> | null;
  /** Send-time header lines (Record-Route) the first branch got, for branches added after the request is gone. */
  sendTimeLines: Buffer | null;
  /** Message flags, kept in step with the script (failure route reads and changes them). */
  msgFlags: number;
  flags: number;
  /** Put on the wait timer (freed `wt_timer` later); the wait timer first serves as the lifetime limit. */
  waiting: boolean;
  /** Status and bytes of the last reply sent upstream (retransmitted on request retransmissions). */
  uasStatus: number;
  uasReply: Buffer | null;
  /** Retransmission interval of a final non-2xx reply to an INVITE over UDP (until the ACK). */
  uasRetrInterval: number;
  /** When those retransmissions stop (timer H, `fr_timer` after the reply). */
  uasRetrEnd: number;
  readonly branches: Branch[];
  /** Reason lines of the CANCEL received for this INVITE, for CANCELs sent later. */
  cancelReason: readonly string[] | null;
  onFailure: string;
  onBranch: string;
  onReply: string;
  /** Final-response timeouts in ms (`t_set_fr`), 0 = the modparam. */
  frTimeout: number;
  frInvTimeout: number;
  /** The branch whose reply was last sent upstream (Kamailio's relayed_reply_branch): -1 none yet, -2 tm's own reply. */
  relayedBranch: number;
  /** Callbacks other modules registered for this transaction when it was created (TMCB_REQUEST_IN), null when none. */
  callbacks: TransactionCallbacks[] | null;
  readonly uasRetrTimer: Timer;
  readonly waitTimer: Timer;

  constructor(key: string, branchBase: string, req: TransactionRequest, uasRetr: () => void, wait: () => void) {
    this.key = key;
    this.branchBase = branchBase;
    this.method = req.method;
    this.isInvite = this.method === "INVITE";
    this.request = req.request;
    this.base = req.base ?? req.request;
    this.replyTo = req.replyTo;
    this.srcAddress = req.srcAddress;
    this.srcPort = req.srcPort;
    this.forceRport = req.forceRport;
    this.ruri = req.ruri;
    this.dstUri = req.dstUri;
    this.avps = req.avps;
    this.xavps = req.xavps;
    this.sendTimeLines = null;
    this.msgFlags = req.flags;
    this.flags = 0;
    this.waiting = false;
    this.uasStatus = 0;
    this.uasReply = null;
    this.uasRetrInterval = 0;
    this.uasRetrEnd = 0;
    this.branches = [];
    this.cancelReason = null;
    this.onFailure = "";
    this.onBranch = "";
    this.onReply = "";
    this.frTimeout = 0;
    this.frInvTimeout = 0;
    this.relayedBranch = -1;
    this.callbacks = null;
    this.uasRetrTimer = new Timer(uasRetr);
    this.waitTimer = new Timer(wait);
  }
}
