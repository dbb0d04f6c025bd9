/**
 * siputils (Kamailio's siputils.so): message-type and To-tag checks, R-URI parameter tests and
 * edits, URI and header-name comparisons, character-class checks, `is_first_hop`, `options_reply`.
 * Return codes are Kamailio 5.6.3's (`checks.c`, `sipops.c`, `options.c`).
 * Not implemented (absent, so a routing that calls them is refused at start-up): `is_user` (needs
 * authorized credentials from auth), the contact encoding functions.
 */

import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";
import { HeaderKind, parseUri, type SipParam, type SipUri } from "../../sip/index.js";
import { cmpAor, cmpHeaderName, cmpUri } from "./compare.js";

const params = {
  options_accept: strParam("*/*"),
  options_accept_encoding: strParam(""),
  options_accept_language: strParam("en"),
  options_support: strParam(""),
  contact_flds_separator: strParam("*"),
  rpid_prefix: strParam(""),
  rpid_suffix: strParam(";party=calling;id-type=subscriber;screen=yes"),
  rpid_avp: strParam("$avp(s:rpid)"),
};
type Siputils = ModuleContext<ParamValues<typeof params>, undefined>;

interface SlApi {
  sendReply(code: number, reason: string): number;
}

function err(m: Siputils, origin: string, text: string): void {
  m.log.write(LogLevel.ERROR, `siputils [${origin}]: `, `${text}\n`);
}

function parsed(text: string): SipUri | null {
  const r = parseUri(text);
  return r.ok ? r.uri : null;
}

/** `parse_sip_msg_uri`: the current R-URI (`$ru`), null (after logging) when it does not parse. */
function ruri(m: Siputils, fn: string): SipUri | null {
  const u = m.msg.msg.isRequest ? m.msg.ruri() : null;
  if (u === null) err(m, `checks.c:0]: ${fn}(`, "ruri parsing failed");
  return u;
}

/** The Kamailio value of a parameter: its body, "" for a flag. */
function body(p: SipParam): string {
  return p.value ?? "";
}

/** `ki_uri_param_value`: the name matches case-sensitively; without `value` the param must have no body. */
function uriParamValue(m: Siputils, name: string, value: string | null): number {
  const u = ruri(m, "ki_uri_param_value");
  if (u === null) return -1;
  for (const p of u.params) {
    if (p.name !== name) continue;
    if (value !== null) return body(p) === value ? 1 : -1;
    return body(p).length > 0 ? -1 : 1;
  }
  return -1;
}

function findParamI(u: SipUri, name: string): SipParam | undefined {
  const lower = name.toLowerCase();
  return u.params.find((p) => p.name.toLowerCase() === lower);
}

/**
 * `ki_add_uri_param`: `;param` at the end, or before the `?headers` (then the scheme becomes `sip:`).
 * With headers Kamailio 5.6.3 builds a broken URI (user lost, `;` before the old params missing,
 * uninitialised tail bytes); kemits builds the URI that code means to build.
 */
function addUriParam(m: Siputils, param: string): number {
  if (param.length === 0) return 1;
  const ctx = m.msg;
  const u = ruri(m, "ki_add_uri_param");
  if (u === null) return -1;
  if (u.headers.length === 0) {
    ctx.setRequestUri(`${ctx.requestUri};${param}`);
    return 1;
  }
  const q = u.text.indexOf("?");
  const userinfo = u.user === "" ? "" : `${u.user}${u.password !== null && u.password !== "" ? `:${u.password}` : ""}@`;
  const port = u.portText === "" ? "" : `:${u.portText}`;
  ctx.setRequestUri(`sip:${userinfo}${u.host}${port}${u.paramsText};${param}?${u.text.slice(q + 1)}`);
  return 1;
}

/** `ki_uri_param_rm`: removes `;name[=value]` (name case-insensitive); 1 also when it is absent. */
function uriParamRm(m: Siputils, name: string): number {
  const ctx = m.msg;
  const u = ctx.msg.isRequest ? ctx.ruri() : null;
  if (u === null) {
    err(m, "checks.c:502]: ki_uri_param_rm(", `failed to parse r-uri [${ctx.msg.isRequest ? ctx.requestUri : ""}]`);
    return -1;
  }
  const p = findParamI(u, name);
  if (p === undefined) return 1;
  ctx.setRequestUri(u.text.slice(0, p.start) + u.text.slice(p.end));
  return 1;
}

