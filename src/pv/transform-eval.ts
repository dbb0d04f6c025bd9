/**
 * Runs transformation chains on a value, as Kamailio 5.6.3's `tr_eval_*` functions do
 * (`src/modules/pv/pv_trans.c`). Values are KEMI-shaped: a number is an int-typed value, a string
 * a string, null "no value". A transformation that fails in Kamailio (null input, `{s.int}` of
 * "12ab", `{s.substr}` out of range, `{uri.user}` of a non-URI) makes the whole spec null, which
 * is what `KSR.pv.get` and `$x == $null` see.
 */
import { createHash } from "node:crypto";
import { parseNameAddr, parseSipUri, splitParams } from "./sip-uri.js";
import type { PvSpec, Transform, TransformArg } from "./types.js";

export type PvValue = string | number | null;

export interface TransformContext {
  /** Reads a PV used as a transformation argument (`{s.substr,$var(i),1}`). */
  getPv(spec: PvSpec): PvValue;
}

type Op = (s: string, args: readonly TransformArg[], ctx: TransformContext) => PvValue;

/** Applies `transforms` left to right; null as soon as one fails. */
export function applyTransforms(value: PvValue, transforms: readonly Transform[], ctx: TransformContext): PvValue {
  let v = value;
  for (const t of transforms) {
    if (v === null) return null;
    const op = OPS.get(`${t.cls}.${t.op}`);
    if (!op) return null;
    v = op(typeof v === "number" ? String(v) : v, t.args, ctx);
  }
  return v;
}

/** Whether kemits evaluates `{cls.op}`; the others parse but evaluate to null (see docs). */
export function isTransformImplemented(cls: string, op: string): boolean {
  return OPS.has(`${cls}.${op.toLowerCase()}`);
}

function argInt(a: TransformArg | undefined, ctx: TransformContext): number | undefined {
  if (!a) return undefined;
  if (a.kind === "int") return a.value;
  if (a.kind === "pv") {
    const v = ctx.getPv(a.pv);
    if (typeof v === "number") return v;
    // Kamailio wants PV_VAL_INT: a string PV holding digits is not taken.
    return undefined;
  }
  return undefined;
}

function argStr(a: TransformArg | undefined, ctx: TransformContext): string | undefined {
  if (!a) return undefined;
  if (a.kind === "str") return a.value;
  if (a.kind === "pv") {
    const v = ctx.getPv(a.pv);
    return v === null ? undefined : String(v);
  }
  return String(a.value);
}

const hex = (b: number) => b.toString(16).padStart(2, "0");
const percent = (keep: RegExp) => (s: string) => {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 32 || c > 126) return null;
    out += keep.test(ch) ? ch : `%${hex(c)}`;
  }
  return out;
};

function unpercent(s: string, plusIsSpace: boolean): string | null {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "%") {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
      out += String.fromCharCode(Number.parseInt(h, 16));
      i += 2;
    } else out += plusIsSpace && ch === "+" ? " " : ch;
  }
  return out;
}

const TRIM = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** `{s.substr,offset,length}`: length 0 means "to the end"; out of range fails. */
function substr(s: string, i: number, j: number): string | null {
  if (j < 0) return null;
  if (i >= 0) {
    if (i >= s.length) return null;
    return i + j >= s.length || j === 0 ? s.slice(i) : s.slice(i, i + j);
  }
  const back = -i;
  if (back > s.length) return null;
  const from = s.length - back;
  return back < j || j === 0 ? s.slice(from) : s.slice(from, from + j);
}

/** Field `i` of `s` split at `sep`, counting from the end when negative; "" when out of range. */
function pick(fields: readonly string[], i: number): string {
  const k = i < 0 ? fields.length + i : i;
  return fields[k] ?? "";
}

function unescapeArg(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
}

function prefixes(s: string, max: number | undefined, quote: string): string {
  const n = max !== undefined && max > 0 && max < s.length ? max : s.length;
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(quote + s.slice(0, i) + quote);
  return out.join(",");
}

