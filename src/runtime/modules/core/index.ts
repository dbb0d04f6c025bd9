/**
 * The core object `KSR` (Kamailio's `src/core/kemi.c` rows) and `KSR.x` (app_jsdt's exit/drop/modf):
 * method and transport checks, `myself`, message and branch flags, `$du` and R-URI rewriting,
 * stateless forwarding, logging.
 */

import type { MsgContext } from "../../engine/context.js";
import { EXIT_SENTINEL, KemitsError } from "../../engine/errors.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";
import { parseUri, type SipUri } from "../../sip/index.js";
import { isMethod, isMethodIn, methodOf } from "./methods.js";
import { rebuildUri } from "./uri-rewrite.js";

/** Script flags (`setsflag`): per worker and kept across messages, like Kamailio's static `sflags`. */
interface CoreState {
  sflags: number;
}

type Core = ModuleContext<unknown, CoreState>;

const MAX_FLAG = 31;

function core(file: number, fn: string): string {
  return `<core> [core/kemi.c:${file}]: ${fn}(): `;
}

function log(m: Core, level: number, line: number, fn: string, text: string): void {
  m.log.write(level, core(line, fn), text);
}

const methodIs = (name: string) => (m: Core) => methodOf(m.msg) === name;

/** Where each flag function logs a bad flag number in kemi.c (function name, line). */
const FLAG_FNS = {
  setflag: 357,
  resetflag: 376,
  isflagset: 397,
  setbiflag: 418,
  resetbiflag: 437,
  isbiflagset: 458,
  setsflag: 498,
  resetsflag: 512,
  issflagset: 528,
} as const;

function flagOk(m: Core, fn: keyof typeof FLAG_FNS, flag: number): boolean {
  if (flag >= 0 && flag <= MAX_FLAG) return true;
  log(m, LogLevel.ERROR, FLAG_FNS[fn], `sr_kemi_core_${fn}`, `invalid flag parameter ${flag}\n`);
  return false;
}

// Without tm there is only branch 0: setting a flag of another branch does nothing (and, as in
// Kamailio, still reports success); reading one gives false.
function setBranchFlag(m: Core, flag: number, branch: number): boolean {
  if (!flagOk(m, "setbiflag", flag)) return false;
  if (branch === 0) m.msg.branchFlags |= 1 << flag;
  return true;
}

function resetBranchFlag(m: Core, flag: number, branch: number): boolean {
  if (!flagOk(m, "resetbiflag", flag)) return false;
  if (branch === 0) m.msg.branchFlags &= ~(1 << flag);
  return true;
}

function isBranchFlagSet(m: Core, flag: number, branch: number): boolean {
  return flagOk(m, "isbiflagset", flag) && branch === 0 && (m.msg.branchFlags & (1 << flag)) !== 0;
}

function uriOf(text: string | null | undefined): SipUri | null {
  if (text === null || text === undefined) return null;
  const r = parseUri(text);
  return r.ok ? r.uri : null;
}

/** check_self on a URI: its host, its port (0 when absent), its transport. */
function uriIsMyself(m: Core, uri: SipUri | null): boolean {
  if (uri === null) return false;
  return m.runtime.isMyself(uri.host, uri.port, uri.transport);
}

function setUriPart(m: Core, part: "user" | "host", value: string): boolean {
  const ctx = m.msg;
  const uri = ctx.ruri();
  if (uri === null) return false;
  ctx.setRequestUri(rebuildUri(uri, part === "user" ? { user: value } : { host: value }));
  return true;
}

function sendProtoIs(ctx: MsgContext, proto: string): boolean {
  return ctx.proto === proto;
}