/** `is_first_hop_mode`: requests with a single Via; replies whose top Record-Route is this server. */
function isFirstHop(m: Siputils, mode: number): number {
  const ctx = m.msg;
  const msg = ctx.msg;
  if (msg.isRequest) {
    let seen = 0;
    for (const h of msg.headers) {
      if (h.kind !== HeaderKind.Via) continue;
      const values = msg.viaValues(h);
      // A second Via that does not parse counts as none, as in Kamailio.
      if (values === null) return seen >= 1 ? 1 : -1;
      seen += values.length;
      if (seen >= 2) return -1;
    }
    return 1;
  }
  const rrHeader = msg.firstOfKind(HeaderKind.RecordRoute);
  if (rrHeader === undefined) return 1;
  const rr = msg.nameAddrList(rrHeader)?.values[0];
  if (rr === undefined) return -1;
  const uri = parsed(rr.uriText);
  if (uri === null) return -1;
  if (mode === 0 && uri.hostKind !== "ipv4" && uri.hostKind !== "ipv6") return -1;
  if (!m.runtime.isMyself(uri.host, uri.port, uri.transport)) return -1;
  if (mode === 0) {
    const host = uri.hostKind === "ipv6" ? uri.host.slice(1, -1) : uri.host;
    const samePort = ctx.srcPort === uri.port || (uri.portText === "" && ctx.srcPort === 5060);
    const proto = uri.transport;
    const sameProto = proto === ctx.proto || (proto === "" && ctx.proto === "udp");
    if (host.toLowerCase() === ctx.srcAddress.toLowerCase() && samePort && sameProto) return -1;
  }
  return 1;
}