const STRING_OPS: Record<string, Op> = {
  len: (s) => s.length,
  int: (s) => (/^[+-]?[0-9]+$/.test(s) ? Number.parseInt(s, 10) : null),
  md5: (s) => createHash("md5").update(s, "latin1").digest("hex"),
  sha256: (s) => createHash("sha256").update(s, "latin1").digest("hex"),
  sha384: (s) => createHash("sha384").update(s, "latin1").digest("hex"),
  sha512: (s) => createHash("sha512").update(s, "latin1").digest("hex"),
  tolower: (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()),
  toupper: (s) => s.replace(/[a-z]/g, (c) => c.toUpperCase()),
  numeric: (s) => s.replace(/[^0-9]/g, ""),
  rmws: (s) => s.replace(/[ \t\r\n]/g, ""),
  trim: (s) => s.replace(TRIM, ""),
  rtrim: (s) => s.replace(/[ \t\r\n]+$/, ""),
  ltrim: (s) => s.replace(/^[ \t\r\n]+/, ""),
  "encode.hexa": (s) => Buffer.from(s, "latin1").toString("hex"),
  "decode.hexa": (s) => (/^(?:[0-9A-Fa-f]{2})*$/.test(s) ? Buffer.from(s, "hex").toString("latin1") : null),
  "encode.base64": (s) => Buffer.from(s, "latin1").toString("base64"),
  "decode.base64": (s) => Buffer.from(s, "base64").toString("latin1"),
  "escape.common": (s) => s.replace(/['"\\\0]/g, (c) => `\\${c === "\0" ? "0" : c}`),
  "unescape.common": (s) => s.replace(/\\(['"\\0])/g, (_, c: string) => (c === "0" ? "\0" : c)),
  "escape.user": percent(/[A-Za-z0-9\-_.!~*'()&=+$,;?]/),
  "escape.param": percent(/[A-Za-z0-9\-_.!~*'()[\]/:&+$]/),
  "unescape.user": (s) => unpercent(s, false),
  "unescape.param": (s) => unpercent(s, false),
  "urlencode.param": (s) =>
    [...Buffer.from(s, "latin1")].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${hex(b)}`)).join(""),
  "urldecode.param": (s) => unpercent(s, true),
  "escape.csv": (s) => `"${s.replace(/"/g, '""')}"`,
  unquote: (s) => (s.length >= 2 && s[0] === s.at(-1) && (s[0] === '"' || s[0] === "'") ? s.slice(1, -1) : s),
  unbracket: (s) => (s.length >= 2 && ["()", "[]", "{}", "<>"].includes(s[0]! + s.at(-1)!) ? s.slice(1, -1) : s),
  prefixes: (s, a, ctx) => prefixes(s, argInt(a[0], ctx), ""),
  "prefixes.quoted": (s, a, ctx) => prefixes(s, argInt(a[0], ctx), "'"),
  substr: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    const j = argInt(a[1], ctx);
    return i === undefined || j === undefined ? null : substr(s, i, j);
  },
  select: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    const sep = argStr(a[1], ctx);
    return i === undefined || !sep ? null : pick(s.split(sep), i);
  },
  strip: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    return i === undefined ? null : i <= 0 ? s : s.slice(i);
  },
  striptail: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    return i === undefined ? null : i <= 0 ? s : s.slice(0, Math.max(0, s.length - i));
  },
  stripto: (s, a, ctx) => {
    const c = argStr(a[0], ctx)?.[0];
    if (c === undefined) return null;
    const k = s.indexOf(c);
    return k < 0 ? "" : s.slice(k);
  },
  rm: (s, a, ctx) => {
    const raw = a[0]?.kind === "str" ? unescapeArg(a[0].value) : argStr(a[0], ctx);
    return raw === undefined ? null : raw === "" ? s : s.split(raw).join("");
  },
  replace: (s, a, ctx) => {
    const from = argStr(a[0], ctx);
    const to = argStr(a[1], ctx);
    return from === undefined || to === undefined ? null : from === "" ? s : s.split(from).join(to);
  },
  count: (s, a, ctx) => {
    const c = argStr(a[0], ctx)?.[0];
    return c === undefined ? null : s.split(c).length - 1;
  },
  before: (s, a, ctx) => {
    const c = argStr(a[0], ctx)?.[0];
    if (c === undefined) return null;
    const k = s.indexOf(c);
    return k < 0 ? s : s.slice(0, k);
  },
  after: (s, a, ctx) => {
    const c = argStr(a[0], ctx)?.[0];
    if (c === undefined) return null;
    const k = s.indexOf(c);
    return k < 0 ? "" : s.slice(k + 1);
  },
};

function uriParam(params: string, name: string): string {
  return splitParams(params).find((p) => p.name.toLowerCase() === name.toLowerCase())?.value ?? "";
}

/** `scheme:[user@]host[:port][;transport=x]`, as `{uri.suri}` builds it (`saor`: no port or transport). */
function shortUri(u: ReturnType<typeof parseSipUri> & object, withUser: boolean, withPort: boolean): string {
  let out = `${u.scheme}:`;
  if (withUser && u.user) out += `${u.user}@`;
  out += u.host;
  if (withPort) {
    if (u.port) out += `:${u.port}`;
    const t = uriParam(u.params, "transport");
    if (t) out += `;transport=${t}`;
  }
  return out;
}

function uriOp(get: (u: NonNullable<ReturnType<typeof parseSipUri>>, a: readonly TransformArg[], ctx: TransformContext) => PvValue): Op {
  return (s, a, ctx) => {
    // A trailing ';' is ignored (tr_eval_uri's `dlen`).
    const text = s.length > 4 && s.endsWith(";") ? s.slice(0, -1) : s;
    const u = parseSipUri(text);
    return u ? get(u, a, ctx) : null;
  };
}

const URI_OPS: Record<string, Op> = {
  user: uriOp((u) => u.user),
  host: uriOp((u) => u.host),
  domain: uriOp((u) => u.host),
  passwd: uriOp((u) => u.passwd),
  port: uriOp((u) => (u.port === "" ? "" : Number(u.port))),
  params: uriOp((u) => u.params),
  headers: uriOp((u) => u.headers),
  scheme: uriOp((u) => u.scheme),
  param: uriOp((u, a, ctx) => {
    const name = argStr(a[0], ctx);
    return name === undefined ? null : uriParam(u.params, name);
  }),
  transport: uriOp((u) => uriParam(u.params, "transport")),
  ttl: uriOp((u) => uriParam(u.params, "ttl")),
  uparam: uriOp((u) => uriParam(u.params, "user")),
  maddr: uriOp((u) => uriParam(u.params, "maddr")),
  method: uriOp((u) => uriParam(u.params, "method")),
  lr: uriOp((u) => uriParam(u.params, "lr")),
  r2: uriOp((u) => uriParam(u.params, "r2")),
  saor: uriOp((u) => shortUri(u, true, false)),
  suri: uriOp((u) => shortUri(u, true, true)),
  duri: uriOp((u) => shortUri(u, false, true)),
};

function paramList(s: string, a: readonly TransformArg[], sepAt: number, ctx: TransformContext) {
  const sep = a[sepAt] ? argStr(a[sepAt], ctx) : ";";
  return sep ? splitParams(s, sep) : undefined;
}

const PARAM_OPS: Record<string, Op> = {
  value: (s, a, ctx) => {
    const name = argStr(a[0], ctx);
    const list = paramList(s, a, 1, ctx);
    if (name === undefined || !list) return null;
    return list.find((p) => p.name === name)?.value ?? "";
  },
  in: (s, a, ctx) => {
    const name = argStr(a[0], ctx);
    const list = paramList(s, a, 1, ctx);
    if (name === undefined || !list) return null;
    return list.some((p) => p.name === name) ? 1 : 0;
  },
  valueat: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    const list = paramList(s, a, 1, ctx);
    if (i === undefined || !list) return null;
    return list[i < 0 ? list.length + i : i]?.value ?? "";
  },
  name: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    const list = paramList(s, a, 1, ctx);
    if (i === undefined || !list) return null;
    return list[i < 0 ? list.length + i : i]?.name ?? "";
  },
  count: (s, a, ctx) => paramList(s, a, 0, ctx)?.length ?? null,
};

const NAMEADDR_OPS: Record<string, Op> = {
  name: (s) => parseNameAddr(s)?.name ?? null,
  uri: (s) => parseNameAddr(s)?.uri ?? null,
  len: (s) => parseNameAddr(s)?.len ?? null,
};

function tobody(get: (na: NonNullable<ReturnType<typeof parseNameAddr>>) => PvValue, needsUri = false): Op {
  return (s) => {
    const na = parseNameAddr(s);
    if (!na || (needsUri && !parseSipUri(na.uri))) return null;
    return get(na);
  };
}

const TOBODY_OPS: Record<string, Op> = {
  uri: tobody((na) => na.uri),
  display: tobody((na) => na.name.trim()),
  params: tobody((na) => na.params),
  tag: tobody((na) => splitParams(na.params).find((p) => p.name.toLowerCase() === "tag")?.value ?? ""),
  user: tobody((na) => parseSipUri(na.uri)!.user, true),
  host: tobody((na) => parseSipUri(na.uri)!.host, true),
};

function lines(s: string): string[] {
  const out = s.split("\n");
  if (out.length > 1 && out.at(-1) === "") out.pop();
  return out;
}

const LINE_OPS: Record<string, Op> = {
  // Verified: Kamailio 5.6.3 gives the count as a string ("3" + 1 is "31").
  count: (s) => String(lines(s).length),
  at: (s, a, ctx) => {
    const i = argInt(a[0], ctx);
    return i === undefined ? null : pick(lines(s), i);
  },
  sw: (s, a, ctx) => {
    const prefix = argStr(a[0], ctx);
    return prefix === undefined ? null : (lines(s).find((l) => l.startsWith(prefix)) ?? "");
  },
};

const OPS = new Map<string, Op>();
for (const [cls, ops] of Object.entries({ s: STRING_OPS, uri: URI_OPS, param: PARAM_OPS, nameaddr: NAMEADDR_OPS, tobody: TOBODY_OPS, line: LINE_OPS })) {
  for (const [op, fn] of Object.entries(ops)) OPS.set(`${cls}.${op}`, fn);
}
