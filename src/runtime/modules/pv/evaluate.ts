/**
 * Reading and writing pseudo-variables over a message context, with Kamailio 5.6.3's value types
 * (what `KSR.pv.get` returns): a number where the getter sets PV_TYPE_INT (`$sp`, `$Rp`, `$rs`,
 * `$ml`, `$hdrc`, `$cnt`, `$var` holding an int), a string otherwise (`$cs`, `$rp` even when it
 * defaults to "5060", `$pr`), null for "no value" (`$rU` of a URI without user, a missing header,
 * `$rs` of a request, an unset `$avp`).
 */

import { applyTransforms, lookupPvClass, type PvSpec, type TransformContext } from "../../../pv/index.js";
import type { MsgContext, PvValue } from "../../engine/context.js";
import { type NameAddr, parseUri, type SipMessage, type SipUri } from "../../sip/index.js";
import { rebuildUri } from "../core/uri-rewrite.js";
import { termColor } from "./color.js";
import type { PvStore } from "./store.js";
import { PvTimes } from "./time.js";
import { canceledInvite, pickedReply, replyCode, replyLast, replyReason, type TmPvSource, tAttr, transactionRequest } from "./tm-vars.js";

/** Index of a spec: none, a number (negative counts from the end where the class allows), or `[*]`. */
type Index = { readonly kind: "none" } | { readonly kind: "int"; readonly n: number } | { readonly kind: "all" };
const NO_INDEX: Index = { kind: "none" };

export class PvEvaluator implements TransformContext {
  private readonly store: PvStore;
  private readonly tm: () => TmPvSource | null;
  private readonly times: PvTimes;
  private ctx: MsgContext | null;
  /**
   * The routed message while a PV is read over another one (`$T_req(pv)`, `$T_rpl(pv)`,
   * `$T_inv(pv)`): tm state belongs to it (Kamailio's tmx reads the current T whatever the message).
   */
  private routed: MsgContext | null;

  constructor(store: PvStore, tm: () => TmPvSource | null = () => null) {
    this.store = store;
    this.tm = tm;
    this.times = new PvTimes();
    this.ctx = null;
    this.routed = null;
  }

  /** The value of `spec` (transformations applied) for the message in `ctx`. */
  get(ctx: MsgContext, spec: PvSpec): PvValue {
    const outer = this.ctx;
    this.ctx = ctx;
    try {
      const v = this.base(ctx, spec);
      return spec.transforms.length === 0 ? v : applyTransforms(v, spec.transforms, this);
    } finally {
      this.ctx = outer;
    }
  }

  /** TransformContext: PVs used as transformation arguments. */
  getPv(spec: PvSpec): PvValue {
    return this.ctx === null ? null : this.get(this.ctx, spec);
  }

  /** Expands a format string; null values print as `<null>` (as `pv_printf` does). */
  format(ctx: MsgContext, text: string): string | null {
    const parts = this.store.format(text);
    if (typeof parts === "string") return null;
    let out = "";
    for (const p of parts) {
      if (p.kind === "text") out += p.value;
      else {
        const v = this.get(ctx, p.spec);
        out += v === null ? "<null>" : String(v);
      }
    }
    return out;
  }

  private index(ctx: MsgContext, spec: PvSpec): Index {
    const i = spec.index;
    if (i === undefined) return NO_INDEX;
    if (i.kind === "int") return { kind: "int", n: i.value };
    if (i.kind === "all") return { kind: "all" };
    if (i.kind === "pv") {
      const v = this.get(ctx, i.pv);
      return { kind: "int", n: typeof v === "number" ? v : Number.parseInt(v ?? "0", 10) || 0 };
    }
    return NO_INDEX;
  }

