/**
 * Everything Kamailio keeps in `struct sip_msg` while a message is routed: the parsed message, its
 * send-time edits, where it came from and arrived, flags, AVPs, `$du`, the new R-URI, the drop flag.
 * One per message, with a fixed shape; per-message collections are made only when first used.
 */

import { MessageEdits, parseUri, type SipMessage, type SipUri } from "../sip/index.js";
import type { LocalSocket, Proto } from "./services.js";

export type PvValue = string | number | null;

/** The route kind being run: decides what `drop` means and what sending does. */
export type RouteKind = "request" | "reply" | "onsend" | "event";

/** What onsend_route sees of the outgoing request (`$snd(…)`). */
export interface OutgoingInfo {
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
  readonly bytes: Buffer;
}

export class MsgContext {
  readonly msg: SipMessage;
  private editsCache: MessageEdits | null;
  /** Transport it arrived on, and the peer (`$pr`, `$si`, `$sp`). */
  readonly proto: Proto;
  readonly srcAddress: string;
  readonly srcPort: number;
  /** The local socket it arrived on (`$Ri`, `$Rp`). */
  readonly socket: LocalSocket;
  /** The TCP connection it arrived on (replies go back on it), null for UDP. */
  readonly connectionId: number | null;
  /** Message flags (`setflag`, 32 bits) and branch flags of branch 0 (`setbflag`). */
  flags: number;
  branchFlags: number;
  /** `$du`, null when unset. */
  dstUri: string | null;
  /** The R-URI after `seturi`/`$ru = …`/`sethost`…, null while unchanged. */
  private newUri: string | null;
  private newUriParsed: SipUri | null | undefined;
  /** Set by `KSR.x.drop()`/`KSR.set_drop()`: the reply is not relayed, the request not sent. */
  dropped: boolean;
  /** `force_rport()`: replies get `rport` even when the request's Via has none. */
  forceRport: boolean;
  /** `set_forward_no_connect()` / `set_reply_no_connect()` / `set_forward_close()` / `set_reply_close()`. */
  forwardNoConnect: boolean;
  replyNoConnect: boolean;
  forwardClose: boolean;
  replyClose: boolean;
  /** AVPs of this message, by name; each list is a stack (index 0 = newest). */
  avps: Map<string, PvValue[]> | null;
  /** XAVPs: name → list of items (index 0 = newest), each item fields → values (index 0 = newest). */
  xavps: Map<string, Map<string, PvValue[]>[]> | null;
  /** Header lines `append_to_reply` added, for the next local reply. */
  replyHeaders: string[] | null;
  /** Status of the last stateless reply sent for this request, 0 when none. */
  repliedCode: number;
  kind: RouteKind;
  /** The name of the route function running, for log lines. */
  route: string;
  /** onsend_route only: what is about to be sent. */
  outgoing: OutgoingInfo | null;

  constructor(msg: SipMessage, proto: Proto, srcAddress: string, srcPort: number, socket: LocalSocket, connectionId: number | null) {
    this.msg = msg;
    this.editsCache = null;
    this.proto = proto;
    this.srcAddress = srcAddress;
    this.srcPort = srcPort;
    this.socket = socket;
    this.connectionId = connectionId;
    this.flags = 0;
    this.branchFlags = 0;
    this.dstUri = null;
    this.newUri = null;
    this.newUriParsed = undefined;
    this.dropped = false;
    this.forceRport = false;
    this.forwardNoConnect = false;
    this.replyNoConnect = false;
    this.forwardClose = false;
    this.replyClose = false;
    this.avps = null;
    this.xavps = null;
    this.replyHeaders = null;
    this.repliedCode = 0;
    this.kind = msg.isRequest ? "request" : "reply";
    this.route = "";
    this.outgoing = null;
  }

  /** Send-time edits of the message (made on first use: most replies and drops never need them). */
  get edits(): MessageEdits {
    if (this.editsCache === null) this.editsCache = new MessageEdits(this.msg);
    return this.editsCache;
  }

  /** The R-URI text as routing sees it now (`$ru`). */
  get requestUri(): string {
    return this.newUri ?? this.msg.requestUri;
  }

  /** The parsed current R-URI, null when it does not parse (or for replies). */
  ruri(): SipUri | null {
    if (this.newUri === null) return this.msg.ruri();
    if (this.newUriParsed === undefined) {
      const r = parseUri(this.newUri);
      this.newUriParsed = r.ok ? r.uri : null;
    }
    return this.newUriParsed;
  }

  /** Replaces the R-URI (`$ru = …`, `KSR.seturi`). */
  setRequestUri(uri: string): void {
    this.newUri = uri;
    this.newUriParsed = undefined;
  }

  /** Whether the R-URI was changed: forwarding then writes it into the first line. */
  get ruriChanged(): boolean {
    return this.newUri !== null;
  }

  /**
   * textopsx `msg_apply_changes`: the routed message becomes `msg` (the edited bytes, re-parsed);
   * its edits and the new R-URI start over. (Added for textopsx by the stateless-modules engineer.)
   */
  replaceMessage(msg: SipMessage): void {
    (this as { msg: SipMessage }).msg = msg;
    this.editsCache = null;
    this.newUri = null;
    this.newUriParsed = undefined;
  }

  /** The AVP stack for `name`, created on demand when `create`. */
  avpStack(name: string, create: boolean): PvValue[] | undefined {
    if (this.avps === null) {
      if (!create) return undefined;
      this.avps = new Map();
    }
    let s = this.avps.get(name);
    if (s === undefined && create) {
      s = [];
      this.avps.set(name, s);
    }
    return s;
  }
}
