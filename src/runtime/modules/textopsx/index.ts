/**
 * textopsx (Kamailio's textopsx.so): applying the pending changes to the message
 * (`msg_apply_changes`, `msg_set_buffer`), changing a reply's status, removing the body, keeping
 * only the essential headers, shell-style matching. Return codes are Kamailio 5.6.3's, including
 * its quirks: `keep_hf*` answers -1 after doing its work, `fnmatch*` answers 0 on a match, and
 * `fnmatch_ex`'s "i" flag does nothing (the 5.6.3 build has no FNM_CASEFOLD). Header values:
 * `append_hf_value`, `insert_hf_value`, `remove_hf_value`, `assign_hf_value`, `include_hf_value`,
 * `exclude_hf_value`, `hf_value_exists`.
 * Not implemented (absent): `remove_hf_value2`/`assign_hf_value2` (Authenticate-style parameters),
 * the header and body-line iterators.
 */

import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";
import { HeaderKind, parseMessage } from "../../sip/index.js";
import { compileTextRegex } from "../textops/regex.js";
import { globToRegExp } from "./fnmatch.js";
import {
  assignParam,
  deleteValue,
  type HeaderExpr,
  headersOf,
  insertHeader,
  insertValue,
  MAX_HF_VALUE_STACK,
  parseHeaderExpr,
  valueAt,
  valuesOf,
} from "./hf-value.js";

type Textopsx = ModuleContext<unknown, undefined>;

/** Kamailio's BUF_SIZE: a message buffer must stay below it. */
const BUF_SIZE = 65535;

function err(m: Textopsx, line: number, fn: string, text: string): void {
  m.log.write(LogLevel.ERROR, `textopsx [textopsx.c:${line}]: ${fn}(): `, `${text}\n`);
}

/**
 * `sip_msg_update_buffer`: the message is re-parsed from `bytes`; 1 on success, 0 when the new
 * message does not parse (Kamailio then stops the script; the old message stays here).
 */
function updateBuffer(m: Textopsx, bytes: Buffer): number {
  if (bytes.length >= BUF_SIZE) {
    m.log.write(LogLevel.ERROR, "<core> [core/msg_translator.c:3282]: sip_msg_update_buffer(): ", `new buffer is too large (${bytes.length})\n`);
    return -1;
  }
  const r = parseMessage(bytes, { minLength: 0 });
  if (!r.ok) {
    m.log.write(LogLevel.ERROR, "<core> [core/msg_translator.c:3326]: sip_msg_update_buffer(): ", "parsing new sip message failed\n");
    return 0;
  }
  m.msg.replaceMessage(r.msg);
  return 1;
}

function applyChanges(m: Textopsx): number {
  const ctx = m.msg;
  if (ctx.msg.isRequest && ctx.kind !== "request") {
    m.log.write(LogLevel.ERROR, "<core> [core/msg_translator.c:3351]: sip_msg_apply_changes(): ", "invalid usage - not in request route or a reply\n");
    return -1;
  }
  if (ctx.msg.isRequest && ctx.ruriChanged) ctx.edits.setRequestUri(ctx.requestUri);
  return updateBuffer(m, ctx.edits.serialize());
}

/** The class of a provisional or 2xx reply, or a change to one, may not change. */
function statusChangeAllowed(m: Textopsx, code: number, fn: string, line: number): boolean {
  if (code < 100 || code > 699) {
    err(m, line, fn, `wrong status code: ${code}`);
    return false;
  }
  const current = m.msg.msg.status;
  if ((code < 300 || current < 300) && Math.trunc(code / 100) !== Math.trunc(current / 100)) {
    err(m, line + 6, fn, "the class of provisional or positive final replies cannot be changed");
    return false;
  }
  return true;
}