  private base(ctx: MsgContext, spec: PvSpec): PvValue {
    const msg = ctx.msg;
    switch (spec.name) {
      case "null":
        return null;
      case "ru":
        return msg.isRequest ? ctx.requestUri : null;
      case "rU":
        return msg.isRequest ? nonEmpty(ctx.ruri()?.user) : null;
      case "rd":
        return msg.isRequest ? nonEmpty(ctx.ruri()?.host) : null;
      case "rp":
        return msg.isRequest ? uriPort(ctx.ruri()) : null;
      case "rP":
        return msg.isRequest ? uriTransport(ctx.ruri()) : null;
      case "rz":
        return msg.isRequest ? (ctx.ruri()?.scheme ?? null) : null;
      // The R-URI of the first line, as received (`$ou`; a reply has none; null when it does not parse).
      case "ou":
      case "ouri":
        return msg.isRequest && msg.ruri() !== null ? msg.requestUri : null;
      case "oU":
        return msg.isRequest ? nonEmpty(msg.ruri()?.user) : null;
      case "oUl":
        return msg.isRequest && msg.ruri() !== null ? msg.ruri()!.user.length : null;
      case "od":
        return msg.isRequest ? nonEmpty(msg.ruri()?.host) : null;
      case "op":
        return msg.isRequest ? uriPort(msg.ruri()) : null;
      case "oP":
        return msg.isRequest ? uriTransport(msg.ruri()) : null;
      case "du":
        return ctx.dstUri;
      case "dd":
        return ctx.dstUri === null ? null : nonEmpty(uriOf(ctx.dstUri)?.host);
      case "dp":
        return ctx.dstUri === null ? null : uriPort(uriOf(ctx.dstUri));
      case "dP":
        return ctx.dstUri === null ? null : uriTransport(uriOf(ctx.dstUri));
      case "fu":
        return msg.from()?.uriText ?? null;
      case "fU":
        return nonEmpty(msg.from()?.uri?.user);
      case "fd":
        return nonEmpty(msg.from()?.uri?.host);
      case "fn":
        return displayName(msg, "From", msg.from());
      case "ft":
        return nonEmpty(msg.from()?.tag);
      case "tu":
        return msg.to()?.uriText ?? null;
      case "tU":
        return nonEmpty(msg.to()?.uri?.user);
      case "td":
        return nonEmpty(msg.to()?.uri?.host);
      case "tn":
        return displayName(msg, "To", msg.to());
      case "tt":
        return nonEmpty(msg.to()?.tag);
      case "ci":
        return nonEmpty(msg.callId());
      case "cs":
        return msg.cseq()?.number.toString() ?? null;
      case "cl":
        return msg.contentLength < 0 ? null : msg.contentLength;
      case "ct":
        return headerBody(msg, "Contact", NO_INDEX);
      case "ua":
        return headerBody(msg, "User-Agent", NO_INDEX);
      case "rb":
        return msg.bodyStart < msg.bodyEnd ? msg.buf.toString("utf8", msg.bodyStart, msg.bodyEnd) : null;
      case "ml":
        return msg.buf.length;
      case "mb":
        return msg.buf.toString("utf8");
      case "mt":
        return msg.isRequest ? 1 : 2;
      case "rm":
        return msg.isRequest ? msg.method : (msg.cseq()?.method ?? null);
      case "rs":
        return msg.isRequest ? null : msg.status;
      case "rr":
        return msg.isRequest ? null : msg.reason;
      case "rv":
        return msg.version;
      case "si":
        return ctx.srcAddress;
      case "sp":
        return ctx.srcPort;
      case "Ri":
        return ctx.socket.address;
      case "Rp":
        return ctx.socket.port;
      case "pr":
      case "proto":
        return ctx.proto;
      case "af":
        return ctx.socket.family === 6 ? 10 : 2;
      case "mf":
        return ctx.flags >>> 0;
      case "bf":
        return ctx.branchFlags >>> 0;
      case "Ts":
      case "Tf":
      case "TS":
      case "TF":
      case "Tb":
      case "TV":
      case "time":
      case "utime":
      case "timef":
      case "utimef":
        return this.times.get(msg, spec.name, spec.inner ?? "");
      case "C":
        return termColor(spec.inner ?? "");
      case "pp":
        return process.pid;
      case "hdr":
        return headerBody(msg, spec.inner ?? "", this.index(ctx, spec));
      case "hdrc":
        return msg.count(spec.inner ?? "");
      case "var":
        return this.store.vars.get(spec.inner ?? "") ?? 0;
      case "shv":
        return this.store.shvs.get(spec.inner ?? "") ?? 0;
      case "avp":
        return avpGet(ctx.avpStack(avpName(spec.inner ?? ""), false), this.index(ctx, spec));
      case "xavp":
        return xavpGet(ctx, spec.inner ?? "");
      case "cnt":
        return this.count(ctx, spec.inner ?? "");
      case "snd":
        return sndGet(ctx, spec.inner ?? "");
      case "T_branch_idx":
        return this.tm()?.branchIndex(this.routed ?? ctx) ?? null;
      case "T_reply_code":
      case "T_reply_reason":
      case "T_reply_last":
      case "T":
        return this.tmVar(this.routed ?? ctx, spec);
      case "T_req":
      case "T_rpl":
      case "T_inv": {
        // `$T_req($pv)` / `$T_rpl($pv)` / `$T_inv($pv)`: the inner PV read over the transaction's
        // request or reply, or over a CANCEL's INVITE.
        const tm = this.tm();
        const routed = this.routed ?? ctx;
        let other: MsgContext | null = null;
        if (tm !== null) {
          if (spec.name === "T_req") other = transactionRequest(tm, ctx, routed);
          else if (spec.name === "T_rpl") other = pickedReply(tm, ctx, routed);
          else other = canceledInvite(tm, ctx, routed);
        }
        const inner = this.store.spec(spec.inner ?? "");
        if (other === null || typeof inner === "string") return null;
        const outer = this.routed;
        this.routed = routed;
        try {
          return this.get(other, inner);
        } finally {
          this.routed = outer;
        }
      }
      default:
        return null;
    }
  }

