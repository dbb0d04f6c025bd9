/**
 * What registrar reads from a request, as Kamailio 5.6.3's registrar does: the address of record
 * (`extract_aor`), q values (`str2q`), method sets (Allow header and `methods` Contact param), the
 * Path vector, and the Contact header checks (`check_contacts`).
 */

import type { HeaderField, NameAddr, SipMessage } from "../../sip/index.js";
import { parseNameAddrList } from "../../sip/index.js";

/** Registrar's error numbers (`rerrno`), named as in registrar's rerrno.h. */
export type RegError =
  | "R_FINE"
  | "R_UL_DEL_R"
  | "R_UL_GET_R"
  | "R_INV_CSEQ"
  | "R_UL_INS_C"
  | "R_UL_UPD_C"
  | "R_UL_DEL_C"
  | "R_AOR_LEN"
  | "R_AOR_PARSE"
  | "R_INV_Q"
  | "R_PARSE"
  | "R_TO_MISS"
  | "R_CID_MISS"
  | "R_CS_MISS"
  | "R_PARSE_CONT"
  | "R_STAR_EXP"
  | "R_STAR_CONT"
  | "R_UNESCAPE"
  | "R_TOO_MANY"
  | "R_CONTACT_LEN"
  | "R_CALLID_LEN"
  | "R_PARSE_PATH"
  | "R_PATH_UNSUP"
  | "R_INV_REGID"
  | "R_LOW_EXP";

/** Reply code and P-Registrar-Error text of each error (registrar's reply.c tables). */
export const REG_ERRORS: Readonly<Record<RegError, readonly [number, string]>> = {
  R_FINE: [200, "No problem"],
  R_UL_DEL_R: [500, "usrloc_record_delete failed"],
  R_UL_GET_R: [500, "usrloc_record_get failed"],
  R_INV_CSEQ: [400, "Invalid CSeq number"],
  R_UL_INS_C: [500, "usrloc_contact_insert failed"],
  R_UL_UPD_C: [500, "usrloc_contact_update failed"],
  R_UL_DEL_C: [500, "usrloc_contact_delete failed"],
  R_AOR_LEN: [500, "Address Of Record too long"],
  R_AOR_PARSE: [400, "Error while parsing AOR"],
  R_INV_Q: [400, "Invalid q param in contact"],
  R_PARSE: [400, "Message parse error"],
  R_TO_MISS: [400, "To header not found"],
  R_CID_MISS: [400, "Call-ID header not found"],
  R_CS_MISS: [400, "CSeq header not found"],
  R_PARSE_CONT: [400, "Contact parse error"],
  R_STAR_EXP: [400, "* used in contact and expires is not zero"],
  R_STAR_CONT: [400, "* used in contact and more than 1 contact"],
  R_UNESCAPE: [400, "Error while unescaping username"],
  R_TOO_MANY: [503, "Too many registered contacts"],
  R_CONTACT_LEN: [400, "Contact/received too long"],
  R_CALLID_LEN: [400, "Callid too long"],
  R_PARSE_PATH: [400, "Path parse error"],
  R_PATH_UNSUP: [420, "No support for found Path indicated"],
  R_INV_REGID: [400, "Invalid Reg-Id number"],
  R_LOW_EXP: [423, "Interval too brief"],
};

export const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  420: "Bad Extension",
  421: "Extension Required",
  423: "Interval Too Brief",
  439: "First Hop Lacks Outbound Support",
  500: "Server Internal Error",
  503: "Service Unavailable",
};

export const USERNAME_MAX_SIZE = 64;
export const DOMAIN_MAX_SIZE = 128;
const MAX_AOR_LEN = 256;

export interface AorOptions {
  readonly useDomain: boolean;
  readonly caseSensitive: boolean;
  readonly realmPrefix: string;
}

/** extract_aor: `user` (or `user@host` with use_domain), unescaped, lower-cased; an error name when it fails. */
export function extractAor(uriText: string, o: AorOptions, parse: (t: string) => { user: string; host: string } | null): string | RegError {
  const uri = parse(uriText);
  if (uri === null) return "R_AOR_PARSE";
  if (uri.user.length + uri.host.length + 1 > MAX_AOR_LEN || uri.user.length > USERNAME_MAX_SIZE || uri.host.length > DOMAIN_MAX_SIZE) return "R_AOR_LEN";
  const user = unescapeUser(uri.user);
  if (user === null) return "R_UNESCAPE";
  let aor = user;
  if (o.useDomain) {
    if (user !== "") aor += "@";
    const p = o.realmPrefix;
    aor += p.length > 0 && p.length < uri.host.length && uri.host.startsWith(p) ? uri.host.slice(p.length) : uri.host;
  }
  if (o.caseSensitive && user !== "") return user + aor.slice(user.length).toLowerCase();
  return aor.toLowerCase();
}

function unescapeUser(s: string): string | null {
  if (!s.includes("%")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "%") {
      out += s[i];
      continue;
    }
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    out += String.fromCharCode(Number.parseInt(hex, 16));
    i += 2;
  }
  return out;
}

