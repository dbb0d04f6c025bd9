/**
 * A parsed SIP message: the datagram `Buffer`, the first line, an index of header lines, and typed
 * accessors that parse a header's value on first use and cache it on the header (like Kamailio's
 * `parse_headers` filling `hdr->parsed`).
 */

import { parseUint, trimLwsEnd } from "./chars.js";
import { CSeq, parseCSeq } from "./cseq.js";
import type { HeaderField } from "./header-field.js";
import { HeaderKind, headerKindOf } from "./header-names.js";
import { type NameAddr, parseNameAddr, parseNameAddrList } from "./name-addr.js";
import { splitCommaList } from "./params.js";
import { parseUri, type SipUri } from "./uri.js";
import { parseViaList, type ViaValue } from "./via.js";

/** Parsed Contact header(s): `star` for `Contact: *`. */
export interface ContactList {
  readonly star: boolean;
  readonly values: readonly NameAddr[];
}

const BAD = Symbol("unparsable");

export class SipMessage {
  readonly buf: Buffer;
  readonly isRequest: boolean;
  /** Request method as written (`INVITE`); "" for replies. */
  readonly method: string;
  /** Request-URI offsets in `buf` (0, 0 for replies). */
  readonly ruriStart: number;
  readonly ruriEnd: number;
  /** `SIP/2.0` as written. */
  readonly version: string;
  /** Reply status code; 0 for requests. */
  readonly status: number;
  /** Reply reason phrase offsets (0, 0 for requests). */
  readonly reasonStart: number;
  readonly reasonEnd: number;
  /** Offset just past the first line's terminator: where headers start. */
  readonly headersStart: number;
  /** Offset of the blank line ending the headers (== buf.length when the message has none). */
  readonly headersEnd: number;
  readonly headers: readonly HeaderField[];
  /** Offset of the body (== buf.length when there is none). */
  readonly bodyStart: number;
  /** Body end: bodyStart + Content-Length, clipped to the datagram; buf.length without Content-Length. */
  readonly bodyEnd: number;
  /** Declared Content-Length, -1 when the header is absent. */
  readonly contentLength: number;
  private ruriCache: SipUri | null | undefined;

  constructor(
    buf: Buffer,
    isRequest: boolean,
    method: string,
    ruriStart: number,
    ruriEnd: number,
    version: string,
    status: number,
    reasonStart: number,
    reasonEnd: number,
    headersStart: number,
    headersEnd: number,
    headers: HeaderField[],
    bodyStart: number,
    bodyEnd: number,
    contentLength: number,
  ) {
    this.buf = buf;
    this.isRequest = isRequest;
    this.method = method;
    this.ruriStart = ruriStart;
    this.ruriEnd = ruriEnd;
    this.version = version;
    this.status = status;
    this.reasonStart = reasonStart;
    this.reasonEnd = reasonEnd;
    this.headersStart = headersStart;
    this.headersEnd = headersEnd;
    this.headers = headers;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
    this.contentLength = contentLength;
    this.ruriCache = undefined;
  }

  /** Request-URI text ("" for replies). */
  get requestUri(): string {
    return this.buf.toString("latin1", this.ruriStart, this.ruriEnd);
  }

  /** Reply reason phrase ("" for requests). */
  get reason(): string {
    return this.buf.toString("utf8", this.reasonStart, this.reasonEnd);
  }

  /** The body bytes (a view into `buf`). */
  get body(): Buffer {
    return this.buf.subarray(this.bodyStart, this.bodyEnd);
  }

  /** Parsed Request-URI, null for replies or when it does not parse. Cached. */
  ruri(): SipUri | null {
    if (this.ruriCache === undefined) {
      const r = this.isRequest ? parseUri(this.requestUri) : null;
      this.ruriCache = r?.ok ? r.uri : null;
    }
    return this.ruriCache;
  }

  /** First header of a known kind. */
  firstOfKind(kind: HeaderKind): HeaderField | undefined {
    // A linear scan beats building an index per message: messages carry a dozen or so headers.
    if (kind === HeaderKind.Other) return undefined;
    const headers = this.headers;
    for (let i = 0; i < headers.length; i++) if (headers[i]!.kind === kind) return headers[i];
    return undefined;
  }

  /** First header with this name (case-insensitive; compact and full names are the same header). */
  header(name: string): HeaderField | undefined {
    const kind = headerKindOf(name);
    if (kind !== HeaderKind.Other) return this.firstOfKind(kind);
    const lower = name.toLowerCase();
    for (const h of this.headers) if (h.kind === HeaderKind.Other && h.name.toLowerCase() === lower) return h;
    return undefined;
  }

  /** Every header line with this name, in message order. */
  headersNamed(name: string): HeaderField[] {
    const kind = headerKindOf(name);
    const lower = name.toLowerCase();
    const out: HeaderField[] = [];
    for (const h of this.headers) {
      if (kind !== HeaderKind.Other ? h.kind === kind : h.kind === HeaderKind.Other && h.name.toLowerCase() === lower) {
        out.push(h);
      }
    }
    return out;
  }