  /** tmx's `$T_reply_*` and `$T(name)`; null without tm. */
  private tmVar(ctx: MsgContext, spec: PvSpec): PvValue {
    const tm = this.tm();
    if (tm === null) return null;
    switch (spec.name) {
      case "T_reply_code":
        return replyCode(tm, ctx);
      case "T_reply_reason":
        return replyReason(tm, ctx);
      case "T_reply_last":
        return replyLast(tm, ctx);
      default:
        return tAttr(tm, ctx, spec.inner ?? "");
    }
  }

  /** `$cnt($avp(x))`, `$cnt($xavp(x))`: how many values. */
  private count(ctx: MsgContext, inner: string): number {
    const s = this.store.spec(inner);
    if (typeof s === "string") return 0;
    if (s.name === "avp") {
      const stack = ctx.avpStack(avpName(s.inner ?? ""), false);
      return stack?.length ?? 0;
    }
    if (s.name === "xavp") return ctx.xavps?.get(xavpParts(s.inner ?? "").name)?.length ?? 0;
    return 0;
  }

  /** Whether the class exists and kemits can read it (unknown classes read as null). */
  static readable(spec: PvSpec): boolean {
    return READABLE.has(spec.name);
  }

  /** Assigns `value`; returns an error text when the PV cannot be set. */
  set(ctx: MsgContext, spec: PvSpec, value: PvValue): string | undefined {
    const info = lookupPvClass(spec.name);
    if (info === undefined) return `unknown pseudo-variable $${spec.name}`;
    if (!info.writable) return `$${spec.name} is read-only`;
    const msg = ctx.msg;
    switch (spec.name) {
      case "var": {
        this.store.vars.set(spec.inner ?? "", value ?? 0);
        return undefined;
      }
      case "shv": {
        this.store.shvs.set(spec.inner ?? "", value ?? 0);
        return undefined;
      }
      case "avp":
        avpSet(ctx, avpName(spec.inner ?? ""), this.index(ctx, spec), value);
        return undefined;
      case "xavp":
        return xavpSet(ctx, spec.inner ?? "", value);
      case "du":
        if (value === null || value === "") ctx.dstUri = null;
        else ctx.dstUri = String(value);
        return undefined;
      case "ru":
        if (!msg.isRequest) return "$ru is not set in a reply";
        if (typeof value !== "string") return "$ru takes a string";
        ctx.setRequestUri(value);
        return undefined;
      case "rU":
      case "rd":
      case "rp": {
        const uri = msg.isRequest ? ctx.ruri() : null;
        if (uri === null) return `cannot set $${spec.name}: no valid R-URI`;
        const text = value === null ? "" : String(value);
        if (spec.name === "rU") ctx.setRequestUri(rebuildUri(uri, { user: value === null ? null : text }));
        else if (spec.name === "rd") {
          if (text === "") return "$rd cannot be empty";
          ctx.setRequestUri(rebuildUri(uri, { host: text }));
        } else ctx.setRequestUri(rebuildUri(uri, { port: text }));
        return undefined;
      }
      case "mf":
        ctx.flags = typeof value === "number" ? value | 0 : 0;
        return undefined;
      case "bf":
        ctx.branchFlags = typeof value === "number" ? value | 0 : 0;
        return undefined;
      default:
        return `setting $${spec.name} is not supported by kemits`;
    }
  }
}

