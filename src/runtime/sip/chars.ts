/** Byte-level helpers shared by the SIP scanners. Everything here works on latin1 strings or raw bytes. */

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HT = 0x09;
export const COLON = 0x3a;

/** Linear white space, including the CR/LF of a folded line (parsers run on raw, unfolded text). */
export function isLws(c: number): boolean {
  return c === SP || c === HT || c === CR || c === LF;
}

/** RFC 3261 `token` characters. */
const TOKEN = new Uint8Array(256);
for (const ch of "-.!%*_+`'~") TOKEN[ch.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;

export function isTokenChar(c: number): boolean {
  return TOKEN[c] === 1;
}

export function skipLws(s: string, i: number, end: number): number {
  while (i < end && isLws(s.charCodeAt(i))) i++;
  return i;
}

export function trimLwsEnd(s: string, start: number, end: number): number {
  while (end > start && isLws(s.charCodeAt(end - 1))) end--;
  return end;
}

/** Parses a run of ASCII digits as a non-negative integer; -1 when empty, not all digits, or above `max`. */
export function parseUint(s: string, start: number, end: number, max: number): number {
  if (start >= end) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
    if (n > max) return -1;
  }
  return n;
}

/** Decodes latin1-held bytes as UTF-8 when they are not plain ASCII (display names, reasons). */
export function latin1ToUtf8(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, "latin1").toString("utf8");
  }
  return s;
}

/** Replaces folded line breaks (CRLF/LF followed by SP/HT) with one space, as RFC 3261 7.3.1 allows. */
export function unfold(s: string): string {
  return s.replace(/\r?\n[ \t]+/g, " ");
}
