/**
 * `log_extra` (acc_extra.c `parse_acc_extra`): `name=$pv;name2=$pv2`, spaces allowed around names,
 * `=` and `;`. Each pair adds `;name=value` to the ACC line, the value read from the request.
 */

import { parsePvSpecAt, validatePvSpec } from "../../../pv/index.js";

export interface AccExtra {
  readonly name: string;
  /** The PV spec text (`$fU`), read with the pv module's `get`. */
  readonly spec: string;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** The extras of `text`, or an error as Kamailio reports it (`parse failed in <…> around position N`). */
export function parseAccExtra(text: string, max: number): AccExtra[] | string {
  const out: AccExtra[] = [];
  const fail = (at: number) => `parse failed in <${text}> around position ${at}`;
  let s = 0;
  while (s < text.length) {
    while (s < text.length && isSpace(text[s])) s++;
    if (s >= text.length) return fail(s);
    if (out.length === max) return "too many extras -> please increase the internal buffer";
    const nameStart = s;
    while (s < text.length && !isSpace(text[s]) && text[s] !== "=") s++;
    if (s >= text.length) return fail(s);
    const name = text.slice(nameStart, s);
    if (text[s] !== "=") {
      s++;
      while (s < text.length && isSpace(text[s])) s++;
      if (text[s] !== "=") return fail(s);
    }
    s++;
    while (s < text.length && isSpace(text[s])) s++;
    if (text[s] !== "$") return fail(s);
    const r = parsePvSpecAt(text, s);
    if (r.spec === undefined || validatePvSpec(r.spec).length > 0) return fail(s);
    out.push({ name, spec: r.spec.text });
    s += r.length;
    while (s < text.length && isSpace(text[s])) s++;
    if (s < text.length) {
      // A pair ends at ';', which must be followed by another pair.
      if (text[s] !== ";" || s + 1 >= text.length) return fail(s + 1);
      s++;
    }
  }
  return out;
}