/** The classes `base` reads (by name, without `$`); any other reads as null. */
export const READABLE: ReadonlySet<string> = new Set([
  "T", "T_branch_idx", "T_inv", "T_reply_code", "T_reply_last", "T_reply_reason", "T_req", "T_rpl",
  "C",
  "Ts", "Tf", "TS", "TF", "Tb", "TV", "time", "utime", "timef", "utimef",
  "ou", "ouri", "oU", "oUl", "od", "op", "oP",
  "null", "ru", "rU", "rd", "rp", "rP", "rz", "du", "dd", "dp", "dP", "fu", "fU", "fd", "fn", "ft", "tu", "tU", "td", "tn", "tt",
  "ci", "cs", "cl", "ct", "ua", "rb", "ml", "mb", "mt", "rm", "rs", "rr", "rv", "si", "sp", "Ri", "Rp", "pr", "proto", "af", "mf", "bf",
  "pp", "hdr", "hdrc", "var", "shv", "avp", "xavp", "cnt", "snd",
]);

/** The classes `set` assigns; setting any other fails. */
export const WRITABLE: ReadonlySet<string> = new Set(["var", "shv", "avp", "xavp", "du", "ru", "rU", "rd", "rp", "mf", "bf"]);

function nonEmpty(s: string | undefined | null): string | null {
  return s === undefined || s === null || s === "" ? null : s;
}

function uriOf(text: string): SipUri | null {
  const r = parseUri(text);
  return r.ok ? r.uri : null;
}

/** pv_get_xuri_attr port: the port text, else "5060" ("5061" for TLS); always a string (strintval). */
function uriPort(uri: SipUri | null): PvValue {
  if (uri === null) return null;
  if (uri.portText !== "") return uri.portText;
  return uri.transport === "tls" ? "5061" : "5060";
}

/** pv_get_xuri_attr protocol: the `transport` parameter as written, else "UDP" (pv_get_udp). */
function uriTransport(uri: SipUri | null): PvValue {
  if (uri === null) return null;
  const t = uri.param("transport");
  return t === undefined || t === null ? "UDP" : t;
}

/** Display name as written (quotes kept, like Kamailio's to_body display), null when absent. */
function displayName(msg: SipMessage, header: string, na: NameAddr | null): string | null {
  if (na === null || !na.bracketed) return null;
  const h = msg.header(header);
  if (h === undefined) return null;
  const raw = h.raw;
  const text = raw.slice(na.start, na.uriStart - 1).trim();
  return text === "" ? null : Buffer.from(text, "latin1").toString("utf8");
}

