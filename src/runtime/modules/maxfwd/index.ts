/**
 * maxfwd (Kamailio's maxfwd.so): Max-Forwards checks. Like Kamailio, a decrement rewrites the
 * digits in the received buffer (right-aligned, padded with spaces), so later reads of the header in
 * the same route and the forwarded message both see the new value; the parsed value is kept in the
 * header's `parsed` slot (Kamailio's `maxforwards->parsed`) so a second call decrements again.
 * A missing header is added as the first header (a lump, not visible to reads).
 */

import type { MsgContext } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, intParam, type ModuleContext, type ParamValues } from "../../engine/module.js";
import { type HeaderField, HeaderKind } from "../../sip/index.js";

const params = { max_limit: intParam(70) };
type Maxfwd = ModuleContext<ParamValues<typeof params>, undefined>;

const NOT_FOUND = -1;
const BAD_VALUE = -2;

/** A stored Max-Forwards value (what Kamailio keeps in `hdr->parsed`). */
class StoredMaxfwd {
  constructor(readonly value: number) {}
}

/** Kamailio's `str2s`: up to 5 decimal digits, wrapping like an unsigned short; -1 for anything else. */
function str2s(text: string): number {
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || i >= 5) return -1;
    v = (v * 10 + c) & 0xffff;
  }
  return v;
}

/** `is_maxfwd_present`: the value, -1 when there is no Max-Forwards, -2 when it is not a number. */
function currentValue(m: Maxfwd, ctx: MsgContext): { value: number; header: HeaderField | undefined } {
  const h = ctx.msg.firstOfKind(HeaderKind.MaxForwards);
  if (h === undefined) return { value: NOT_FOUND, header: h };
  if (h.parsed instanceof StoredMaxfwd) return { value: h.parsed.value, header: h };
  const v = str2s(ctx.msg.buf.toString("latin1", h.valueStart, h.valueEnd));
  if (v < 0) {
    m.log.write(LogLevel.ERROR, "maxfwd [mf_funcs.c:69]: is_maxfwd_present(): ", "unable to parse the max forwards number\n");
    return { value: BAD_VALUE, header: h };
  }
  h.parsed = new StoredMaxfwd(v);
  return { value: v, header: h };
}

/** `decrement_maxfwd`: writes `value - 1` over the old digits, right-aligned, spaces before. */
function decrement(ctx: MsgContext, h: HeaderField, value: number): void {
  let x = value - 1;
  h.parsed = new StoredMaxfwd(x);
  const buf = ctx.msg.buf;
  let i = h.valueEnd - 1;
  for (; i >= h.valueStart; i--) {
    buf[i] = 48 + (x % 10);
    x = Math.trunc(x / 10);
    if (x === 0) {
      i--;
      break;
    }
  }
  for (; i >= h.valueStart; i--) buf[i] = 0x20;
}

function validLimit(m: Maxfwd, limit: number, line: number, fn: string): boolean {
  if (limit >= 0 && limit <= 255) return true;
  m.log.write(LogLevel.ERROR, `maxfwd [maxfwd.c:${line}]: ${fn}(): `, `invalid param value: ${limit}\n`);
  return false;
}

/** 2 when the header was added, 1 when decremented, -1 when it is 0, -2 when it is not a number. */
function processMaxfwd(m: Maxfwd, limit: number): number {
  if (!validLimit(m, limit, 126, "process_maxfwd_header")) return -1;
  const ctx = m.msg;
  const { value, header } = currentValue(m, ctx);
  if (value === NOT_FOUND) {
    ctx.edits.addHeaderLine(`Max-Forwards: ${limit}`, "top");
    return 2;
  }
  if (value === BAD_VALUE) return -2;
  if (value === 0) return -1;
  let v = value;
  if (v > m.params.max_limit) {
    m.log.write(LogLevel.DEBUG, "maxfwd [maxfwd.c:146]: process_maxfwd_header(): ", `value ${v} decreased to ${m.params.max_limit}\n`);
    v = m.params.max_limit + 1;
  }
  decrement(ctx, header!, v);
  return 1;
}

/** 1 when Max-Forwards < limit; -1 when >= limit; -2 when absent; -3 when not a number. */
function isMaxfwdLt(m: Maxfwd, limit: number): number {
  if (!validLimit(m, limit, 183, "ki_is_maxfwd_lt")) return -1;
  const { value } = currentValue(m, m.msg);
  if (value < 0) return value - 1;
  return value >= limit ? -1 : 1;
}

export default defineModule("maxfwd", {
  params,
  functions: { process_maxfwd: processMaxfwd, is_maxfwd_lt: isMaxfwdLt },
  api: (m) => ({ processMaxfwd: (limit: number) => processMaxfwd(m, limit) }),
});