export default defineModule("core", {
  kemi: "",
  core: true,
  init: (): CoreState => ({ sflags: 0 }),
  functions: {
    is_INVITE: methodIs("INVITE"),
    is_ACK: methodIs("ACK"),
    is_BYE: methodIs("BYE"),
    is_CANCEL: methodIs("CANCEL"),
    is_REGISTER: methodIs("REGISTER"),
    is_OPTIONS: methodIs("OPTIONS"),
    is_SUBSCRIBE: methodIs("SUBSCRIBE"),
    is_NOTIFY: methodIs("NOTIFY"),
    is_PUBLISH: methodIs("PUBLISH"),
    is_MESSAGE: methodIs("MESSAGE"),
    is_INFO: methodIs("INFO"),
    is_PRACK: methodIs("PRACK"),
    is_UPDATE: methodIs("UPDATE"),
    is_REFER: methodIs("REFER"),
    is_KDMQ: methodIs("KDMQ"),
    is_GET: methodIs("GET"),
    is_POST: methodIs("POST"),
    is_PUT: methodIs("PUT"),
    is_DELETE: methodIs("DELETE"),
    is_method: (m, methods) => isMethod(m.msg, methods),
    is_method_in: (m, letters) => isMethodIn(m.msg, letters),

    is_UDP: (m) => sendProtoIs(m.msg, "udp"),
    is_TCP: (m) => sendProtoIs(m.msg, "tcp"),
    is_TLS: () => false,
    is_SCTP: () => false,
    is_WS: () => false,
    is_WSS: () => false,
    is_WSX: () => false,
    is_proto: (m, protos) => {
      // Letters (either case): u UDP, t TCP, e TLS, s SCTP, v WS, w WSS; kemits serves UDP and TCP only.
      const letter = m.msg.proto === "udp" ? "u" : "t";
      return protos.toLowerCase().includes(letter);
    },
    is_IPv4: (m) => m.msg.socket.family === 4,
    is_IPv6: (m) => m.msg.socket.family === 6,
    is_src_port: (m, port) => m.msg.srcPort === port,
    is_dst_port: (m, port) => m.msg.socket.port === port,

    is_myself: (m, text) => {
      if (/^sips?:/i.test(text)) return uriIsMyself(m, uriOf(text));
      return m.runtime.isMyself(text, 0, "");
    },
    is_myself_ruri: (m) => m.msg.msg.isRequest && uriIsMyself(m, m.msg.ruri()),
    is_myself_duri: (m) => uriIsMyself(m, uriOf(m.msg.dstUri)),
    is_myself_nhuri: (m) => uriIsMyself(m, m.msg.dstUri !== null ? uriOf(m.msg.dstUri) : m.msg.ruri()),
    is_myself_furi: (m) => uriIsMyself(m, m.msg.msg.from()?.uri ?? null),
    is_myself_turi: (m) => uriIsMyself(m, m.msg.msg.to()?.uri ?? null),
    is_myself_suri: (m) => uriIsMyself(m, m.msg.msg.nameAddr(m.msg.msg.header("Sender"))?.uri ?? null),
    is_myself_srcip: (m) => m.runtime.isMyself(m.msg.srcAddress, 0, ""),

    setflag: (m, f) => {
      if (!flagOk(m, "setflag", f)) return false;
      m.msg.flags |= 1 << f;
      return true;
    },
    resetflag: (m, f) => {
      if (!flagOk(m, "resetflag", f)) return false;
      m.msg.flags &= ~(1 << f);
      return true;
    },
    isflagset: (m, f) => flagOk(m, "isflagset", f) && (m.msg.flags & (1 << f)) !== 0,
    setbflag: (m, f) => setBranchFlag(m, f, 0),
    resetbflag: (m, f) => resetBranchFlag(m, f, 0),
    isbflagset: (m, f) => isBranchFlagSet(m, f, 0),
    setsflag: (m, f) => {
      if (!flagOk(m, "setsflag", f)) return false;
      m.state.sflags |= 1 << f;
      return true;
    },
    resetsflag: (m, f) => {
      if (!flagOk(m, "resetsflag", f)) return false;
      m.state.sflags &= ~(1 << f);
      return true;
    },
    issflagset: (m, f) => flagOk(m, "issflagset", f) && (m.state.sflags & (1 << f)) !== 0,
    setbiflag: setBranchFlag,
    resetbiflag: resetBranchFlag,
    isbiflagset: isBranchFlagSet,

    setdsturi: (m, uri) => {
      if (uriOf(uri) === null) return false;
      m.msg.dstUri = uri;
      return true;
    },
    resetdsturi: (m) => {
      m.msg.dstUri = null;
      return true;
    },
    isdsturiset: (m) => m.msg.dstUri !== null,
    seturi: (m, uri) => {
      if (!m.msg.msg.isRequest) return false;
      m.msg.setRequestUri(uri);
      return true;
    },
    setuser: (m, user) => setUriPart(m, "user", user),
    sethost: (m, host) => setUriPart(m, "host", host),

    force_rport: (m) => {
      m.msg.forceRport = true;
      return true;
    },
    set_forward_no_connect: (m) => {
      m.msg.forwardNoConnect = true;
      return true;
    },
    set_reply_no_connect: (m) => {
      m.msg.replyNoConnect = true;
      return true;
    },
    set_forward_close: (m) => {
      m.msg.forwardClose = true;
      return true;
    },
    set_reply_close: (m) => {
      m.msg.replyClose = true;
      return true;
    },
    set_drop: (m) => {
      m.msg.dropped = true;
    },
    forward: (m) => m.runtime.forwardRequest(m.msg),
    forward_uri: (m, uri) => m.runtime.forwardRequest(m.msg, uri),

    get_debug: (m) => m.log.debug,
    dbg: (m, t) => log(m, LogLevel.DEBUG, 86, "sr_kemi_core_dbg", t),
    err: (m, t) => log(m, LogLevel.ERROR, 96, "sr_kemi_core_err", t),
    info: (m, t) => log(m, LogLevel.INFO, 106, "sr_kemi_core_info", t),
    warn: (m, t) => log(m, LogLevel.WARNING, 116, "sr_kemi_core_warn", t),
    notice: (m, t) => log(m, LogLevel.NOTICE, 126, "sr_kemi_core_notice", t),
    crit: (m, t) => log(m, LogLevel.CRIT, 136, "sr_kemi_core_crit", t),
    log: (m, level, t) => {
      const l = level.toLowerCase();
      const [lv, line] =
        l === "dbg" ? [LogLevel.DEBUG, 150] : l === "info" ? [LogLevel.INFO, 152] : l === "notice" ? [LogLevel.NOTICE, 154]
        : l === "warn" ? [LogLevel.WARNING, 156] : l === "err" ? [LogLevel.ERROR, 158] : l === "crit" ? [LogLevel.CRIT, 160] : [LogLevel.ERROR, 162];
      log(m, lv, line, "sr_kemi_core_log", t);
    },
  },
});

/** `KSR.x`: app_jsdt's built-ins. */
export const x = defineModule("x", {
  core: true,
  functions: {
    exit: () => {
      throw EXIT_SENTINEL;
    },
    drop: (m) => {
      m.msg.dropped = true;
      throw EXIT_SENTINEL;
    },
    modf: (_m, name) => {
      throw new KemitsError("KEMITS_ERR_UNSUPPORTED", `KSR.x.modf("${name}", …): running native module functions is not supported by kemits`);
    },
  },
});
