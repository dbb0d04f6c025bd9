/** `;name=value` parameter lists, shared by URIs, name-addrs and Via. */

import { isLws, skipLws, trimLwsEnd } from "./chars.js";

/** One parameter; `value` is null for a bare flag (`;lr`), "" for `;x=`. Offsets index the parsed text. */
export class SipParam {
  readonly name: string;
  readonly value: string | null;
  /** Offset of the `;` (or `&` for URI headers) that introduces the parameter. */
  readonly start: number;
  /** Offset just past the parameter's last character. */
  readonly end: number;

  constructor(name: string, value: string | null, start: number, end: number) {
    this.name = name;
    this.value = value;
    this.start = start;
    this.end = end;
  }
}

/** Finds a parameter by name, case-insensitively (parameter names are case-insensitive in SIP). */
export function findParam(params: readonly SipParam[], name: string): SipParam | undefined {
  const lower = name.toLowerCase();
  for (const p of params) if (p.name.toLowerCase() === lower) return p;
  return undefined;
}

/**
 * Parses `sep name[=value]` items from `s[i..end)` until `end` or a character in `stop` outside quotes.
 * LWS around names, `=` and values is skipped (header params allow it). Returns the stop offset.
 */
export function parseParamList(
  s: string,
  i: number,
  end: number,
  sep: number,
  out: SipParam[],
  stopAtComma: boolean,
): number {
  while (i < end) {
    i = skipLws(s, i, end);
    if (i >= end || s.charCodeAt(i) !== sep) return i;
    const start = i;
    i = skipLws(s, i + 1, end);
    const nameStart = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 0x3d || c === sep || isLws(c) || (stopAtComma && c === 0x2c)) break;
      i++;
    }
    const name = s.slice(nameStart, i);
    let j = skipLws(s, i, end);
    let value: string | null = null;
    if (j < end && s.charCodeAt(j) === 0x3d) {
      j = skipLws(s, j + 1, end);
      const vStart = j;
      if (j < end && s.charCodeAt(j) === 0x22) {
        j = skipQuoted(s, j, end);
      } else {
        while (j < end) {
          const c = s.charCodeAt(j);
          if (c === sep || isLws(c) || (stopAtComma && c === 0x2c)) break;
          j++;
        }
      }
      value = s.slice(vStart, j);
      i = j;
    }
    out.push(new SipParam(name, value, start, trimLwsEnd(s, start, i)));
  }
  return i;
}

/** Given `s[i] === '"'`, returns the offset just past the closing quote (or `end` when unterminated). */
export function skipQuoted(s: string, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return end;
}

/**
 * Splits a header value on commas that are outside quoted strings and `<...>`; returns [start, end)
 * pairs (trimmed of LWS) as a flat array.
 */
export function splitCommaList(s: string, start = 0, end = s.length): number[] {
  const out: number[] = [];
  let itemStart = start;
  let angle = false;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x22 && !angle) {
      i = skipQuoted(s, i, end);
      continue;
    }
    if (c === 0x3c) angle = true;
    else if (c === 0x3e) angle = false;
    else if (c === 0x2c && !angle) {
      pushTrimmed(s, itemStart, i, out);
      itemStart = i + 1;
    }
    i++;
  }
  pushTrimmed(s, itemStart, end, out);
  return out;
}

function pushTrimmed(s: string, a: number, b: number, out: number[]): void {
  a = skipLws(s, a, b);
  b = trimLwsEnd(s, a, b);
  if (b > a) out.push(a, b);
}
