/**
 * textops (Kamailio's textops.so): regex searches over the message, header tests and removal,
 * replacements and sed-style substitutions (applied as send-time edits, like lumps: later searches
 * still see the received bytes), body tests and `set_body`, string helpers. Regexes are POSIX EREs
 * compiled with REG_ICASE|REG_NEWLINE as textops does (`regex.ts`). Return codes follow the KEMI
 * functions (`ki_*`) of Kamailio 5.6.3; e.g. `remove_hf` is the core `sr_kemi_hdr_remove` and
 * returns 1 even when no header was removed.
 * Not implemented (absent): multipart body functions, `filter_body`, `is_privacy`, `is_audio_on_hold`,
 * `regex_substring`, `remove_hf_match`, `replace_hdrs*`, `replace_body_atonce`, `subst_hf`,
 * `set_reply_body`.
 */

import type { MsgContext } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";
import { type HeaderField, HeaderKind, headerKindOf, type MessageEdits, parseUri } from "../../sip/index.js";
import type { PvApi } from "../pv/index.js";
import { mimeCode } from "./mime.js";
import { bytesText, compileTextRegex, execFrom, latin1Of } from "./regex.js";
import { applyMatches, parseSubst, runSubst, type SubstEnv, type SubstExpr, type SubstMatch } from "./subst.js";

type Textops = ModuleContext<unknown, undefined>;

function err(m: Textops, line: number, fn: string, text: string): void {
  m.log.write(LogLevel.ERROR, `textops [textops.c:${line}]: ${fn}(): `, `${text}\n`);
}

/** A regex as textops compiles it (REG_EXTENDED|REG_ICASE|REG_NEWLINE), null after logging. */
function regex(m: Textops, pattern: string, fn: string): RegExp | null {
  const re = compileTextRegex(pattern, true, true);
  if (typeof re === "string") {
    err(m, 5035, fn, `failed to compile regex: ${pattern}`);
    return null;
  }
  return re;
}

/** The message as a latin1 string (offsets are byte offsets). */
function messageText(ctx: MsgContext): string {
  return bytesText(ctx.msg.buf);
}

/** Whether header line `h` is named `name`: known names by kind (compact forms too), others exactly, case-insensitively. */
function named(h: HeaderField, name: string, kind: HeaderKind): boolean {
  if (kind !== HeaderKind.Other) return h.kind === kind;
  return h.kind === HeaderKind.Other && h.name.length === name.length && h.name.toLowerCase() === name.toLowerCase();
}

interface BodyEdit {
  readonly start: number;
  readonly end: number;
  readonly bytes: Buffer;
}

/**
 * Edits inside the body of each message being routed (keyed by its edits, which start over when
 * textopsx applies them). Kamailio recomputes Content-Length when
 * lumps change the body; here the body is re-set from the received body plus every edit so far,
 * so MessageEdits writes the new Content-Length.
 */
const bodyEdits = new WeakMap<MessageEdits, BodyEdit[]>();

function rebuildBody(ctx: MsgContext, list: readonly BodyEdit[]): Buffer {
  const body = ctx.msg.buf.subarray(ctx.msg.bodyStart);
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) continue;
    parts.push(body.subarray(cursor, e.start), e.bytes);
    cursor = e.end;
  }
  parts.push(body.subarray(cursor));
  return Buffer.concat(parts);
}

/** Replaces message bytes `start..end` with `latin1` (a send-time edit; body edits keep Content-Length right). */
function replaceBytes(ctx: MsgContext, start: number, end: number, latin1: string): void {
  const bytes = Buffer.from(latin1, "latin1");
  const bodyAt = ctx.msg.bodyStart;
  if (start < bodyAt || bodyAt >= ctx.msg.buf.length) {
    ctx.edits.replaceRange(start, end, bytes);
    return;
  }
  let list = bodyEdits.get(ctx.edits);
  if (list === undefined) {
    list = [];
    bodyEdits.set(ctx.edits, list);
  }
  list.push({ start: start - bodyAt, end: end - bodyAt, bytes });
  ctx.edits.setBody(rebuildBody(ctx, list));
}

