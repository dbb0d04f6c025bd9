/**
 * Known header names: one table gives the canonical spelling, the compact form (RFC 3261 7.3.3 and
 * later RFCs) and a numeric kind, so lookups from bytes never allocate.
 */

/** Numeric header kinds; `Other` for every name not in the table. */
export const HeaderKind = {
  Other: 0,
  Via: 1,
  From: 2,
  To: 3,
  CallId: 4,
  CSeq: 5,
  Contact: 6,
  ContentLength: 7,
  ContentType: 8,
  MaxForwards: 9,
  Route: 10,
  RecordRoute: 11,
  Expires: 12,
  Subject: 13,
  Supported: 14,
  Event: 15,
  ReferTo: 16,
  ReferredBy: 17,
  SessionExpires: 18,
  AllowEvents: 19,
  Identity: 20,
  ContentEncoding: 21,
  AcceptContact: 22,
  RejectContact: 23,
  RequestDisposition: 24,
  Authorization: 25,
  ProxyAuthorization: 26,
  WwwAuthenticate: 27,
  ProxyAuthenticate: 28,
  Allow: 29,
  Require: 30,
  ProxyRequire: 31,
  Unsupported: 32,
  UserAgent: 33,
  Server: 34,
  Path: 35,
  MinExpires: 36,
  Accept: 37,
  Privacy: 38,
  PAssertedIdentity: 39,
  PPreferredIdentity: 40,
  Date: 41,
  Organization: 42,
  Priority: 43,
  Diversion: 44,
  Rpid: 45,
} as const;
export type HeaderKind = (typeof HeaderKind)[keyof typeof HeaderKind];

/** [kind, canonical name, compact letter or ""] */
const TABLE: readonly (readonly [HeaderKind, string, string])[] = [
  [HeaderKind.Via, "Via", "v"],
  [HeaderKind.From, "From", "f"],
  [HeaderKind.To, "To", "t"],
  [HeaderKind.CallId, "Call-ID", "i"],
  [HeaderKind.CSeq, "CSeq", ""],
  [HeaderKind.Contact, "Contact", "m"],
  [HeaderKind.ContentLength, "Content-Length", "l"],
  [HeaderKind.ContentType, "Content-Type", "c"],
  [HeaderKind.MaxForwards, "Max-Forwards", ""],
  [HeaderKind.Route, "Route", ""],
  [HeaderKind.RecordRoute, "Record-Route", ""],
  [HeaderKind.Expires, "Expires", ""],
  [HeaderKind.Subject, "Subject", "s"],
  [HeaderKind.Supported, "Supported", "k"],
  [HeaderKind.Event, "Event", "o"],
  [HeaderKind.ReferTo, "Refer-To", "r"],
  [HeaderKind.ReferredBy, "Referred-By", "b"],
  [HeaderKind.SessionExpires, "Session-Expires", "x"],
  [HeaderKind.AllowEvents, "Allow-Events", "u"],
  [HeaderKind.Identity, "Identity", "y"],
  [HeaderKind.ContentEncoding, "Content-Encoding", "e"],
  [HeaderKind.AcceptContact, "Accept-Contact", "a"],
  [HeaderKind.RejectContact, "Reject-Contact", "j"],
  [HeaderKind.RequestDisposition, "Request-Disposition", "d"],
  [HeaderKind.Authorization, "Authorization", ""],
  [HeaderKind.ProxyAuthorization, "Proxy-Authorization", ""],
  [HeaderKind.WwwAuthenticate, "WWW-Authenticate", ""],
  [HeaderKind.ProxyAuthenticate, "Proxy-Authenticate", ""],
  [HeaderKind.Allow, "Allow", ""],
  [HeaderKind.Require, "Require", ""],
  [HeaderKind.ProxyRequire, "Proxy-Require", ""],
  [HeaderKind.Unsupported, "Unsupported", ""],
  [HeaderKind.UserAgent, "User-Agent", ""],
  [HeaderKind.Server, "Server", ""],
  [HeaderKind.Path, "Path", ""],
  [HeaderKind.MinExpires, "Min-Expires", ""],
  [HeaderKind.Accept, "Accept", ""],
  [HeaderKind.Privacy, "Privacy", ""],
  [HeaderKind.PAssertedIdentity, "P-Asserted-Identity", ""],
  [HeaderKind.PPreferredIdentity, "P-Preferred-Identity", ""],
  [HeaderKind.Date, "Date", ""],
  [HeaderKind.Organization, "Organization", ""],
  [HeaderKind.Priority, "Priority", ""],
  [HeaderKind.Diversion, "Diversion", ""],
  [HeaderKind.Rpid, "Remote-Party-ID", ""],
];

interface NameEntry {
  readonly kind: HeaderKind;
  readonly canonical: string;
  /** Lower-case bytes of the spelling this entry matches. */
  readonly lower: Uint8Array;
}

/** Entries bucketed by (length, lower-case first byte) so a lookup compares at most a few names. */
const buckets = new Map<number, NameEntry[]>();
const byLowerName = new Map<string, NameEntry>();
const canonicalByKind: string[] = [];

function addSpelling(kind: HeaderKind, canonical: string, spelling: string): void {
  const lower = Buffer.from(spelling.toLowerCase(), "latin1");
  const entry: NameEntry = { kind, canonical, lower };
  const key = (lower.length << 8) | lower[0]!;
  const list = buckets.get(key);
  if (list) list.push(entry);
  else buckets.set(key, [entry]);
  byLowerName.set(spelling.toLowerCase(), entry);
}

for (const [kind, canonical, compact] of TABLE) {
  canonicalByKind[kind] = canonical;
  addSpelling(kind, canonical, canonical);
  if (compact) addSpelling(kind, canonical, compact);
}

function lowerByte(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** Finds the known header whose full or compact name equals `buf[start..end)` case-insensitively. */
export function lookupHeaderName(
  buf: Uint8Array,
  start: number,
  end: number,
): { readonly kind: HeaderKind; readonly canonical: string } | undefined {
  const len = end - start;
  if (len <= 0 || len > 255) return undefined;
  const list = buckets.get((len << 8) | lowerByte(buf[start]!));
  if (list === undefined) return undefined;
  outer: for (const entry of list) {
    const lower = entry.lower;
    for (let i = 1; i < len; i++) {
      if (lowerByte(buf[start + i]!) !== lower[i]) continue outer;
    }
    return entry;
  }
  return undefined;
}

/** Kind of a header given by name (full or compact, any case); `Other` when unknown. */
export function headerKindOf(name: string): HeaderKind {
  return byLowerName.get(name.toLowerCase())?.kind ?? HeaderKind.Other;
}

/** Canonical spelling of a name: known names (full or compact) map to their full form, others stay. */
export function canonicalHeaderName(name: string): string {
  return byLowerName.get(name.toLowerCase())?.canonical ?? name;
}

/** Canonical spelling of a known kind (`"Call-ID"` for `HeaderKind.CallId`). */
export function headerNameOfKind(kind: HeaderKind): string {
  return canonicalByKind[kind] ?? "";
}