/** Headers `keep_hf` never removes. */
const ESSENTIAL = new Set<HeaderKind>([
  HeaderKind.From,
  HeaderKind.To,
  HeaderKind.CallId,
  HeaderKind.CSeq,
  HeaderKind.Via,
  HeaderKind.Contact,
  HeaderKind.ContentLength,
  HeaderKind.ContentType,
  HeaderKind.Route,
  HeaderKind.RecordRoute,
  HeaderKind.MaxForwards,
]);

function keepHeaders(m: Textopsx, re: RegExp | null): number {
  const ctx = m.msg;
  for (const h of ctx.msg.headers) {
    if (ESSENTIAL.has(h.kind)) continue;
    if (re !== null) {
      re.lastIndex = 0;
      if (re.test(h.writtenName)) continue;
    }
    ctx.edits.removeHeader(h);
  }
  return -1;
}

function fnmatch(value: string, pattern: string): number {
  return globToRegExp(pattern, false).test(value) ? 0 : -1;
}

/** A header expression as the fixups accept it, null (after logging) otherwise. */
function headerExpr(m: Textopsx, text: string, check: (e: HeaderExpr) => string | undefined): HeaderExpr | null {
  const e = parseHeaderExpr(text);
  const problem = e === null ? `cannot parse header near '${text}'` : check(e);
  if (problem !== undefined) {
    err(m, 1245, "ki_modify_hf", `failed to fix first parameter: ${problem}`);
    return null;
  }
  return e;
}

function noParam(e: HeaderExpr): string | undefined {
  if (e.all) return "asterisk not supported";
  if (e.param.length > 0) return "param not supported";
  return undefined;
}

const latin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

/** `append_hf_value`: a new last header, or the value after the index-th one (default: the last). */
function appendValue(m: Textopsx, hexp: string, val: string): number {
  const e = headerExpr(m, hexp, noParam);
  if (e === null) return -1;
  const index = !e.indexed || e.index === 0 ? -1 : e.index;
  if (index < -MAX_HF_VALUE_STACK) return -1;
  const ctx = m.msg;
  const v = e.indexed ? valueAt(ctx, e, index) : null;
  if (v === null) insertHeader(ctx, e.name, val);
  else insertValue(ctx, v.header, v.spanEnd, latin1(val));
  return 1;
}

/** `insert_hf_value`: a new header before the first one, or the value before the index-th one. */
function insertValueAt(m: Textopsx, hexp: string, val: string): number {
  const e = headerExpr(m, hexp, noParam);
  if (e === null) return -1;
  const index = !e.indexed || e.index === 0 ? 1 : e.index;
  if (index < -MAX_HF_VALUE_STACK) return -1;
  const ctx = m.msg;
  const v = valueAt(ctx, e, index);
  if (v !== null && !e.indexed) insertHeader(ctx, e.name, val, v.header);
  else if (v === null && index === 1) insertHeader(ctx, e.name, val);
  else if (v !== null) insertValue(ctx, v.header, v.spanStart, latin1(val));
  else return -1;
  return 1;
}

/**
 * `remove_hf_value` (value null) and `assign_hf_value`: the index-th value (default the first), or
 * with `[*]` every header; with `.param` its parameter instead of the whole value. An empty value
 * given to `assign_hf_value` counts as none (Kamailio's `ki_modify_hf` drops it): the value is
 * emptied, a parameter removed.
 */
function removeOrAssign(m: Textopsx, hexp: string, assign: boolean, value: string | null): number {
  const e = headerExpr(m, hexp, (x) => (assign && x.all && x.param.length === 0 ? "asterisk not supported without param" : undefined));
  if (e === null) return -1;
  const index = !e.indexed || e.index === 0 ? 1 : e.index;
  if (index < -MAX_HF_VALUE_STACK) return -1;
  const ctx = m.msg;
  if (e.all) {
    let fl = -1;
    for (const h of headersOf(ctx, e)) {
      if (e.param.length === 0) {
        ctx.edits.removeHeader(h);
        fl = 1;
      } else {
        for (const v of valuesOf(h)) if (assignParam(ctx, v, e.param, value) > 0) fl = 1;
      }
    }
    return fl;
  }
  const v = valueAt(ctx, e, index);
  if (v === null) return -1;
  if (e.param.length > 0) return assignParam(ctx, v, e.param, value);
  if (!assign) deleteValue(ctx, v);
  else ctx.edits.replaceRange(v.start, v.end, Buffer.from(value ?? "", "latin1"));
  return 1;
}

