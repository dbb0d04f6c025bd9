/**
 * One pass over the bytes: first line, header line boundaries (folding aware), body by
 * Content-Length. Header values are not decoded here except the few Kamailio's receive path checks.
 */

import { COLON, CR, HT, isTokenChar, LF, parseUint, SP } from "./chars.js";
import { SipParseError } from "./errors.js";
import { HeaderField } from "./header-field.js";
import { HeaderKind, lookupHeaderName } from "./header-names.js";
import { SipMessage } from "./message.js";

/** Kamailio's BUF_SIZE: the largest message it receives. */
export const MAX_MESSAGE_SIZE = 65535;
/** Kamailio's MIN_UDP_PACKET: shorter datagrams are dropped silently. */
export const MIN_UDP_PACKET = 32;

export interface ParseOptions {
  /** Reject shorter input with `TooShort` (pass MIN_UDP_PACKET for UDP). Default 0. */
  readonly minLength?: number;
  /** Reject longer input with `TooLarge`. Default MAX_MESSAGE_SIZE. */
  readonly maxLength?: number;
  /**
   * Apply Kamailio's receive checks (default true): Via, From, To, Call-ID and CSeq present; the top
   * Via, To and CSeq parse. Without them only the structure is checked.
   */
  readonly receiveChecks?: boolean;
}

export type ParseResult =
  | { readonly ok: true; readonly msg: SipMessage }
  | { readonly ok: false; readonly error: SipParseError };

function fail(code: SipParseError["code"], reason: string, offset: number): ParseResult {
  return { ok: false, error: new SipParseError(code, reason, offset) };
}

const SIP20 = [0x53, 0x49, 0x50, 0x2f, 0x32, 0x2e, 0x30]; // "SIP/2.0"

function isSip20(buf: Buffer, i: number, end: number): boolean {
  if (end - i !== 7) return false;
  for (let k = 0; k < 7; k++) {
    const c = buf[i + k]!;
    if ((k < 3 ? c & 0xdf : c) !== SIP20[k]) return false;
  }
  return true;
}

