/**
 * corex (Kamailio's corex.so): R-URI user and User-Agent checks, extended message flags, file
 * reads and writes, appending branches to the destination set, forcing the send socket. kemits has
 * no named sockets, so `is_socket_name` and `set_send_socket_name` find none; a message is "faked"
 * when it runs an event route.
 * Not implemented (absent): sending (`send_data`, `sendx`), changing the receive socket or the
 * source address, the Via helpers.
 */

import { readFileSync, writeFileSync } from "node:fs";
import type { MsgContext } from "../../engine/context.js";
import { appendBranch, forcedSocket, Q_UNSPECIFIED, ruriPath, setForcedSocket, setRuriPath } from "../../engine/dset.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";
import { HeaderKind } from "../../sip/index.js";

type Corex = ModuleContext<unknown, undefined>;

/** KSR_MAX_XFLAG: two 32-bit words of extended flags. */
const MAX_XFLAG = 63;

/** Extended flags of each message being routed (Kamailio keeps them in `sip_msg_t.xflags`). */
const xflags = new WeakMap<MsgContext, bigint>();

function xflagOk(flag: number): boolean {
  // Kamailio compares as unsigned: a negative flag is too large.
  return flag >= 0 && flag <= MAX_XFLAG;
}

function setXflag(ctx: MsgContext, flag: number, on: boolean): void {
  const bit = 1n << BigInt(flag);
  const cur = xflags.get(ctx) ?? 0n;
  xflags.set(ctx, on ? cur | bit : cur & ~bit);
}

function err(m: Corex, line: number, fn: string, text: string): void {
  m.log.write(LogLevel.ERROR, `corex [corex_mod.c:${line}]: ${fn}(): `, `${text}\n`);
}

/** Kamailio's `str2q`: "0", "0.5", ".25", "1", "1.0" … in thousandths; null when invalid. */
export function str2q(text: string): number | null {
  const m = /^[ \t]*(?:(0*1)(?:\.(0*))?|0*(?:\.(\d+))?)$/.exec(text);
  if (m === null || /^[ \t]*$/.test(text) || /\.$/.test(text)) return null;
  if (m[1] !== undefined) return 1000;
  const digits = (m[3] ?? "").slice(0, 3).padEnd(3, "0");
  return Number(digits);
}

/** `corex_append_branch`: the R-URI (or `uri`) with `$du`, path, branch flags and forced socket. */
function addBranch(m: Corex, uri: string, q: string): number {
  const ctx = m.msg;
  let qv = Q_UNSPECIFIED;
  if (q.length > 0) {
    const parsed = str2q(q);
    if (parsed === null) {
      m.log.write(LogLevel.ERROR, "corex [corex_lib.c:45]: corex_append_branch(): ", "cannot parse the Q parameter\n");
      return -1;
    }
    qv = parsed;
  }
  const fromRuri = uri.length === 0;
  const ok = appendBranch(ctx, {
    uri: fromRuri ? ctx.requestUri : uri,
    dstUri: ctx.dstUri,
    path: ruriPath(ctx),
    q: qv,
    flags: ctx.branchFlags,
    socket: forcedSocket(ctx),
    instance: null,
    ruid: null,
    userAgent: null,
  });
  if (fromRuri) {
    // The R-URI moved into a branch: its attributes start over.
    setForcedSocket(ctx, null);
    ctx.branchFlags = 0;
    ctx.dstUri = null;
    setRuriPath(ctx, null);
  }
  return ok ? 1 : -1;
}

/** `[proto:]host[:port]` as `parse_phostport` reads it; null when it is not that. */
function socketSpec(text: string): { proto: string; host: string; port: number } | null {
  const m = /^(?:(udp|tcp|tls|sctp|ws|wss|any):)?(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(text);
  if (m === null) return null;
  const host = m[2]!.startsWith("[") ? m[2]!.slice(1, -1) : m[2]!;
  return { proto: (m[1] ?? "").toLowerCase(), host, port: m[3] === undefined ? 0 : Number(m[3]) };
}

export default defineModule("corex", {
  functions: {
    has_ruri_user: (m) => {
      const ctx = m.msg;
      if (!ctx.msg.isRequest) return -1;
      const uri = ctx.ruri();
      if (uri === null) {
        err(m, 1149, "ki_has_ruri_user", "failed to parse the R-URI");
        return -1;
      }
      return uri.user.length > 0 ? 1 : -1;
    },
    has_user_agent: (m) => {
      const h = m.msg.msg.firstOfKind(HeaderKind.UserAgent);
      return h !== undefined && h.valueEnd > h.valueStart ? 1 : -1;
    },
    is_faked_msg: (m) => (m.msg.kind === "event" ? 1 : -1),
    is_socket_name: (m, name) => {
      if (name.length === 0) err(m, 1212, "ki_is_socket_name", "invalid socket name value");
      return -1;
    },
    setxflag: (m, flag) => {
      if (!xflagOk(flag)) return -1;
      setXflag(m.msg, flag, true);
      return 1;
    },
    resetxflag: (m, flag) => {
      if (!xflagOk(flag)) return -1;
      setXflag(m.msg, flag, false);
      return 1;
    },
    isxflagset: (m, flag) => {
      if (!xflagOk(flag)) return -1;
      return ((xflags.get(m.msg) ?? 0n) >> BigInt(flag)) & 1n ? 1 : -1;
    },
    append_branch: (m) => addBranch(m, "", ""),
    append_branch_uri: (m, uri) => addBranch(m, uri, ""),
    append_branch_uri_q: (m, uri, q) => addBranch(m, uri, q),
    set_send_socket: (m, spec) => {
      const ctx = m.msg;
      if (spec.length === 0) {
        setForcedSocket(ctx, null);
        return 1;
      }
      const s = socketSpec(spec);
      if (s === null) {
        err(m, 891, "ki_set_socket_helper", `invalid socket specification [${spec}] (0)`);
        return -1;
      }
      const sock = m.runtime.sockets.find(
        (x) => x.address === s.host && (s.port === 0 || x.port === s.port) && (s.proto === "" || s.proto === "any" || x.proto === s.proto),
      );
      if (sock === undefined) m.log.write(LogLevel.WARNING, "corex [corex_mod.c:913]: ki_set_socket_helper(): ", `no socket found to match [${spec}] (0)\n`);
      else setForcedSocket(ctx, sock);
      return 1;
    },
    set_send_socket_name: (m, name) => {
      if (name.length === 0) setForcedSocket(m.msg, null);
      else m.log.write(LogLevel.WARNING, "corex [corex_mod.c:913]: ki_set_socket_helper(): ", `no socket found to match [${name}] (0)\n`);
      return 1;
    },
    file_read: (m, name) => {
      try {
        return readFileSync(name).toString("utf8");
      } catch {
        err(m, 615, "corex_file_read", `cannot open file: ${name}`);
        return "";
      }
    },
    file_write: (m, name, data) => {
      try {
        writeFileSync(name, data);
        return 1;
      } catch {
        err(m, 713, "ki_file_write", `cannot open file: ${name}`);
        return -1;
      }
    },
  },
});
