/**
 * textopsx's header-value functions (Kamailio's `textopsx.c`): header names with an optional
 * `[index]`, the comma-separated values of such headers, and the edits that add or remove one
 * value. Offsets are byte offsets in the message (header values are read as latin1).
 */

import type { MsgContext } from "../../engine/context.js";
import { type HeaderField, HeaderKind, headerKindOf } from "../../sip/index.js";

/** Values deeper than this from the end cannot be addressed with a negative index. */
export const MAX_HF_VALUE_STACK = 10;

/** `hname [ [] | [*] | [number] ] [ . param ]`, as `fixup_hname_param` reads it. */
export interface HeaderExpr {
  readonly name: string;
  readonly kind: HeaderKind;
  /** `[...]` was given. */
  readonly indexed: boolean;
  /** `[*]`. */
  readonly all: boolean;
  readonly index: number;
  /** `.param`, "" when none. */
  readonly param: string;
}

const NAME_CHARS = /^[A-Za-z0-9_-]*/;

/** Parses a header expression; null when Kamailio's fixup refuses it. */
export function parseHeaderExpr(text: string): HeaderExpr | null {
  let s = text.replace(/^[ \t\r\n]+/, "");
  const name = NAME_CHARS.exec(s)![0];
  s = s.slice(name.length).replace(/^[ \t\r\n]+/, "");
  let indexed = false;
  let all = false;
  let index = 0;
  if (s.startsWith("[")) {
    indexed = true;
    s = s.slice(1).replace(/^[ \t\r\n]+/, "");
    if (s.startsWith("*")) {
      all = true;
      s = s.slice(1);
    } else if (!s.startsWith("]")) {
      const m = /^[ \t]*[+-]?\d+/.exec(s);
      if (m === null) return null;
      index = Number.parseInt(m[0], 10);
      s = s.slice(m[0].length);
    }
    s = s.replace(/^[ \t\r\n]+/, "");
    if (!s.startsWith("]")) return null;
    s = s.slice(1);
  }
  s = s.replace(/^[ \t\r\n]+/, "");
  let param = "";
  if (s.startsWith(".")) {
    s = s.slice(1).replace(/^[ \t\r\n]+/, "");
    param = NAME_CHARS.exec(s)![0];
    if (param.length === 0) return null;
    s = s.slice(param.length);
  }
  if (s.length > 0 || name.length === 0) return null;
  return { name, kind: headerKindOf(name), indexed, all, index, param };
}

/** The header lines an expression names, in message order. */
export function headersOf(ctx: MsgContext, e: HeaderExpr): HeaderField[] {
  const lower = e.name.toLowerCase();
  return ctx.msg.headers.filter((h) =>
    e.kind !== HeaderKind.Other ? h.kind === e.kind : h.kind === HeaderKind.Other && h.name.toLowerCase() === lower,
  );
}