/** Parses a complete SIP request or reply held in `buf`. Never throws. */
export function parseMessage(buf: Buffer, options: ParseOptions = {}): ParseResult {
  const len = buf.length;
  if (len < (options.minLength ?? 0)) return fail("TooShort", `message of ${len} bytes`, 0);
  if (len > (options.maxLength ?? MAX_MESSAGE_SIZE)) return fail("TooLarge", `message of ${len} bytes`, 0);

  // First line.
  let eol = buf.indexOf(LF);
  if (eol < 0) return fail("BadFirstLine", "no line terminator after the first line", len);
  const headersStart = eol + 1;
  if (eol > 0 && buf[eol - 1] === CR) eol--;
  let isRequest: boolean;
  let method = "";
  let ruriStart = 0;
  let ruriEnd = 0;
  let version: string;
  let status = 0;
  let reasonStart = 0;
  let reasonEnd = 0;
  const sp1 = buf.indexOf(SP, 0);
  if (sp1 <= 0 || sp1 >= eol) return fail("BadFirstLine", "first line has no space", 0);
  if (isSip20(buf, 0, sp1)) {
    isRequest = false;
    version = buf.toString("latin1", 0, sp1);
    let i = sp1;
    while (i < eol && buf[i] === SP) i++;
    status = parseUint(buf.toString("latin1", i, i + 3), 0, 3, 999);
    if (status < 100 || (i + 3 < eol && buf[i + 3] !== SP)) return fail("BadFirstLine", "bad status code", i);
    reasonStart = Math.min(i + 4, eol);
    reasonEnd = eol;
  } else {
    isRequest = true;
    for (let i = 0; i < sp1; i++) {
      if (!isTokenChar(buf[i]!)) return fail("BadFirstLine", "bad method", i);
    }
    method = buf.toString("latin1", 0, sp1);
    ruriStart = sp1 + 1;
    while (ruriStart < eol && buf[ruriStart] === SP) ruriStart++;
    ruriEnd = ruriStart;
    while (ruriEnd < eol && buf[ruriEnd] !== SP) ruriEnd++;
    if (ruriEnd === ruriStart) return fail("BadFirstLine", "missing Request-URI", ruriStart);
    let v = ruriEnd;
    while (v < eol && buf[v] === SP) v++;
    let vEnd = eol;
    while (vEnd > v && buf[vEnd - 1] === SP) vEnd--;
    if (!isSip20(buf, v, vEnd)) return fail("BadFirstLine", "version is not SIP/2.0", v);
    version = buf.toString("latin1", v, vEnd);
  }

  // Header lines, until a blank line or the end of the buffer (Kamailio accepts both over UDP).
  const headers: HeaderField[] = [];
  let pos = headersStart;
  let headersEnd = len;
  let bodyStart = len;
  let clHeader: HeaderField | undefined;
  while (pos < len) {
    const c0 = buf[pos]!;
    if (c0 === LF || (c0 === CR && buf[pos + 1] === LF)) {
      headersEnd = pos;
      bodyStart = pos + (c0 === LF ? 1 : 2);
      break;
    }
    // Logical line end: the LF not followed by SP/HT.
    let folded = false;
    let lineEnd = buf.indexOf(LF, pos);
    while (lineEnd >= 0 && lineEnd + 1 < len && (buf[lineEnd + 1] === SP || buf[lineEnd + 1] === HT)) {
      folded = true;
      lineEnd = buf.indexOf(LF, lineEnd + 1);
    }
    const end = lineEnd < 0 ? len : lineEnd + 1;
    let contentEnd = lineEnd < 0 ? len : lineEnd;
    if (contentEnd > pos && buf[contentEnd - 1] === CR) contentEnd--;

    let nameEnd = pos;
    while (nameEnd < contentEnd && isTokenChar(buf[nameEnd]!)) nameEnd++;
    if (nameEnd === pos) return fail("BadHeaderLine", "header line does not start with a name", pos);
    let colon = nameEnd;
    while (colon < contentEnd && (buf[colon] === SP || buf[colon] === HT)) colon++;
    if (colon >= contentEnd || buf[colon] !== COLON) return fail("BadHeaderLine", "header line without ':'", pos);
    let valueStart = colon + 1;
    while (valueStart < contentEnd && isFoldWs(buf[valueStart]!)) valueStart++;
    let valueEnd = contentEnd;
    while (valueEnd > valueStart && isFoldWs(buf[valueEnd - 1]!)) valueEnd--;

    const known = lookupHeaderName(buf, pos, nameEnd);
    const h = new HeaderField(
      buf,
      known === undefined ? HeaderKind.Other : known.kind,
      known === undefined ? buf.toString("latin1", pos, nameEnd) : known.canonical,
      pos,
      nameEnd,
      valueStart,
      valueEnd,
      end,
      folded,
    );
    headers.push(h);
    if (h.kind === HeaderKind.ContentLength && clHeader === undefined) clHeader = h;
    pos = end;
  }

  let contentLength = -1;
  let bodyEnd = len;
  if (clHeader !== undefined) {
    contentLength = parseUint(clHeader.raw, 0, clHeader.raw.length, MAX_MESSAGE_SIZE);
    if (contentLength < 0) return fail("BadContentLength", `bad Content-Length "${clHeader.raw}"`, clHeader.valueStart);
    bodyEnd = Math.min(len, bodyStart + contentLength);
  }

  const msg = new SipMessage(
    buf,
    isRequest,
    method,
    ruriStart,
    ruriEnd,
    version,
    status,
    reasonStart,
    reasonEnd,
    headersStart,
    headersEnd,
    headers,
    bodyStart,
    bodyEnd,
    contentLength,
  );
  if (options.receiveChecks === false) return { ok: true, msg };
  const error = receiveCheck(msg);
  return error === null ? { ok: true, msg } : { ok: false, error };
}

function isFoldWs(c: number): boolean {
  return c === SP || c === HT || c === CR || c === LF;
}

/**
 * Kamailio's `receive_msg` sanity rules: the top Via parses (`parse_msg`), To and CSeq parse (they
 * are parsed when found), and Via, From, To, Call-ID and CSeq are all present.
 */
export function receiveCheck(msg: SipMessage): SipParseError | null {
  const via = msg.firstOfKind(HeaderKind.Via);
  if (via === undefined) return new SipParseError("MissingHeader", "no Via header", msg.headersEnd);
  if (msg.viaValues(via) === null) return new SipParseError("BadVia", "malformed Via", via.valueStart);
  const to = msg.firstOfKind(HeaderKind.To);
  if (to !== undefined && msg.to() === null) return new SipParseError("BadTo", "malformed To", to.valueStart);
  const cseq = msg.firstOfKind(HeaderKind.CSeq);
  if (cseq !== undefined && msg.cseq() === null) return new SipParseError("BadCSeq", "malformed CSeq", cseq.valueStart);
  for (const kind of MANDATORY) {
    if (msg.firstOfKind(kind) === undefined) {
      return new SipParseError("MissingHeader", `no ${MANDATORY_NAMES[kind]} header`, msg.headersEnd);
    }
  }
  return null;
}

const MANDATORY = [HeaderKind.From, HeaderKind.To, HeaderKind.CallId, HeaderKind.CSeq] as const;
const MANDATORY_NAMES: Record<number, string> = {
  [HeaderKind.From]: "From",
  [HeaderKind.To]: "To",
  [HeaderKind.CallId]: "Call-ID",
  [HeaderKind.CSeq]: "CSeq",
};