/** `$hdr(name)`: the first body; `[n]` the n-th line (negative from the end); `[*]` all, comma-joined. */
function headerBody(msg: SipMessage, name: string, index: Index): string | null {
  if (index.kind === "none") {
    const h = msg.header(name);
    return h === undefined ? null : msg.buf.toString("utf8", h.valueStart, h.valueEnd);
  }
  const lines = msg.headersNamed(name);
  if (index.kind === "all") {
    if (lines.length === 0) return null;
    return lines.map((h) => msg.buf.toString("utf8", h.valueStart, h.valueEnd)).join(",");
  }
  const i = index.n < 0 ? lines.length + index.n : index.n;
  const h = lines[i];
  return h === undefined ? null : msg.buf.toString("utf8", h.valueStart, h.valueEnd);
}

/** `s:name` and `name` are the same AVP; `i:N` stays distinct. */
function avpName(inner: string): string {
  return inner.startsWith("s:") ? inner.slice(2) : inner;
}

/**
 * pv_get_avp: no index or [0] is the newest value; [n] the n-th newest; [*] every value joined by
 * ", " (PV_FIELD_DELIM); a negative index [-k] finds a value only when k is the stack size (then the newest), because
 * Kamailio's count loop consumes its search state — a quirk kept on purpose.
 */
function avpGet(stack: PvValue[] | undefined, index: Index): PvValue {
  if (stack === undefined || stack.length === 0) return null;
  if (index.kind === "none") return stack[0]!;
  if (index.kind === "all") return stack.map((v) => String(v)).join(", ");
  if (index.n < 0) return -index.n === stack.length ? stack[0]! : null;
  return stack[index.n] ?? null;
}

/** pv_set_avp: null deletes the newest value ([*]: all); [*] = v replaces all; otherwise v is pushed. */
function avpSet(ctx: MsgContext, name: string, index: Index, value: PvValue): void {
  const stack = ctx.avpStack(name, value !== null);
  if (value === null) {
    if (stack === undefined) return;
    if (index.kind === "all") stack.length = 0;
    else stack.shift();
    return;
  }
  if (index.kind === "all") stack!.length = 0;
  stack!.unshift(value);
}

function xavpParts(inner: string): { name: string; field: string | null } {
  const arrow = inner.indexOf("=>");
  return arrow < 0 ? { name: inner, field: null } : { name: inner.slice(0, arrow), field: inner.slice(arrow + 2) };
}

/** `$xavp(name=>field)`: the newest value of the field in the newest item; `$xavp(name)` alone is not a value. */
function xavpGet(ctx: MsgContext, inner: string): PvValue {
  const { name, field } = xavpParts(inner);
  const item = ctx.xavps?.get(name)?.[0];
  if (item === undefined || field === null) return null;
  return item.get(field)?.[0] ?? null;
}

/** `$xavp(name=>field) = v` starts a new item holding the field; `= $null` on `$xavp(name)` deletes all items. */
function xavpSet(ctx: MsgContext, inner: string, value: PvValue): string | undefined {
  const { name, field } = xavpParts(inner);
  if (ctx.xavps === null) ctx.xavps = new Map();
  const list = ctx.xavps.get(name) ?? [];
  if (field === null) {
    if (value !== null) return "$xavp(name) can only be set to $null; set $xavp(name=>field)";
    ctx.xavps.delete(name);
    return undefined;
  }
  if (value === null) {
    list[0]?.delete(field);
    return undefined;
  }
  list.unshift(new Map([[field, [value]]]));
  ctx.xavps.set(name, list);
  return undefined;
}

/** `$snd(ip|port|proto|af|len|buf)` in onsend_route. */
function sndGet(ctx: MsgContext, inner: string): PvValue {
  const o = ctx.outgoing;
  if (o === null) return null;
  switch (inner) {
    case "ip":
      return o.address;
    case "port":
      return o.port;
    case "proto":
      return o.proto;
    case "af":
      return o.address.includes(":") ? 10 : 2;
    case "len":
      return o.bytes.length;
    case "buf":
      return o.bytes.toString("utf8");
    default:
      return null;
  }
}