/** `search_append`/`replace`/`replace_all` over `[from..]`: each match gets `val` after it or instead of it. */
function editMatches(m: Textops, pattern: string, from: number, val: string, mode: "append" | "replace" | "replace_all", fn: string): number {
  const ctx = m.msg;
  const re = regex(m, pattern, fn);
  if (re === null) return -1;
  const text = messageText(ctx);
  if (from >= text.length) return -1;
  const value = latin1Of(val);
  let at = from;
  let found = -1;
  for (;;) {
    const mt = execFrom(re, text, at);
    if (mt === null) break;
    const end = mt.index + mt[0].length;
    if (mode === "append") {
      replaceBytes(ctx, end, end, value);
      return 1;
    }
    if (mt[0].length === 0) {
      err(m, 604, "replace_all_helper", "matched string is empty... invalid regexp?");
      return -1;
    }
    replaceBytes(ctx, mt.index, end, value);
    found = 1;
    if (mode === "replace") return 1;
    at = end;
    if (at >= text.length) break;
  }
  return found;
}

/** The body region as Kamailio's `get_body` + `msg->len` see it: everything after the blank line. */
function bodyStart(ctx: MsgContext): number {
  return ctx.msg.bodyStart;
}

function hasBody(ctx: MsgContext): boolean {
  return bodyStart(ctx) < ctx.msg.buf.length;
}

function substEnv(m: Textops): SubstEnv {
  const ctx = m.msg;
  return {
    ruri: () => (ctx.msg.isRequest ? latin1Of(ctx.requestUri) : null),
    pv: (name) => {
      const v = m.api<PvApi>("pv").get(ctx, name);
      return v === null ? "" : String(v);
    },
  };
}

function subst(m: Textops, expr: string): SubstExpr | null {
  if (expr.length === 0) return null;
  const se = parseSubst(expr);
  if (typeof se === "string") {
    err(m, 5101, "ki_subst", se);
    err(m, 5101, "ki_subst", "cannot compile subst expression");
    return null;
  }
  return se;
}

/** `subst` / `subst_body`: every match of `se` in `[from..]` replaced by an edit. */
function substMessage(m: Textops, expr: string, from: number): number {
  const se = subst(m, expr);
  if (se === null) return -1;
  const ctx = m.msg;
  const text = messageText(ctx);
  const matches = runSubst(se, text, from, substEnv(m));
  if (matches === null) {
    err(m, 5101, "subst_run", "Matched string is empty, invalid regexp?");
    return -1;
  }
  if (matches.length === 0) return -1;
  for (const x of matches) replaceBytes(ctx, x.start, x.end, x.text);
  return 1;
}

function substString(m: Textops, expr: string, subject: string): string | null {
  const se = subst(m, expr);
  if (se === null) return null;
  const s = latin1Of(subject);
  const matches: SubstMatch[] | null = runSubst(se, s, 0, substEnv(m));
  if (matches === null) return null;
  const out = applyMatches(s, matches);
  return out === null ? null : Buffer.from(out, "latin1").toString("utf8");
}

/** `set_user` of the R-URI: `user@` replaced, added or (for "") removed. */
function setRuriUser(ctx: MsgContext, user: string): boolean {
  const current = ctx.requestUri;
  const r = parseUri(current);
  if (!r.ok) return false;
  const u = r.uri;
  const colon = current.indexOf(":");
  const at = u.user !== "" || u.password !== null ? current.indexOf("@", colon) : -1;
  const rest = at >= 0 ? current.slice(at + 1) : current.slice(colon + 1);
  if (u.scheme === "tel" || u.scheme === "tels") {
    ctx.setRequestUri(`${current.slice(0, colon + 1)}${user}${current.slice(colon + 1 + u.user.length)}`);
    return true;
  }
  ctx.setRequestUri(`${current.slice(0, colon + 1)}${user === "" ? "" : `${user}@`}${rest}`);
  return true;
}