  /** Value of the first header with this name (unfolded UTF-8), undefined when absent. */
  headerValue(name: string): string | undefined {
    return this.header(name)?.value;
  }

  /**
   * Every value of a header: each line's value split on commas outside quotes and `<...>`, in order.
   * Only for headers whose grammar is a comma list (Via, Contact, Route, Allow, Supported, …).
   */
  headerValues(name: string): string[] {
    const out: string[] = [];
    for (const h of this.headersNamed(name)) {
      const v = h.value;
      const b = splitCommaList(v);
      for (let k = 0; k < b.length; k += 2) out.push(v.slice(b[k]!, b[k + 1]!));
    }
    return out;
  }

  /** Number of header lines with this name. */
  count(name: string): number {
    return this.headersNamed(name).length;
  }

  /** Values of one Via header line (cached), null when it does not parse. */
  viaValues(h: HeaderField): readonly ViaValue[] | null {
    if (h.parsed === undefined) {
      const r = parseViaList(h.raw);
      h.parsed = r.ok ? r.values : BAD;
    }
    return h.parsed === BAD ? null : (h.parsed as readonly ViaValue[]);
  }

  /** The topmost Via value, null when there is none or it does not parse. */
  via(): ViaValue | null {
    const h = this.firstOfKind(HeaderKind.Via);
    return h === undefined ? null : (this.viaValues(h)?.[0] ?? null);
  }

  /** All Via values across all Via lines, top first; unparsable lines are skipped. */
  vias(): ViaValue[] {
    const out: ViaValue[] = [];
    for (const h of this.headers) {
      if (h.kind !== HeaderKind.Via) continue;
      const v = this.viaValues(h);
      if (v !== null) for (const x of v) out.push(x);
    }
    return out;
  }

  /** A single name-addr header value (From, To, Refer-To, …), cached; null when absent or bad. */
  nameAddr(h: HeaderField | undefined): NameAddr | null {
    if (h === undefined) return null;
    if (h.parsed === undefined) {
      const r = parseNameAddr(h.raw);
      h.parsed = r.ok ? r.value : BAD;
    }
    return h.parsed === BAD ? null : (h.parsed as NameAddr);
  }

  from(): NameAddr | null {
    return this.nameAddr(this.firstOfKind(HeaderKind.From));
  }

  to(): NameAddr | null {
    return this.nameAddr(this.firstOfKind(HeaderKind.To));
  }

  /** Call-ID value, "" when absent. */
  callId(): string {
    return this.firstOfKind(HeaderKind.CallId)?.raw ?? "";
  }

  /** Parsed CSeq, null when absent or malformed. */
  cseq(): CSeq | null {
    const h = this.firstOfKind(HeaderKind.CSeq);
    if (h === undefined) return null;
    if (h.parsed === undefined) h.parsed = parseCSeq(h.raw) ?? BAD;
    return h.parsed instanceof CSeq ? h.parsed : null;
  }

  /** Max-Forwards value, -1 when absent or not a number in 0..255 (Kamailio's range). */
  maxForwards(): number {
    return this.uintHeader(HeaderKind.MaxForwards, 255);
  }

  /** Expires header value in seconds, -1 when absent or malformed. */
  expires(): number {
    return this.uintHeader(HeaderKind.Expires, 0xffffffff);
  }

  private uintHeader(kind: HeaderKind, max: number): number {
    const h = this.firstOfKind(kind);
    if (h === undefined) return -1;
    const s = h.raw;
    return parseUint(s, 0, trimLwsEnd(s, 0, s.length), max);
  }

  /** All Contact values across Contact lines; null when absent or any line is malformed. */
  contacts(): ContactList | null {
    const lines = this.headersNamed("Contact");
    if (lines.length === 0) return null;
    const values: NameAddr[] = [];
    let star = false;
    for (const h of lines) {
      const list = this.nameAddrList(h);
      if (list === null) return null;
      if (list.star) star = true;
      for (const v of list.values) values.push(v);
    }
    return { star, values };
  }

  /** Route values, top first (empty when absent; malformed lines skipped). */
  routes(): NameAddr[] {
    return this.addressesOf(HeaderKind.Route);
  }

  /** Record-Route values, top first. */
  recordRoutes(): NameAddr[] {
    return this.addressesOf(HeaderKind.RecordRoute);
  }

  private addressesOf(kind: HeaderKind): NameAddr[] {
    const out: NameAddr[] = [];
    for (const h of this.headers) {
      if (h.kind !== kind) continue;
      const list = this.nameAddrList(h);
      if (list !== null) for (const v of list.values) out.push(v);
    }
    return out;
  }

  /** Comma list of name-addrs in one header line (cached). */
  nameAddrList(h: HeaderField): ContactList | null {
    if (h.parsed === undefined) {
      const r = parseNameAddrList(h.raw);
      h.parsed = r.ok ? { star: r.star, values: r.values } : BAD;
    }
    return h.parsed === BAD ? null : (h.parsed as ContactList);
  }
}
