/**
 * The individual checks of Kamailio's sanity module (`sanity.c`), in the order `sanity_check` runs
 * them. Each returns null when the message passes, or a failure: the reply to send (none for
 * failures Kamailio does not answer) and the extra reply header (`Unsupported:` for 420).
 */

import type { MsgContext } from "../../engine/context.js";
import { type HeaderField, HeaderKind, parseUri, type SipMessage } from "../../sip/index.js";
import { parseDigest } from "./digest.js";

export const CHECK = {
  RURI_SIP_VERSION: 1 << 0,
  RURI_SCHEME: 1 << 1,
  REQUIRED_HEADERS: 1 << 2,
  VIA_SIP_VERSION: 1 << 3,
  VIA_PROTOCOL: 1 << 4,
  CSEQ_METHOD: 1 << 5,
  CSEQ_VALUE: 1 << 6,
  CL: 1 << 7,
  EXPIRES_VALUE: 1 << 8,
  PROXY_REQUIRE: 1 << 9,
  PARSE_URIS: 1 << 10,
  CHECK_DIGEST: 1 << 11,
  CHECK_DUPTAGS: 1 << 12,
  CHECK_AUTHORIZATION: 1 << 13,
  VIA1_HEADER: 1 << 14,
} as const;

export const URI_CHECK = { RURI: 1 << 0, FROM: 1 << 1, TO: 1 << 2, CONTACT: 1 << 3 } as const;

export const DEFAULT_CHECKS =
  CHECK.RURI_SIP_VERSION | CHECK.RURI_SCHEME | CHECK.REQUIRED_HEADERS | CHECK.CSEQ_METHOD | CHECK.CSEQ_VALUE | CHECK.CL |
  CHECK.EXPIRES_VALUE | CHECK.PROXY_REQUIRE | CHECK.CHECK_DIGEST;
export const DEFAULT_URI_CHECKS = URI_CHECK.RURI | URI_CHECK.FROM | URI_CHECK.TO;

export interface Failure {
  /** The reply Kamailio sends (unless `noreply`), or null when it fails silently. */
  readonly reply: { readonly code: number; readonly reason: string } | null;
  /** A header line added to the reply (`Unsupported: ext`). */
  readonly header?: string;
}

const silent: Failure = { reply: null };
const fail = (code: number, reason: string, header?: string): Failure => ({ reply: { code, reason }, ...(header ? { header } : {}) });

/** `str2valid_uint`: up to 10 digits, compared digit by digit against "4294967296" (which itself passes). */
export function validUint(text: string): boolean {
  if (text.length > 10) return false;
  const limit = "4294967296";
  let equal = text.length === 10;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c < "0" || c > "9") return false;
    if (equal) {
      if (c < limit[i]!) equal = false;
      else if (c > limit[i]!) return false;
    }
  }
  return true;
}

function ruriSipVersion(msg: SipMessage): Failure | null {
  const v = msg.version;
  if (v.length === 0) return null;
  const slash = v.indexOf("/");
  if (slash < 0) return silent;
  return v.slice(slash + 1) === "2.0" ? null : fail(505, "Version Not Supported (R-URI)");
}

function ruriScheme(ctx: MsgContext): Failure | null {
  return ctx.ruri() === null ? fail(400, "Bad Request URI") : null;
}

/** From, To, Call-ID and CSeq once each (a duplicate fails without a reply). */
function requiredHeaders(msg: SipMessage): Failure | null {
  let seen = 0;
  for (const h of msg.headers) {
    const bit =
      h.kind === HeaderKind.From ? 1 : h.kind === HeaderKind.To ? 2 : h.kind === HeaderKind.CallId ? 4 : h.kind === HeaderKind.CSeq ? 8 : 0;
    if (bit === 0) continue;
    if (seen & bit) return silent;
    seen |= bit;
  }
  return seen === 15 ? null : silent;
}

function cseqMethod(msg: SipMessage): Failure | null {
  const c = msg.cseq();
  if (c === null) return silent;
  if (c.method.length === 0) return fail(400, "Missing method in CSeq header");
  return c.method === msg.method ? null : fail(400, "CSeq method does not match request method");
}