/**
 * `include_hf_value` / `exclude_hf_value` / `hf_value_exists`: values compared case-insensitively.
 * An empty value is refused with -1 (Kamailio 5.6.3's worker crashes on it).
 */
function incExc(m: Textopsx, hexp: string, val: string, op: "include" | "exclude" | "exists"): number {
  const e = headerExpr(m, hexp, (x) => (x.indexed || x.param.length > 0 ? `neither index nor param may be specified in '${hexp}'` : undefined));
  if (e === null || val.length === 0) return -1;
  const ctx = m.msg;
  const want = latin1(val).toLowerCase();
  const headers = headersOf(ctx, e);
  const buf = ctx.msg.buf;
  for (const h of headers) {
    for (const v of valuesOf(h)) {
      if (v.end === v.start || buf.toString("latin1", v.start, v.end).toLowerCase() !== want) continue;
      if (op !== "exclude") return 1;
      deleteValue(ctx, v);
    }
  }
  if (op === "exists") return -1;
  if (op === "include") {
    const first = headers[0];
    if (first === undefined) insertHeader(ctx, e.name, val);
    else insertValue(ctx, first, first.valueEnd, latin1(val));
  }
  return 1;
}

export default defineModule("textopsx", {
  functions: {
    msg_apply_changes: applyChanges,
    msg_set_buffer: (m, text) => {
      if (text.length === 0) {
        err(m, 224, "ki_msg_update_buffer", "invalid buffer parameter");
        return -1;
      }
      return updateBuffer(m, Buffer.from(text, "utf8"));
    },
    change_reply_status: (m, code, reason) => {
      if (reason.length === 0) {
        err(m, 302, "ki_change_reply_status", "invalid reason parameter");
        return -1;
      }
      if (m.msg.msg.isRequest || !statusChangeAllowed(m, code, "ki_change_reply_status", 307)) return -1;
      m.msg.edits.setStatus(code, reason);
      return 1;
    },
    change_reply_status_code: (m, code) => {
      if (m.msg.msg.isRequest || !statusChangeAllowed(m, code, "ki_change_reply_status_code", 373)) return -1;
      m.msg.edits.setStatus(code, m.msg.msg.reason);
      return 1;
    },
    remove_body: (m) => {
      const msg = m.msg.msg;
      if (msg.bodyStart >= msg.buf.length) return 1;
      m.msg.edits.setBody(Buffer.alloc(0));
      return 1;
    },
    keep_hf: (m) => keepHeaders(m, null),
    keep_hf_re: (m, pattern) => {
      if (pattern.length === 0) return keepHeaders(m, null);
      const re = compileTextRegex(pattern, true, true);
      if (typeof re === "string") {
        err(m, 545, "ki_keep_hf_re", `failed to compile regex: ${pattern}`);
        return -1;
      }
      return keepHeaders(m, re);
    },
    append_hf_value: appendValue,
    insert_hf_value: insertValueAt,
    remove_hf_value: (m, hexp) => removeOrAssign(m, hexp, false, null),
    assign_hf_value: (m, hexp, val) => removeOrAssign(m, hexp, true, val.length === 0 ? null : latin1(val)),
    include_hf_value: (m, hexp, val) => incExc(m, hexp, val, "include"),
    exclude_hf_value: (m, hexp, val) => incExc(m, hexp, val, "exclude"),
    hf_value_exists: (m, hexp, val) => incExc(m, hexp, val, "exists"),
    fnmatch: (_m, value, pattern) => fnmatch(value, pattern),
    fnmatch_ex: (_m, value, pattern) => fnmatch(value, pattern),
  },
});
