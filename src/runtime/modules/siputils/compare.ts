/**
 * Kamailio's core comparisons (`core/strutils.c`) behind siputils' `cmp_uri`, `cmp_aor` and
 * `cmp_hdr_name`: each returns 0 on a match, > 0 on a mismatch, < 0 on an error or (for the
 * string compares) on "less than".
 */

import { HeaderKind, headerKindOf, parseUri, type SipParam, type SipUri } from "../../sip/index.js";

/** `cmp_str` / `cmpi_str`: empty sorts first, then byte order (case-folded for `cmpi_str`). */
export function cmpStr(a: string, b: string, ignoreCase: boolean): number {
  if (a.length === 0 && b.length === 0) return 0;
  if (a.length === 0) return -1;
  if (b.length === 0) return 1;
  const x = ignoreCase ? a.toLowerCase() : a;
  const y = ignoreCase ? b.toLowerCase() : b;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

function parse(text: string): SipUri | null {
  const r = parseUri(text);
  return r.ok ? r.uri : null;
}

function paramBody(p: SipParam): string {
  return p.value ?? "";
}

/** `cmp_str_params`: a parameter present in both must have the same value (case-insensitive). */
function cmpParams(a: readonly SipParam[], b: readonly SipParam[]): number {
  for (const p of a) {
    for (const q of b) {
      if (p.name.toLowerCase() === q.name.toLowerCase() && paramBody(p).toLowerCase() !== paramBody(q).toLowerCase()) return 1;
    }
  }
  return 0;
}

/** The parameters RFC 3261 19.1.4 says must match when present on one side only. */
const STRICT_PARAMS = ["user", "ttl", "method", "maddr"];

function hasStrictParam(u: SipUri): boolean {
  return STRICT_PARAMS.some((n) => u.param(n) !== undefined);
}

/** `cmp_uri_str`: scheme, user, port, password exactly, host case-insensitively, then the params. */
export function cmpUri(s1: string, s2: string): number {
  const u1 = parse(s1);
  const u2 = parse(s2);
  if (u1 === null || u2 === null) return -1;
  if (u1.scheme !== u2.scheme) return 1;
  if (u1.user !== u2.user || u1.portText !== u2.portText || (u1.password ?? "") !== (u2.password ?? "")) return 1;
  if (u1.host.toLowerCase() !== u2.host.toLowerCase()) return 1;
  if (u1.params.length === 0 && u2.params.length === 0) return 0;
  if (u1.params.length === 0 && hasStrictParam(u2)) return 1;
  if (u2.params.length === 0 && hasStrictParam(u1)) return 1;
  return cmpParams(u1.params, u2.params);
}

/** `cmp_aor_str`: user exactly, host case-insensitively, port (a missing one is 5060). */
export function cmpAor(s1: string, s2: string): number {
  const u1 = parse(s1);
  const u2 = parse(s2);
  if (u1 === null || u2 === null) return -1;
  if (u1.user !== u2.user) return 1;
  if (u1.portText !== u2.portText) {
    if (u1.portText === "" && u2.port !== 5060) return 1;
    if (u2.portText === "" && u1.port !== 5060) return 1;
  }
  return u1.host.toLowerCase() === u2.host.toLowerCase() ? 0 : 1;
}

/** `cmp_hdrname_str`: known names (full or compact) by kind, others case-insensitively. */
export function cmpHeaderName(n1: string, n2: string): number {
  const a = n1.replace(/[ \t\r\n]+$/, "");
  const b = n2.replace(/[ \t\r\n]+$/, "");
  const k1 = headerKindOf(a);
  const k2 = headerKindOf(b);
  if (k1 !== HeaderKind.Other) return k1 === k2 ? 0 : 2;
  if (k2 !== HeaderKind.Other) return 2;
  return cmpStr(a, b, true);
}