function cseqValue(msg: SipMessage): Failure | null {
  const c = msg.cseq();
  if (c === null) return silent;
  if (c.numberText.length === 0) return fail(400, "Missing number in CSeq header");
  return validUint(c.numberText) ? null : fail(400, "CSeq number is illegal");
}

/** With a Content-Length, everything after the blank line must be exactly that long. */
function contentLength(msg: SipMessage): Failure | null {
  if (msg.contentLength < 0) return null;
  return msg.buf.length - msg.bodyStart === msg.contentLength ? null : fail(400, "Content-Length mis-match");
}

/** `parse_expires` + `str2valid_uint`: the digits up to the first white space must be a 32-bit number. */
function expiresValue(msg: SipMessage): Failure | null {
  const h = msg.firstOfKind(HeaderKind.Expires);
  if (h === undefined) return null;
  const text = h.raw.trim();
  if (text.length === 0) return fail(400, "Bad Expires Header");
  let number = text;
  if (text.length <= 10) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c >= "0" && c <= "9") continue;
      if (c === " " || c === "\t" || c === "\r" || c === "\n") number = text.slice(0, i);
      break;
    }
  }
  if (number.length === 0) return fail(400, "Missing number in Expires header");
  return validUint(number) ? null : fail(400, "Expires value is illegal");
}

/** `parse_str_list`: comma-separated, trimmed items (an empty list is none). */
export function strList(text: string): string[] {
  const t = text.trim();
  if (t.length === 0) return [];
  return t.split(",").map((s) => s.trim());
}

function proxyRequire(msg: SipMessage, supported: readonly string[]): Failure | null {
  const h = msg.firstOfKind(HeaderKind.ProxyRequire);
  if (h === undefined) return null;
  const items = strList(h.raw);
  if (items.length === 0) return fail(400, "Bad Proxy Require Header");
  for (const ext of items) {
    if (!supported.includes(ext)) return fail(420, "Bad Proxy Require Extension", `Unsupported: ${ext}`);
  }
  return null;
}

function uriParses(text: string): boolean {
  return parseUri(text).ok;
}

function parseUris(ctx: MsgContext, checks: number): Failure | null {
  const msg = ctx.msg;
  if (checks & URI_CHECK.RURI && ctx.ruri() === null) return fail(400, "Bad Request URI");
  if (checks & URI_CHECK.FROM) {
    const h = msg.firstOfKind(HeaderKind.From);
    const f = msg.nameAddr(h);
    if (f === null || !uriParses(f.uriText)) return h === undefined ? silent : fail(400, "Invalid From Header");
  }
  if (checks & URI_CHECK.TO) {
    const h = msg.firstOfKind(HeaderKind.To);
    const t = msg.nameAddr(h);
    if (t === null || !uriParses(t.uriText)) return h === undefined ? silent : fail(400, "Ivalid To Header");
  }
  if (checks & URI_CHECK.CONTACT) {
    const first = msg.firstOfKind(HeaderKind.Contact);
    if (first !== undefined) {
      const list = msg.nameAddrList(first);
      if (list === null) return fail(400, "Bad Contact Header");
      const c = list.values[0];
      if (!list.star && (c === undefined || !uriParses(c.uriText))) return fail(400, "Bad Contact URI");
    }
  }
  return null;
}

/** The credentials headers in Kamailio's order: every Authorization, then every Proxy-Authorization. */
function credentialHeaders(msg: SipMessage): HeaderField[] {
  const auth = msg.headers.filter((h) => h.kind === HeaderKind.Authorization);
  const proxy = msg.headers.filter((h) => h.kind === HeaderKind.ProxyAuthorization);
  return [...auth, ...proxy];
}

