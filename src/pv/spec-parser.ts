/**
 * Pseudo-variable specs as Kamailio 5.6.3 reads them: `pv_locate_name` finds where a spec ends,
 * then `pv_parse_spec2` (`src/core/pvapi.c`) reads `$name`, `$name(inner)`, `$(name)`,
 * `$(name(inner))`, `$(name[idx])`, `$(name(inner)[idx]{tr1}{tr2}…)` and the marker `$$`.
 * Transformations are read by `transform-parser.ts`. Whether the class exists is not checked here
 * (see `validatePvSpec`): this is syntax only, and it never throws.
 */
import { parseTransformChain } from "./transform-parser.js";
import type { PvIndex, PvSpec, PvSyntaxError, Transform } from "./types.js";

export interface PvParseResult {
  readonly spec?: PvSpec;
  readonly error?: PvSyntaxError;
  /** Characters the spec takes from `offset` on (as `pv_locate_name` counts them), even on error. */
  readonly length: number;
}

/** `is_pv_valid_char`: the characters of a class name. `?` is there for `$?`. */
export function isPvNameChar(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Za-z_.?]$/.test(c);
}

/**
 * `pv_locate_name`: the length of the spec starting with `$` at `offset`, counting parentheses
 * only, or undefined when a parenthesis is never closed. A `$` with no name after it has length 1.
 */
export function locatePv(text: string, offset: number, limit: number = text.length): number | undefined {
  const next = text[offset + 1];
  if (offset + 1 >= limit) return 1;
  if (next === "$") return 2;
  let i = offset + 1;
  if (next !== "(") {
    while (i < limit && isPvNameChar(text[i])) i++;
    if (text[i] !== "(" || i >= limit) return i - offset;
  }
  const close = matchingClose(text, i, limit, "(", ")");
  return close === undefined ? undefined : close + 1 - offset;
}

/** Parses the spec whose `$` is at `offset`; offsets in the result are offsets in `text`. */
export function parsePvSpecAt(text: string, offset: number): PvParseResult {
  return parseSpecWithin(text, offset, text.length);
}

/**
 * Parses `text` as one spec. Text after the spec is an error here (Kamailio's `pv_cache_get` would
 * ignore it; a user who wrote it almost certainly meant something else).
 */
export function parsePvSpec(text: string): { spec?: PvSpec; error?: PvSyntaxError } {
  if (text[0] !== "$") return { error: { offset: 0, message: "a pseudo-variable starts with '$'" } };
  const r = parsePvSpecAt(text, 0);
  if (r.error) return { error: r.error };
  if (r.length < text.length) {
    return { error: { offset: r.length, message: `unexpected text after ${text.slice(0, r.length)}` } };
  }
  return { spec: r.spec };
}

/** The spec at `start` (which holds `$`), reading no further than `limit`. */
export function parseSpecWithin(text: string, start: number, limit: number): PvParseResult {
  const length = locatePv(text, start, limit);
  if (length === undefined) {
    return { error: { offset: start + 1, message: "unclosed '(' in pseudo-variable" }, length: limit - start };
  }
  const end = start + length;
  const fail = (offset: number, message: string): PvParseResult => ({ error: { offset, message }, length });
  const done = (name: string, p: number, extra: Partial<PvSpec> = {}): PvParseResult => {
    if (p !== end) return fail(p, `unexpected '${text[p]}' in pseudo-variable`);
    const spec: PvSpec = { text: text.slice(start, end), start, end, name, transforms: [], ...extra };
    return { spec, length };
  };

  let p = start + 1;
  const long = text[p] === "(";
  if (long) p++;
  if (text[p] === "$") {
    p++;
    if (long) {
      if (text[p] !== ")") return fail(p, "expected ')' after '$($'");
      p++;
    }
    return done("$", p);
  }
  const nameStart = p;
  while (p < end && isPvNameChar(text[p])) p++;
  const name = text.slice(nameStart, p);
  if (name === "") return fail(nameStart, "expected a pseudo-variable name after '$'");

  if (!long) {
    if (text[p] !== "(" || p >= end) return done(name, p);
    const close = matchingClose(text, p, end, "(", ")")!;
    if (close === p + 1) return fail(close, `$${name}() has an empty inner name`);
    return done(name, close + 1, { inner: text.slice(p + 1, close) });
  }

  let inner: string | undefined;
  let index: PvIndex | undefined;
  let transforms: readonly Transform[] = [];
  if (text[p] === "(") {
    const close = matchingClose(text, p, end, "(", ")");
    if (close === undefined) return fail(p, "unclosed '(' in pseudo-variable");
    if (close === p + 1) return fail(close, `$(${name}()) has an empty inner name`);
    inner = text.slice(p + 1, close);
    p = close + 1;
  }
  if (text[p] === "[") {
    const close = matchingClose(text, p, end, "[", "]");
    if (close === undefined) return fail(p, "unclosed '[' in pseudo-variable index");
    if (close === p + 1) return fail(close, "empty index");
    const idx = parseIndex(text, p + 1, close);
    if ("error" in idx) return { error: idx.error, length };
    index = idx.index;
    p = close + 1;
  }
  if (text[p] === "{") {
    const chain = parseTransformChain(text, p, end - 1, parseSpecWithin);
    if (chain.error) return { error: chain.error, length };
    transforms = chain.transforms;
    p = chain.end;
  }
  if (text[p] !== ")") {
    const what = p >= end ? "end of text" : `'${text[p]}'`;
    return fail(p, `expected ')', '(', '[' or '{' in $(${name}…) but found ${what}`);
  }
  const extra: { inner?: string; index?: PvIndex; transforms: readonly Transform[] } = { transforms };
  if (inner !== undefined) extra.inner = inner;
  if (index) extra.index = index;
  return done(name, p + 1, extra);
}

/** `pv_parse_index`: a PV, `*`, `+`, or an optionally negative decimal number. */
function parseIndex(text: string, from: number, to: number): { index: PvIndex } | { error: PvSyntaxError } {
  const raw = text.slice(from, to);
  if (raw.startsWith("$")) {
    const r = parseSpecWithin(text, from, to);
    if (r.error) return { error: r.error };
    return { index: { kind: "pv", pv: r.spec! } };
  }
  if (raw === "*") return { index: { kind: "all" } };
  if (raw === "+") return { index: { kind: "iter" } };
  const m = /^(-?)([0-9]*)$/.exec(raw);
  if (!m) return { error: { offset: from, message: `invalid index [${raw}]` } };
  const n = Number(m[2] || "0");
  return { index: { kind: "int", value: m[1] ? -n : n } };
}

/** Offset of the bracket closing the one at `open`, counting nesting, or undefined. */
export function matchingClose(text: string, open: number, limit: number, o: string, c: string): number | undefined {
  let depth = 0;
  for (let i = open + 1; i < limit; i++) {
    const ch = text[i];
    if (ch === c) {
      if (depth === 0) return i;
      depth--;
    } else if (ch === o) depth++;
  }
  return undefined;
}
