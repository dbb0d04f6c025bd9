/** CSeq values: `number SP method`. */

import { isLws, parseUint, skipLws, trimLwsEnd } from "./chars.js";

export class CSeq {
  /** Sequence number; -1 when the number part is not a 32-bit decimal (Kamailio still accepts those). */
  readonly number: number;
  readonly numberText: string;
  readonly method: string;

  constructor(number: number, numberText: string, method: string) {
    this.number = number;
    this.numberText = numberText;
    this.method = method;
  }
}

/** Parses `number method`; null unless both parts are present (Kamailio's `parse_cseq` rule). */
export function parseCSeq(s: string): CSeq | null {
  const end = trimLwsEnd(s, 0, s.length);
  const a = skipLws(s, 0, end);
  let i = a;
  while (i < end && !isLws(s.charCodeAt(i))) i++;
  const b = skipLws(s, i, end);
  if (i === a || b >= end) return null;
  let j = b;
  while (j < end && !isLws(s.charCodeAt(j))) j++;
  if (j !== end) return null;
  return new CSeq(parseUint(s, a, i, 0xffffffff), s.slice(a, i), s.slice(b, end));
}