/** str2q: "0.5" → 500, "1" → 1000; null when not a q value (0..1 with at most 3 decimals). */
export function parseQ(text: string): number | null {
  const m = /^(0|1)(?:\.(\d{0,3}))?$/.exec(text.trim());
  if (m === null) return null;
  const q = Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  return q > 1000 ? null : q;
}

/** Kamailio's method bits (msg_parser.h `METHOD_*`). */
const METHOD_BITS: Readonly<Record<string, number>> = {
  INVITE: 1,
  CANCEL: 2,
  ACK: 4,
  BYE: 8,
  INFO: 16,
  REGISTER: 32,
  SUBSCRIBE: 64,
  NOTIFY: 128,
  MESSAGE: 256,
  OPTIONS: 512,
  PRACK: 1024,
  UPDATE: 2048,
  REFER: 4096,
  PUBLISH: 8192,
  KDMQ: 16384,
  GET: 32768,
  POST: 65536,
  PUT: 131072,
  DELETE: 262144,
};
const METHOD_OTHER = 524288;

export function methodBit(method: string): number {
  return METHOD_BITS[method.toUpperCase()] ?? METHOD_OTHER;
}

/** parse_methods over a comma list (Allow header values, a quoted `methods` param); null when empty. */
export function parseMethods(text: string): number | null {
  const body = text.trim().replace(/^"|"$/g, "");
  let bits = 0;
  for (const part of body.split(",")) {
    const name = part.trim();
    if (name === "") continue;
    if (!/^[A-Za-z0-9!%*_+`'~.-]+$/.test(name)) return null;
    bits |= methodBit(name);
  }
  return bits;
}

/** get_allow_methods: the methods of every Allow header, ALL_METHODS-like `null` when there is none. */
export function allowedMethods(msg: SipMessage): number | null {
  const lines = msg.headersNamed("Allow");
  if (lines.length === 0) return null;
  let bits = 0;
  for (const h of lines) bits |= parseMethods(h.value) ?? 0;
  return bits;
}

/** One Contact value with the header line it came from. */
export interface ContactEntry {
  readonly value: NameAddr;
}

export type ContactCheck =
  | { readonly ok: true; readonly star: boolean; readonly contacts: readonly NameAddr[] }
  | { readonly ok: false; readonly error: RegError };

/**
 * parse_contact_headers + check_contacts: `*` only alone and with Expires: 0; URIs and received
 * bounded. The contacts come in the order registrar processes them: header by header, each
 * header's values last first.
 */
export function checkContacts(msg: SipMessage, contactMaxSize: number): ContactCheck {
  const lines: HeaderField[] = msg.headersNamed("Contact");
  const parsed: { star: boolean; values: readonly NameAddr[] }[] = [];
  for (const h of lines) {
    const r = parseNameAddrList(h.raw);
    if (!r.ok) return { ok: false, error: "R_PARSE_CONT" };
    parsed.push({ star: r.star, values: r.values });
  }
  if (parsed.length === 0) return { ok: true, star: false, contacts: [] };
  if (parsed[0]!.star) {
    if (msg.expires() !== 0) return { ok: false, error: "R_STAR_EXP" };
    if (parsed.length > 1) return { ok: false, error: "R_STAR_CONT" };
    return { ok: true, star: true, contacts: [] };
  }
  const contacts: NameAddr[] = [];
  for (const p of parsed) {
    if (p.star) return { ok: false, error: "R_STAR_CONT" };
    // Kamailio's contact parser builds each header's list by prepending: a line's contacts come last first.
    for (const c of [...p.values].reverse()) {
      if (c.uriText.length > contactMaxSize) return { ok: false, error: "R_CONTACT_LEN" };
      const rcv = c.param("received");
      if (rcv !== undefined && rcv !== null && rcv.length > 255) return { ok: false, error: "R_CONTACT_LEN" };
      contacts.push(c);
    }
  }
  return { ok: true, star: false, contacts };
}

/** A header param value without surrounding quotes (Kamailio's contact param bodies). */
export function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** build_path_vector: every Path value joined by ","; the first hop must be a loose router. */
export function pathVector(msg: SipMessage, useReceived: boolean): { path: string; received: string } | RegError {
  const lines = msg.headersNamed("Path");
  if (lines.length === 0) return { path: "", received: "" };
  const path = lines.map((h) => h.raw).join(",");
  const list = parseNameAddrList(path);
  if (!list.ok || list.star) return "R_PARSE_PATH";
  const first = list.values[0]!.uri;
  if (first === null || first.param("lr") === undefined) return "R_PARSE_PATH";
  let received = "";
  if (useReceived) {
    const r = first.param("received");
    if (r !== undefined && r !== null) received = decodeURIComponent(r);
  }
  return { path, received };
}

/** get_path_dst_uri: the URI of the first Path entry. */
export function firstPathUri(path: string): string | null {
  const list = parseNameAddrList(path);
  return list.ok && !list.star ? list.values[0]!.uriText : null;
}
