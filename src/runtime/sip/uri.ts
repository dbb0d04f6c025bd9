/**
 * SIP/SIPS/TEL URIs (RFC 3261 19.1, RFC 3966), parsed liberally like Kamailio's `parse_uri`: escaped
 * characters stay escaped, unknown params are kept in order, only structure errors are rejected.
 */

import { parseUint } from "./chars.js";
import { findParam, parseParamList, SipParam } from "./params.js";

export type UriScheme = "sip" | "sips" | "tel" | "tels";
export type HostKind = "ipv4" | "ipv6" | "name" | "none";

export class SipUri {
  /** The URI text exactly as parsed. */
  readonly text: string;
  readonly scheme: UriScheme;
  /** User part (for tel: the number), "" when absent. Still %-escaped. */
  readonly user: string;
  /** Password after `user:`, null when absent. */
  readonly password: string | null;
  /** Host as written; IPv6 references keep their brackets (`[2001:db8::1]`). "" for tel. */
  readonly host: string;
  readonly hostKind: HostKind;
  /** Port number, 0 when absent. */
  readonly port: number;
  /** Port as written ("" when absent). */
  readonly portText: string;
  /** URI parameters in order (`transport`, `lr`, `user`, …). */
  readonly params: readonly SipParam[];
  /** Raw `;...` parameter text, "" when none. */
  readonly paramsText: string;
  /** URI headers after `?` (`name=value` pairs joined by `&`). */
  readonly headers: readonly SipParam[];

  constructor(
    text: string,
    scheme: UriScheme,
    user: string,
    password: string | null,
    host: string,
    hostKind: HostKind,
    port: number,
    portText: string,
    params: SipParam[],
    paramsText: string,
    headers: SipParam[],
  ) {
    this.text = text;
    this.scheme = scheme;
    this.user = user;
    this.password = password;
    this.host = host;
    this.hostKind = hostKind;
    this.port = port;
    this.portText = portText;
    this.params = params;
    this.paramsText = paramsText;
    this.headers = headers;
  }

  /** Value of a URI parameter (case-insensitive name); null for a flag; undefined when absent. */
  param(name: string): string | null | undefined {
    const p = findParam(this.params, name);
    return p === undefined ? undefined : p.value;
  }

  /** `transport` parameter in lower case, "" when absent. */
  get transport(): string {
    return (this.param("transport") ?? "").toLowerCase();
  }
}

export type UriResult = { readonly ok: true; readonly uri: SipUri } | { readonly ok: false; readonly reason: string };

function fail(reason: string): UriResult {
  return { ok: false, reason };
}

/** Parses a SIP, SIPS, TEL or TELS URI; never throws. */
export function parseUri(text: string): UriResult {
  const colon = text.indexOf(":");
  if (colon <= 0) return fail("missing scheme");
  const schemeText = text.slice(0, colon).toLowerCase();
  if (schemeText !== "sip" && schemeText !== "sips" && schemeText !== "tel" && schemeText !== "tels") {
    return fail(`unsupported URI scheme "${text.slice(0, colon)}"`);
  }
  const scheme: UriScheme = schemeText;
  const end = text.length;
  for (let k = colon + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c <= 0x20 || c === 0x7f) return fail("white space or control character in URI");
  }
  if (scheme === "tel" || scheme === "tels") return parseTel(text, scheme, colon + 1, end);

  // The header part starts at the first '?'; userinfo ends at the first '@' before it.
  let hdrStart = text.indexOf("?", colon + 1);
  if (hdrStart < 0) hdrStart = end;
  const at = text.indexOf("@", colon + 1);
  let user = "";
  let password: string | null = null;
  let hostStart = colon + 1;
  if (at >= 0 && at < hdrStart) {
    const userinfo = text.slice(colon + 1, at);
    const pw = userinfo.indexOf(":");
    if (pw >= 0) {
      user = userinfo.slice(0, pw);
      password = userinfo.slice(pw + 1);
    } else {
      user = userinfo;
    }
    hostStart = at + 1;
  }

  let i = hostStart;
  let host: string;
  let hostKind: HostKind;
  if (text.charCodeAt(i) === 0x5b) {
    const close = text.indexOf("]", i);
    if (close < 0 || close > hdrStart) return fail("unterminated IPv6 reference");
    host = text.slice(i, close + 1);
    hostKind = "ipv6";
    i = close + 1;
  } else {
    while (i < hdrStart) {
      const c = text.charCodeAt(i);
      if (c === 0x3a || c === 0x3b) break;
      i++;
    }
    host = text.slice(hostStart, i);
    hostKind = IPV4.test(host) ? "ipv4" : "name";
  }
  if (host.length === 0) return fail("empty host");
  if (hostKind === "name" && !HOSTNAME.test(host)) return fail(`bad host "${host}"`);

  let port = 0;
  let portText = "";
  if (i < hdrStart && text.charCodeAt(i) === 0x3a) {
    const pStart = i + 1;
    i = pStart;
    while (i < hdrStart && text.charCodeAt(i) !== 0x3b) i++;
    portText = text.slice(pStart, i);
    port = parseUint(text, pStart, i, 65535);
    if (port < 0) return fail(`bad port "${portText}"`);
  }
  if (i < hdrStart && text.charCodeAt(i) !== 0x3b) return fail("unexpected character after host");

  const params: SipParam[] = [];
  const paramsStart = i;
  parseUriParams(text, i, hdrStart, 0x3b, params);
  const headers: SipParam[] = [];
  if (hdrStart < end) parseUriParams(text, hdrStart, end, 0x26, headers, true);
  return {
    ok: true,
    uri: new SipUri(text, scheme, user, password, host, hostKind, port, portText, params, text.slice(paramsStart, hdrStart), headers),
  };
}

/** URI params have no LWS; split on `sep` only. `first` treats the leading `?` as a separator. */
function parseUriParams(s: string, i: number, end: number, sep: number, out: SipParam[], first = false): void {
  while (i < end) {
    const start = i;
    if (!first && s.charCodeAt(i) !== sep) return;
    first = false;
    let j = i + 1;
    while (j < end && s.charCodeAt(j) !== sep) j++;
    const eq = s.indexOf("=", i + 1);
    if (eq >= 0 && eq < j) out.push(new SipParam(s.slice(i + 1, eq), s.slice(eq + 1, j), start, j));
    else out.push(new SipParam(s.slice(i + 1, j), null, start, j));
    i = j;
  }
}

function parseTel(text: string, scheme: UriScheme, start: number, end: number): UriResult {
  let semi = text.indexOf(";", start);
  if (semi < 0) semi = end;
  const number = text.slice(start, semi);
  if (number.length === 0) return fail("empty telephone number");
  const params: SipParam[] = [];
  parseParamList(text, semi, end, 0x3b, params, false);
  return { ok: true, uri: new SipUri(text, scheme, number, null, "", "none", 0, "", params, text.slice(semi), []) };
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** Liberal hostname: letters, digits, `-`, `.`, `_` (Kamailio accepts `_` in host names). */
const HOSTNAME = /^[A-Za-z0-9_.-]+$/;