/** `ki_opt_reply`: 200 to an OPTIONS for the server itself (no R-URI user) with the Accept headers. */
function optionsReply(m: Siputils): number {
  const ctx = m.msg;
  if (ctx.msg.method.toUpperCase() !== "OPTIONS") {
    err(m, "options.c:49]: ki_opt_reply(", "called for non-OPTIONS request");
    return -1;
  }
  const u = ctx.ruri();
  if (u === null) {
    err(m, "options.c:54]: ki_opt_reply(", "ERROR while parsing the R-URI");
    return -1;
  }
  if (u.user.length !== 0) {
    err(m, "options.c:59]: ki_opt_reply(", "ruri contains username");
    return -1;
  }
  const p = m.params;
  if (ctx.replyHeaders === null) ctx.replyHeaders = [];
  ctx.replyHeaders.push(
    `Accept: ${p.options_accept}`,
    `Accept-Encoding: ${p.options_accept_encoding}`,
    `Accept-Language: ${p.options_accept_language}`,
    `Supported: ${p.options_support}`,
  );
  if (m.api<SlApi>("sl").sendReply(200, "OK") === -1) {
    err(m, "options.c:108]: ki_opt_reply(", "failed to send 200 via send_reply");
    return -1;
  }
  return 1;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const RFC1123 = /^([A-Z][a-z]{2}), (\d\d) ([A-Z][a-z]{2}) (\d\d)(\d\d) (\d\d):(\d\d):(\d\d) GMT/;

/** `parse_date` (RFC 1123, `Sun, 06 Nov 1994 08:49:37 GMT`): seconds since the epoch, null when bad. */
function rfc1123Seconds(text: string): number | null {
  const m = RFC1123.exec(text);
  if (m === null || !WEEKDAYS.includes(m[1]!)) return null;
  const month = MONTHS.indexOf(m[3]!);
  const [day, century, year, hour, min, sec] = [m[2], m[4], m[5], m[6], m[7], m[8]].map(Number) as [number, number, number, number, number, number];
  if (month < 0 || day > 31 || hour > 23 || min > 59 || sec > 59) return null;
  return Date.UTC(century * 100 + year, month, day, hour, min, sec) / 1000;
}

/** `ki_hdr_date_check`: 1 when the Date header is at most `tdiff` seconds old. */
function hdrDateCheck(m: Siputils, tdiff: number): number {
  const h = m.msg.msg.firstOfKind(HeaderKind.Date);
  if (h === undefined) {
    err(m, "siputils.c:540]: ki_hdr_date_check(", "Date header field is not found");
    return -1;
  }
  const t = rfc1123Seconds(h.raw);
  if (t === null) {
    err(m, "siputils.c:544]: ki_hdr_date_check(", "failed parsing DATE body");
    return -1;
  }
  const now = Math.floor(Date.now() / 1000);
  if (now > t + tdiff) {
    err(m, "siputils.c:563]: ki_hdr_date_check(", `autdated date header value (${now - t + tdiff} sec)`);
    return -4;
  }
  err(m, "siputils.c:566]: ki_hdr_date_check(", "Date header value OK");
  return 1;
}

/** 1 when `text` is non-empty and every character passes `ok`, else `fail`. */
function charsAre(text: string, ok: (c: number) => boolean, fail: number): number {
  if (text.length === 0) return -2;
  for (let i = 0; i < text.length; i++) if (!ok(text.charCodeAt(i))) return fail;
  return 1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Kamailio's siputils compare wrappers: 0 → 1, > 0 → -1, < 0 → -2. */
function verdict(r: number): number {
  return r === 0 ? 1 : r > 0 ? -1 : -2;
}

export default defineModule("siputils", {
  params,
  functions: {
    has_totag: (m) => {
      const to = m.msg.msg.to();
      if (to === null) {
        err(m, "checks.c:110]: has_totag(", "no To");
        return -1;
      }
      return to.tag.length === 0 ? -1 : 1;
    },
    is_request: (m) => (m.msg.msg.isRequest ? 1 : -1),
    is_reply: (m) => (m.msg.msg.isRequest ? -1 : 1),
    is_first_hop: (m) => isFirstHop(m, 0),
    is_first_hop_mode: (m, mode) => isFirstHop(m, mode),
    is_uri: (_m, text) => (parsed(text) === null ? -1 : 1),
    uri_param: (m, name) => uriParamValue(m, name, null),
    uri_param_value: (m, name, value) => uriParamValue(m, name, value),
    uri_param_any: (m, name) => {
      const ctx = m.msg;
      const u = ctx.msg.isRequest ? ctx.ruri() : null;
      if (u === null) {
        err(m, "checks.c:313]: ki_uri_param_any(", `failed to parse r-uri [${ctx.msg.isRequest ? ctx.requestUri : ""}]`);
        return -1;
      }
      return findParamI(u, name) === undefined ? -1 : 1;
    },
    uri_param_rm: uriParamRm,
    add_uri_param: addUriParam,
    is_tel_number: (_m, text) => {
      if (text.length === 0) return -2;
      let i = 0;
      if (text.charCodeAt(0) === 0x2b) {
        const c = text.charCodeAt(1);
        if (!(c >= 49 && c <= 57)) return -2;
        i = 2;
      }
      for (; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return -2;
      return 1;
    },
    is_numeric: (_m, text) => charsAre(text, isDigit, -2),
    is_alphanum: (_m, text) => charsAre(text, isAlnum, -3),
    is_alphanumex: (_m, text, extra) => charsAre(text, (c) => isAlnum(c) || extra.includes(String.fromCharCode(c)), -3),
    cmp_uri: (_m, a, b) => verdict(cmpUri(a, b)),
    cmp_aor: (_m, a, b) => verdict(cmpAor(a, b)),
    cmp_hdr_name: (_m, a, b) => verdict(cmpHeaderName(a, b)),
    is_gruu: (m) => {
      const u = m.msg.msg.isRequest ? m.msg.ruri() : null;
      if (u === null) {
        err(m, "sipops.c:163]: w_is_gruu(", `parsing of uri '${m.msg.requestUri}' failed`);
        return -1;
      }
      const gr = u.param("gr");
      if (gr === undefined) return -1;
      return gr !== null && gr.length > 0 ? 1 : 2;
    },
    options_reply: optionsReply,
    hdr_date_check: hdrDateCheck,
  },
});