/** `check_digest_only`: "passed", "not-applicable" (a non-Digest scheme) or a failure. */
function digestOnly(msg: SipMessage): "passed" | "not-applicable" | Failure {
  for (const h of credentialHeaders(msg)) {
    const d = parseDigest(h.raw);
    if (d === "not-digest") return "not-applicable";
    if (d === "bad") return fail(400, "Bad Auth Header");
    const qop = d.qop?.toLowerCase();
    const qopNeedsMore = qop === "auth" || qop === "auth-int";
    if (
      d.username === undefined || d.realm === undefined || d.nonce === undefined || d.uri === undefined || d.response === undefined ||
      (qopNeedsMore && (d.cnonce === undefined || d.nc === undefined))
    ) {
      return fail(400, "Bad Auth Credentials");
    }
    if (d.username.length === 0) return fail(400, "Auth Empty User");
    if (d.nonce.length === 0) return fail(400, "Auth Empty Nonce");
    if (d.response.length === 0) return fail(400, "Auth Empty Response");
  }
  return "passed";
}

/** More than one `tag` parameter in From or To. */
function duplicateTags(msg: SipMessage): Failure | null {
  const from = msg.from();
  const to = msg.to();
  if (from === null || to === null) return silent;
  const tags = (params: readonly { name: string }[]) => params.filter((p) => p.name.toLowerCase() === "tag").length;
  if (tags(from.params) > 1) return fail(400, "Many From Tag Params");
  if (tags(to.params) > 1) return fail(400, "Many To Tag Params");
  return null;
}

/** The order `sanity_check` runs the checks in (Via version and protocol are no-ops in 5.6.3). */
const ORDER = [
  CHECK.RURI_SIP_VERSION,
  CHECK.RURI_SCHEME,
  CHECK.REQUIRED_HEADERS,
  CHECK.VIA1_HEADER,
  CHECK.CSEQ_METHOD,
  CHECK.CSEQ_VALUE,
  CHECK.CL,
  CHECK.EXPIRES_VALUE,
  CHECK.PROXY_REQUIRE,
  CHECK.PARSE_URIS,
  CHECK.CHECK_DIGEST,
  CHECK.CHECK_AUTHORIZATION,
  CHECK.CHECK_DUPTAGS,
];

function runCheck(bit: number, ctx: MsgContext, uriChecks: number, proxyRequireList: readonly string[]): Failure | null {
  const msg = ctx.msg;
  switch (bit) {
    case CHECK.RURI_SIP_VERSION:
      return ruriSipVersion(msg);
    case CHECK.RURI_SCHEME:
      return ruriScheme(ctx);
    case CHECK.REQUIRED_HEADERS:
      return requiredHeaders(msg);
    case CHECK.VIA1_HEADER:
      // Fails only for a top Via that does not parse, which the receiver drops already.
      return msg.via() === null ? silent : null;
    case CHECK.CSEQ_METHOD:
      return cseqMethod(msg);
    case CHECK.CSEQ_VALUE:
      return cseqValue(msg);
    case CHECK.CL:
      return contentLength(msg);
    case CHECK.EXPIRES_VALUE:
      return expiresValue(msg);
    case CHECK.PROXY_REQUIRE:
      return proxyRequire(msg, proxyRequireList);
    case CHECK.PARSE_URIS:
      return parseUris(ctx, uriChecks);
    case CHECK.CHECK_DIGEST: {
      // A non-Digest scheme fails this check, silently.
      const r = digestOnly(msg);
      return r === "passed" ? null : r === "not-applicable" ? silent : r;
    }
    case CHECK.CHECK_AUTHORIZATION: {
      const r = digestOnly(msg);
      return r === "passed" || r === "not-applicable" ? null : r;
    }
    case CHECK.CHECK_DUPTAGS:
      return duplicateTags(msg);
    default:
      return null;
  }
}

/** `sanity_check`: the first failing check, or null when every selected check passes. */
export function runChecks(ctx: MsgContext, checks: number, uriChecks: number, proxyRequireList: readonly string[]): Failure | null {
  for (const bit of ORDER) {
    if ((checks & bit) === 0) continue;
    const f = runCheck(bit, ctx, uriChecks, proxyRequireList);
    if (f !== null) return f;
  }
  return null;
}
