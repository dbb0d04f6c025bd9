/**
 * Transaction callbacks, the part of Kamailio's `register_tmcb` other modules need (acc): a hook
 * run when a request creates a transaction (TMCB_REQUEST_IN), which may hand back callbacks for
 * that transaction alone — a final or relayed reply sent upstream (TMCB_RESPONSE_OUT), and the
 * best final reply being negative, just before the failure route (TMCB_ON_FAILURE).
 */

import type { MsgContext } from "../../engine/context.js";
import type { SipMessage } from "../../sip/index.js";

/** What a reply callback sees (Kamailio's `tmcb_params` with the transaction). */
export interface TmReplyEvent {
  /** The transaction's method (its CSeq method). */
  readonly method: string;
  readonly code: number;
  /** The reply as received from downstream; null for a reply tm made itself (Kamailio's FAKED_REPLY). */
  readonly reply: SipMessage | null;
  /** The R-URI of the branch whose reply was last relayed upstream (`uac[relayed_reply_branch].uri`), null when none or tm's own. */
  readonly relayedUri: string | null;
  /** The R-URI of the branch picked for this reply (`t_get_picked_branch`), null when none. */
  readonly pickedUri: string | null;
  /** The transaction's message flags; what a callback leaves here becomes the transaction's. */
  flags: number;
  /** A context over the transaction's request (R-URI as when the transaction was created), for PVs; null if it no longer parses. */
  request(): MsgContext | null;
  /** The to-tag tm puts in its own replies to this request (`t_get_reply_totag`), which becomes the process's last one. */
  localToTag(): string;
}

export interface TransactionCallbacks {
  /** TMCB_RESPONSE_OUT: a reply went upstream — every relayed reply, and tm's own final replies. */
  readonly responseOut?: (ev: TmReplyEvent) => void;
  /** TMCB_ON_FAILURE: the best final reply is negative; runs before the failure route (and without one). */
  readonly onFailure?: (ev: TmReplyEvent) => void;
}

/** TMCB_REQUEST_IN: a request created a transaction; the callbacks returned are kept for that transaction. */
export type RequestInHook = (ctx: MsgContext) => TransactionCallbacks | null;

/** The event tm hands its callbacks; the request context is made only when a callback asks for it. */
export class ReplyEvent implements TmReplyEvent {
  flags: number;
  private ctx: MsgContext | null | undefined;

  constructor(
    readonly method: string,
    readonly code: number,
    readonly reply: SipMessage | null,
    readonly relayedUri: string | null,
    readonly pickedUri: string | null,
    flags: number,
    private readonly makeRequest: () => MsgContext | null,
    readonly localToTag: () => string,
  ) {
    this.flags = flags;
    this.ctx = undefined;
  }

  request(): MsgContext | null {
    if (this.ctx === undefined) this.ctx = this.makeRequest();
    return this.ctx;
  }
}
