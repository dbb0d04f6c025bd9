/**
 * name-addr / addr-spec values (From, To, Contact, Route, Record-Route, …), RFC 3261 20.10 and 25.1.
 * Parsed from the raw (latin1, possibly folded) header text; offsets index that text.
 */

import { isLws, latin1ToUtf8, skipLws, trimLwsEnd } from "./chars.js";
import { findParam, parseParamList, type SipParam, skipQuoted, splitCommaList } from "./params.js";
import { parseUri, type SipUri } from "./uri.js";

export class NameAddr {
  /** Display name without quotes (UTF-8 decoded, escapes kept), "" when absent. */
  readonly displayName: string;
  /** The URI text (inside `<...>` when bracketed). */
  readonly uriText: string;
  /** True when the URI was written inside `<...>`. */
  readonly bracketed: boolean;
  /** Header parameters after the address (`tag`, `expires`, `q`, …). */
  readonly params: readonly SipParam[];
  /** Offsets of this value in the parsed text: whole value, URI text, end of address (before params). */
  readonly start: number;
  readonly end: number;
  readonly uriStart: number;
  readonly uriEnd: number;
  private uriCache: SipUri | null | undefined;

  constructor(
    displayName: string,
    uriText: string,
    bracketed: boolean,
    params: SipParam[],
    start: number,
    end: number,
    uriStart: number,
    uriEnd: number,
  ) {
    this.displayName = displayName;
    this.uriText = uriText;
    this.bracketed = bracketed;
    this.params = params;
    this.start = start;
    this.end = end;
    this.uriStart = uriStart;
    this.uriEnd = uriEnd;
    this.uriCache = undefined;
  }

  /** The parsed URI, or null when the URI text does not parse. Cached. */
  get uri(): SipUri | null {
    if (this.uriCache === undefined) {
      const r = parseUri(this.uriText);
      this.uriCache = r.ok ? r.uri : null;
    }
    return this.uriCache;
  }

  /** Header parameter value (case-insensitive); null for a flag, undefined when absent. */
  param(name: string): string | null | undefined {
    const p = findParam(this.params, name);
    return p === undefined ? undefined : p.value;
  }

  /** The `tag` parameter, "" when absent. */
  get tag(): string {
    return this.param("tag") ?? "";
  }
}

export type NameAddrResult =
  | { readonly ok: true; readonly value: NameAddr }
  | { readonly ok: false; readonly reason: string };

/** Parses one name-addr or addr-spec with its header params from `s[start..end)`. */
export function parseNameAddr(s: string, start = 0, end = s.length): NameAddrResult {
  let i = skipLws(s, start, end);
  end = trimLwsEnd(s, i, end);
  if (i >= end) return { ok: false, reason: "empty address" };
  const valueStart = i;
  let displayName = "";
  let lt = -1;
  if (s.charCodeAt(i) === 0x22) {
    const q = skipQuoted(s, i, end);
    if (s.charCodeAt(q - 1) !== 0x22 || q - 1 === i) return { ok: false, reason: "unterminated quoted display name" };
    displayName = latin1ToUtf8(s.slice(i + 1, q - 1));
    i = skipLws(s, q, end);
    if (s.charCodeAt(i) !== 0x3c) return { ok: false, reason: "expected '<' after display name" };
    lt = i;
  } else {
    // Token display name: everything up to '<', when a '<' comes before any ';' / ',' of an addr-spec.
    let j = i;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c === 0x3c || c === 0x3b || c === 0x2c) break;
      j++;
    }
    if (j < end && s.charCodeAt(j) === 0x3c) {
      displayName = latin1ToUtf8(s.slice(i, trimLwsEnd(s, i, j)));
      lt = j;
    }
  }
  let uriStart: number;
  let uriEnd: number;
  let paramsAt: number;
  if (lt >= 0) {
    const gt = s.indexOf(">", lt + 1);
    if (gt < 0 || gt >= end) return { ok: false, reason: "missing '>'" };
    uriStart = lt + 1;
    uriEnd = gt;
    paramsAt = gt + 1;
  } else {
    // addr-spec: the URI ends at the first ';' (its params belong to the header) or LWS.
    uriStart = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 0x3b || isLws(c)) break;
      i++;
    }
    uriEnd = i;
    paramsAt = i;
  }
  if (uriEnd <= uriStart) return { ok: false, reason: "empty URI" };
  const params: SipParam[] = [];
  const stop = parseParamList(s, paramsAt, end, 0x3b, params, false);
  if (skipLws(s, stop, end) < end) return { ok: false, reason: "unexpected text after address" };
  const value = new NameAddr(
    displayName,
    s.slice(uriStart, uriEnd),
    lt >= 0,
    params,
    valueStart,
    end,
    uriStart,
    uriEnd,
  );
  return { ok: true, value };
}

export type NameAddrListResult =
  | { readonly ok: true; readonly star: boolean; readonly values: readonly NameAddr[] }
  | { readonly ok: false; readonly reason: string };

/** Parses a comma-separated list (Contact, Route, Record-Route, Path); `*` alone gives `star: true`. */
export function parseNameAddrList(s: string, start = 0, end = s.length): NameAddrListResult {
  const a = skipLws(s, start, end);
  const b = trimLwsEnd(s, a, end);
  if (b - a === 1 && s.charCodeAt(a) === 0x2a) return { ok: true, star: true, values: [] };
  const bounds = splitCommaList(s, a, b);
  const values: NameAddr[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const r = parseNameAddr(s, bounds[k]!, bounds[k + 1]!);
    if (!r.ok) return r;
    values.push(r.value);
  }
  if (values.length === 0) return { ok: false, reason: "empty address list" };
  return { ok: true, star: false, values };
}