/** `cmp_str`/`cmpi_str` then textops' mapping: equal 1, greater -1, less -2. */
function compare(a: string, b: string, icase: boolean): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0) return -2;
  if (b.length === 0) return -1;
  const x = icase ? a.toLowerCase() : a;
  const y = icase ? b.toLowerCase() : b;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d > 0 ? -1 : -2;
  }
  return x.length === y.length ? 1 : x.length < y.length ? -2 : -1;
}

/** strncmp's sign mapped like textops: 0 → 1, > 0 → -1, < 0 → -2. */
function prefixVerdict(s: string, prefix: string, at: number): number {
  for (let i = 0; i < prefix.length; i++) {
    const d = s.charCodeAt(at + i) - prefix.charCodeAt(i);
    if (d !== 0) return d > 0 ? -1 : -2;
  }
  return 1;
}

const LIST_WS = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** `in_list` / `in_list_prefix`: items split on the first character of `sep`, white space trimmed. */
function inList(subject: string, list: string, sep: string, prefix: boolean): number {
  if (subject.length === 0 || list.length === 0 || sep.length === 0) return -1;
  for (const raw of list.split(sep[0]!)) {
    const item = raw.replace(LIST_WS, "");
    if (prefix ? item.length > 0 && item.length <= subject.length && subject.startsWith(item) : item === subject) return 1;
  }
  return -1;
}

function removeHeaders(m: Textops, pick: (h: HeaderField) => boolean): number {
  let n = 0;
  for (const h of m.msg.msg.headers) {
    if (!pick(h)) continue;
    m.msg.edits.removeHeader(h);
    n++;
  }
  return n === 0 ? -1 : 1;
}

function nameMatches(re: RegExp, h: HeaderField): boolean {
  return execFrom(re, h.writtenName, 0) !== null;
}