/** One value of a header: the value (trimmed) and the span an edit of it covers (with its comma). */
export interface HeaderValue {
  readonly header: HeaderField;
  /** The value, byte offsets in the message. */
  readonly start: number;
  readonly end: number;
  /** From just after the previous comma to just after this value's comma. */
  readonly spanStart: number;
  readonly spanEnd: number;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** `find_next_value` over a whole header: every comma-separated value (commas in quotes kept). */
export function valuesOf(h: HeaderField): HeaderValue[] {
  const body = h.raw;
  const base = h.valueStart;
  const out: HeaderValue[] = [];
  let p = 0;
  do {
    const spanStart = p;
    while (p < body.length && isSpace(body[p])) p++;
    const start = p;
    let quoted = false;
    while (p < body.length && (body[p] !== "," || quoted)) {
      if (body[p] === '"' && (!quoted || body[p - 1] !== "\\")) quoted = !quoted;
      p++;
    }
    let end = p;
    while (end > start && isSpace(body[end - 1])) end--;
    if (p < body.length) p++;
    out.push({ header: h, start: base + start, end: base + end, spanStart: base + spanStart, spanEnd: base + p });
  } while (p < body.length);
  return out;
}

/** `find_hf_value_idx`: the index-th value (1-based; negative from the end, at most 10 back). */
export function valueAt(ctx: MsgContext, e: HeaderExpr, index: number): HeaderValue | null {
  const all = headersOf(ctx, e).flatMap(valuesOf);
  if (index > 0) return all[index - 1] ?? null;
  if (index < 0 && -index <= MAX_HF_VALUE_STACK) return all[all.length + index] ?? null;
  return null;
}

/** `Name: value` CRLF at the end of the headers (or before `before`). */
export function insertHeader(ctx: MsgContext, name: string, value: string, before?: HeaderField): void {
  ctx.edits.addHeaderLine(`${name}: ${value}`, before === undefined ? "bottom" : { before });
}

/** `insert_value_lump`: at the end of the header's value `,v`, elsewhere `v,`. */
export function insertValue(ctx: MsgContext, h: HeaderField, at: number, value: string): void {
  const text = at === h.valueEnd ? `,${value}` : `${value},`;
  ctx.edits.replaceRange(at, at, Buffer.from(text, "latin1"));
}

/** `adjust_lump_val_for_delete` + `delete_value_lump`: the value with one comma, or the whole line. */
export function deleteValue(ctx: MsgContext, v: HeaderValue): void {
  const h = v.header;
  let start = v.spanStart;
  const end = v.spanEnd;
  if (end === h.valueEnd && start > h.valueStart) start--;
  if (start === h.valueStart && end === h.valueEnd) ctx.edits.removeHeader(h);
  else ctx.edits.replaceRange(start, end, Buffer.alloc(0));
}

/** Where a value's `;params` start (`get_uri_and_skip_until_params`): the first `;` outside quotes and `<…>`. */
function paramsStart(buf: Buffer, start: number, end: number): number {
  let quoted = false;
  let angle = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (quoted) {
      if (c === 0x22 && buf[i - 1] !== 0x5c) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (angle) {
      if (c === 0x3e) angle = false;
    } else if (c === 0x3c) angle = true;
    else if (c === 0x3b) return i;
  }
  return end;
}

const isSpaceByte = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const endsParamName = (c: number) => isSpaceByte(c) || c === 0x3d || c === 0x3b;

/** A parameter found by `find_hf_value_param`, or where a new one goes. */
interface ParamHit {
  readonly found: boolean;
  /** The whole `;name[=value]` with the white space before it (for removal). */
  readonly delStart: number;
  readonly delEnd: number;
  /** After the name: `[=value]` (for a new value). */
  readonly updStart: number;
  readonly updEnd: number;
}

/** `find_hf_value_param` over `[from, end)`: the first parameter named `name`, else the end of the last one. */
function findParam(buf: Buffer, from: number, end: number, name: string): ParamHit {
  let i = from;
  for (;;) {
    const delStart = i;
    while (i < end && isSpaceByte(buf[i])) i++;
    if (i >= end || buf[i] !== 0x3b) return { found: false, delStart, delEnd: delStart, updStart: delStart, updEnd: delStart };
    i++;
    while (i < end && isSpaceByte(buf[i])) i++;
    const j = i;
    while (i < end && !endsParamName(buf[i]!)) i++;
    const found = buf.toString("latin1", j, i).toLowerCase() === name.toLowerCase();
    const updStart = i;
    while (i < end && isSpaceByte(buf[i])) i++;
    if (i < end && buf[i] === 0x3d) {
      i++;
      while (i < end && isSpaceByte(buf[i])) i++;
      if (i < end) {
        if (buf[i] === 0x22) {
          i++;
          while (i < end && buf[i] !== 0x22) i++;
          if (i < end) i++;
        } else {
          while (i < end && !isSpaceByte(buf[i]) && buf[i] !== 0x3b) i++;
        }
      }
    }
    if (found) return { found: true, delStart, delEnd: i, updStart, updEnd: i };
  }
}

/**
 * `assign_hf_process_params` on one value: with `value` null every `;param` is removed (1 when the
 * first lookup found one, else -1); otherwise the first one gets `=value` (a flag when value is ""),
 * or `;param[=value]` is added after the last parameter.
 */
export function assignParam(ctx: MsgContext, v: HeaderValue, param: string, value: string | null): number {
  const buf = ctx.msg.buf;
  let from = paramsStart(buf, v.start, v.end);
  let result = 0;
  for (;;) {
    const hit = findParam(buf, from, v.end, param);
    let r: number;
    if (hit.found) {
      const [s, e] = value === null ? [hit.delStart, hit.delEnd] : [hit.updStart, hit.updEnd];
      const text = value !== null && value.length > 0 ? `=${value}` : "";
      ctx.edits.replaceRange(s, e, Buffer.from(text, "latin1"));
      r = 1;
    } else if (value === null) {
      r = -1;
    } else {
      ctx.edits.replaceRange(hit.delStart, hit.delStart, Buffer.from(`;${param}${value.length > 0 ? `=${value}` : ""}`, "latin1"));
      r = 1;
    }
    if (result === 0) result = r;
    if (value !== null || !hit.found) return result;
    from = hit.delEnd;
  }
}