export default defineModule("textops", {
  functions: {
    search: (m, pattern) => {
      if (pattern.length === 0) return 1;
      const re = regex(m, pattern, "ki_search");
      if (re === null) return -1;
      return execFrom(re, messageText(m.msg), 0) === null ? -1 : 1;
    },
    search_body: (m, pattern) => {
      if (pattern.length === 0) return 1;
      const re = regex(m, pattern, "ki_search_body");
      if (re === null) return -1;
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return execFrom(re, bytesText(ctx.msg.buf, bodyStart(ctx)), 0) === null ? -1 : 1;
    },
    search_hf: (m, name, pattern, flags) => {
      if (name.length === 0 || pattern.length === 0) return -1;
      const re = regex(m, pattern, "ki_search_hf");
      if (re === null) return -1;
      const kind = headerKindOf(name);
      const f = flags[0];
      let last: HeaderField | undefined;
      for (const h of m.msg.msg.headers) {
        if (!named(h, name, kind)) continue;
        if (f === "l") {
          last = h;
          continue;
        }
        if (execFrom(re, h.raw, 0) !== null) return 1;
        if (f === "f") return -1;
      }
      return last !== undefined && execFrom(re, last.raw, 0) !== null ? 1 : -1;
    },
    search_append: (m, pattern, val) => editMatches(m, pattern, m.msg.msg.headersStart, val, "append", "ki_search_append"),
    search_append_body: (m, pattern, val) => {
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return editMatches(m, pattern, bodyStart(ctx), val, "append", "ki_search_append_body");
    },
    search_str: (m, text, pattern) => {
      if (pattern.length === 0) return 2;
      if (text.length === 0) return -2;
      const re = regex(m, pattern, "ki_search_str");
      if (re === null) return -2;
      return execFrom(re, latin1Of(text), 0) === null ? -1 : 1;
    },

    is_present_hf: (m, name) => {
      if (name.length === 0) return -1;
      const kind = headerKindOf(name);
      for (const h of m.msg.msg.headers) if (named(h, name, kind)) return 1;
      return -1;
    },
    is_present_hf_re: (m, pattern) => {
      const re = regex(m, pattern, "ki_is_present_hf_re");
      if (re === null) return -1;
      for (const h of m.msg.msg.headers) if (nameMatches(re, h)) return 1;
      return -1;
    },
    remove_hf: (m, name) => {
      const kind = headerKindOf(name);
      for (const h of m.msg.msg.headers) if (named(h, name, kind)) m.msg.edits.removeHeader(h);
      return 1;
    },
    remove_hf_re: (m, pattern) => {
      const re = regex(m, pattern, "ki_remove_hf_re");
      if (re === null) return -1;
      return removeHeaders(m, (h) => nameMatches(re, h));
    },
    remove_hf_exp: (m, match, skip) => {
      const re = regex(m, match, "ki_remove_hf_exp");
      if (re === null) return -1;
      const sk = regex(m, skip, "ki_remove_hf_exp");
      if (sk === null) return -1;
      return removeHeaders(m, (h) => !nameMatches(sk, h) && nameMatches(re, h));
    },
    remove_hf_match: (m, name, op, expr) => {
      const kind = headerKindOf(name);
      let test: (body: string) => boolean;
      const o = op.toLowerCase();
      if (o === "eq") test = (b) => b === expr;
      else if (o === "ne") test = (b) => b !== expr;
      else if (o === "in") test = (b) => b.includes(expr);
      else if (o === "re") {
        const re = regex(m, expr, "ki_remove_hf_match");
        if (re === null) return -1;
        test = (b) => execFrom(re, latin1Of(b), 0) !== null;
      } else {
        err(m, 2276, "ki_remove_hf_match", `unknown operator [${op}]`);
        return -1;
      }
      let removed = -2;
      for (const h of m.msg.msg.headers) {
        if (!named(h, name, kind) || !test(h.value)) continue;
        m.msg.edits.removeHeader(h);
        removed = 1;
      }
      return removed;
    },
    remove_hf_idx: (m, name, idx) => {
      const kind = headerKindOf(name);
      const lines = m.msg.msg.headers.filter((h) => named(h, name, kind));
      const pos = idx >= 0 ? idx : lines.length + idx;
      const h = lines[pos];
      if (pos < 0) return 1;
      if (h === undefined) return 2;
      m.msg.edits.removeHeader(h);
      return 1;
    },

    replace: (m, pattern, val) => editMatches(m, pattern, m.msg.msg.headersStart, val, "replace", "ki_replace"),
    replace_all: (m, pattern, val) => editMatches(m, pattern, m.msg.msg.headersStart, val, "replace_all", "ki_replace_all"),
    replace_body: (m, pattern, val) => {
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return editMatches(m, pattern, bodyStart(ctx), val, "replace", "ki_replace_body");
    },
    replace_body_all: (m, pattern, val) => {
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return editMatches(m, pattern, bodyStart(ctx), val, "replace_all", "ki_replace_body_all");
    },
    replace_str: (m, key, val, mode) => replaceStr(m, m.msg.msg.headersStart, key, val, mode),
    replace_body_str: (m, key, val, mode) => {
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return replaceStr(m, bodyStart(ctx), key, val, mode);
    },

    subst: (m, expr) => substMessage(m, expr, m.msg.msg.headersStart),
    subst_body: (m, expr) => {
      const ctx = m.msg;
      if (!hasBody(ctx)) return -1;
      return substMessage(m, expr, bodyStart(ctx));
    },
    subst_uri: (m, expr) => {
      const ctx = m.msg;
      if (!ctx.msg.isRequest || expr.length === 0) return -1;
      const out = substString(m, expr, ctx.requestUri);
      if (out === null) return -1;
      ctx.setRequestUri(out);
      return 1;
    },
    subst_user: (m, expr) => {
      const ctx = m.msg;
      if (expr.length === 0) return -1;
      const uri = ctx.msg.isRequest ? ctx.ruri() : null;
      if (uri === null) return -1;
      const out = substString(m, expr, uri.user);
      if (out === null) return -1;
      return setRuriUser(ctx, out) ? 1 : -1;
    },

    has_body: (m) => (m.msg.msg.contentLength > 0 ? 1 : -1),
    has_body_type: (m, type) => {
      const ctx = m.msg;
      let want: string | null = null;
      if (type.length > 0) {
        want = mimeCode(type);
        if (want === null) {
          err(m, 4176, "ki_has_body_type", `unsupported mime <${type}>`);
          return -1;
        }
      }
      if (ctx.msg.contentLength <= 0) return -1;
      if (want === null) return 1;
      const ct = ctx.msg.headerValue("Content-Type");
      const have = ct === undefined ? "application/sdp" : mimeCode(ct);
      if (have === null) {
        err(m, 4130, "has_body_helper", "failed to extract content type hdr");
        return -1;
      }
      return have === want ? 1 : -1;
    },
    set_body: (m, body, contentType) => {
      if (body.length === 0) {
        err(m, 2473, "ki_set_body", "invalid body parameter");
        return -1;
      }
      if (contentType.length === 0) {
        err(m, 2479, "ki_set_body", "invalid content-type parameter");
        return -1;
      }
      const ctx = m.msg;
      const ct = ctx.msg.firstOfKind(HeaderKind.ContentType);
      if (ct === undefined || ct.value !== contentType) {
        if (ct !== undefined) ctx.edits.removeHeader(ct);
        ctx.edits.addHeaderLine(`Content-Type: ${contentType}`, "bottom");
      }
      bodyEdits.delete(ctx.edits);
      ctx.edits.setBody(body);
      return 1;
    },

    cmp_str: (_m, a, b) => compare(a, b, false),
    cmp_istr: (_m, a, b) => compare(a, b, true),
    starts_with: (_m, s, prefix) => (s.length < prefix.length ? -1 : prefixVerdict(s, prefix, 0)),
    ends_with: (_m, s, suffix) => (suffix.length > s.length ? -1 : prefixVerdict(s, suffix, s.length - suffix.length)),
    str_find: (_m, text, needle) => {
      if (needle.length > text.length) return -1;
      // An empty needle is found at the terminating NUL, as in Kamailio's str_search.
      if (needle.length === 0) return text.length + 1;
      const i = text.indexOf(needle);
      return i < 0 ? -1 : i + 1;
    },
    str_ifind: (_m, text, needle) => {
      if (needle.length > text.length) return -1;
      const i = caseSearch(text, needle);
      return i < 0 ? -1 : i + 1;
    },
    in_list: (_m, subject, list, sep) => inList(subject, list, sep, false),
    in_list_prefix: (_m, subject, list, sep) => inList(subject, list, sep, true),
  },
});

/** `ki_replace_str_helper`: plain-text replacement of the first (`f`, the default) or every match. */
function replaceStr(m: Textops, from: number, key: string, val: string, mode: string): number {
  if (key.length === 0) return 1;
  const ctx = m.msg;
  const text = messageText(ctx);
  const k = latin1Of(key);
  const v = latin1Of(val);
  const all = !(mode.length === 0 || mode[0] === "f" || mode[0] === "F");
  let at = text.indexOf(k, from);
  while (at >= 0) {
    replaceBytes(ctx, at, at + k.length, v);
    if (!all) return 1;
    at = text.indexOf(k, at + k.length);
  }
  return 1;
}

/** Kamailio's `str_casesearch`: letters match their other case (ASCII only). */
function caseSearch(text: string, needle: string): number {
  for (let i = 0; i <= text.length - needle.length; i++) {
    let j = 0;
    for (; j < needle.length; j++) {
      const a = text.charCodeAt(i + j);
      const b = needle.charCodeAt(j);
      const alpha = (a >= 65 && a <= 90) || (a >= 97 && a <= 122);
      if (!(a === b || (alpha && (a ^ b) === 0x20))) break;
    }
    if (j === needle.length) return i;
  }
  return -1;
}
