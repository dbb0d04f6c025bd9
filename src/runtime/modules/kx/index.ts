/**
 * kemix (Kamailio's kemix.so, KEMI module `KSR.kx`): direct getters for message attributes. The
 * `get_*` functions return null when the value is missing, `gete_*` "" and `getw_*` "<null>", as
 * Kamailio's `sr_kemi_xval_null` modes do. Ports come back as numbers.
 * kemits has no named listen sockets, so the socket-name getters report none.
 * Not implemented (absent): `get_def`, `get_defn`, `ifdef`, `ifndef` — the runtime does not keep
 * the preprocessor's define table.
 */

import type { MsgContext } from "../../engine/context.js";
import { forcedSocket } from "../../engine/dset.js";
import { defineModule } from "../../engine/module.js";
import type { Proto } from "../../engine/services.js";
import { HeaderKind, parseUri, type SipUri } from "../../sip/index.js";

type Xval = string | number | null;

const NULL_PRINT = "<null>";

/** How a missing value is returned: null (`get_`), "" (`gete_`) or "<null>" (`getw_`). */
type NullMode = null | "" | typeof NULL_PRINT;

const PROTO_ID: Record<Proto, number> = { udp: 1, tcp: 2 };

/** The current R-URI, null for replies and when it does not parse. */
function ruri(ctx: MsgContext): SipUri | null {
  return ctx.msg.isRequest ? ctx.ruri() : null;
}

function uriOfHeader(ctx: MsgContext, kind: HeaderKind): SipUri | null {
  const na = ctx.msg.nameAddr(ctx.msg.firstOfKind(kind));
  if (na === null) return null;
  const r = parseUri(na.uriText);
  return r.ok ? r.uri : null;
}

function part(uri: SipUri | null, which: "user" | "host", none: NullMode): Xval {
  const v = uri === null ? "" : which === "user" ? uri.user : uri.host;
  return v.length > 0 ? v : none;
}

function headerBody(ctx: MsgContext, kind: HeaderKind): string | null {
  const h = ctx.msg.firstOfKind(kind);
  return h === undefined ? null : h.value;
}

function body(ctx: MsgContext, none: NullMode): Xval {
  const msg = ctx.msg;
  return msg.bodyStart < msg.buf.length ? msg.buf.toString("utf8", msg.bodyStart) : none;
}

function hostText(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

/** The user part of the digest username of Proxy-Authorization (preferred) or Authorization. */
function authUser(ctx: MsgContext, none: NullMode): Xval {
  const msg = ctx.msg;
  if (msg.method === "ACK" || msg.method === "CANCEL") return none;
  const h = msg.firstOfKind(HeaderKind.ProxyAuthorization) ?? msg.firstOfKind(HeaderKind.Authorization);
  if (h === undefined) return none;
  const m = /^\s*digest\s+(?:.*?[\s,])?username\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/i.exec(h.raw);
  if (m === null) return none;
  const username = (m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1");
  const at = username.indexOf("@");
  return at >= 0 ? username.slice(0, at) : username;
}

function contactUri(ctx: MsgContext, none: NullMode): Xval {
  const list = ctx.msg.contacts();
  if (list === null || list.star) return none;
  const first = list.values[0];
  return first === undefined || first.uriText.length === 0 ? none : first.uriText;
}

function duri(ctx: MsgContext, none: NullMode): Xval {
  return ctx.dstUri !== null && ctx.dstUri.length > 0 ? ctx.dstUri : none;
}

function userAgent(ctx: MsgContext, none: NullMode): Xval {
  return headerBody(ctx, HeaderKind.UserAgent) ?? none;
}

export default defineModule("kemix", {
  kemi: "kx",
  functions: {
    get_ruri: (m) => (ruri(m.msg) === null ? null : m.msg.requestUri),
    get_ouri: (m) => (ruri(m.msg) === null ? null : m.msg.msg.requestUri),
    get_nhuri: (m) => duri(m.msg, null) ?? (ruri(m.msg) === null ? null : m.msg.requestUri),
    get_ruser: (m) => part(ruri(m.msg), "user", null),
    gete_ruser: (m) => part(ruri(m.msg), "user", ""),
    getw_ruser: (m) => part(ruri(m.msg), "user", NULL_PRINT),
    get_rhost: (m) => part(ruri(m.msg), "host", null),
    gete_rhost: (m) => part(ruri(m.msg), "host", ""),
    getw_rhost: (m) => part(ruri(m.msg), "host", NULL_PRINT),
    get_furi: (m) => m.msg.msg.from()?.uriText ?? null,
    get_turi: (m) => m.msg.msg.to()?.uriText ?? null,
    get_fuser: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "user", null),
    gete_fuser: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "user", ""),
    getw_fuser: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "user", NULL_PRINT),
    get_fhost: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "host", null),
    gete_fhost: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "host", ""),
    getw_fhost: (m) => part(uriOfHeader(m.msg, HeaderKind.From), "host", NULL_PRINT),
    get_tuser: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "user", null),
    gete_tuser: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "user", ""),
    getw_tuser: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "user", NULL_PRINT),
    get_thost: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "host", null),
    gete_thost: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "host", ""),
    getw_thost: (m) => part(uriOfHeader(m.msg, HeaderKind.To), "host", NULL_PRINT),
    get_ua: (m) => userAgent(m.msg, null),
    gete_ua: (m) => userAgent(m.msg, ""),
    getw_ua: (m) => userAgent(m.msg, NULL_PRINT),
    get_au: (m) => authUser(m.msg, null),
    gete_au: (m) => authUser(m.msg, ""),
    getw_au: (m) => authUser(m.msg, NULL_PRINT),
    get_cturi: (m) => contactUri(m.msg, null),
    gete_cturi: (m) => contactUri(m.msg, ""),
    getw_cturi: (m) => contactUri(m.msg, NULL_PRINT),
    get_duri: (m) => duri(m.msg, null),
    gete_duri: (m) => duri(m.msg, ""),
    getw_duri: (m) => duri(m.msg, NULL_PRINT),
    get_body: (m) => body(m.msg, null),
    gete_body: (m) => body(m.msg, ""),
    getw_body: (m) => body(m.msg, NULL_PRINT),
    get_bodylen: (m) => Math.max(0, m.msg.msg.buf.length - m.msg.msg.bodyStart),

    get_method: (m) => {
      const msg = m.msg.msg;
      return msg.isRequest ? msg.method : (msg.cseq()?.method ?? null);
    },
    get_status: (m) => (m.msg.msg.isRequest ? -1 : m.msg.msg.status),
    gets_status: (m) => (m.msg.msg.isRequest ? null : String(m.msg.msg.status).padStart(3, "0")),
    get_callid: (m) => headerBody(m.msg, HeaderKind.CallId) ?? "",
    get_msgbuf: (m) => m.msg.msg.buf.toString("utf8"),
    get_msglen: (m) => m.msg.msg.buf.length,
    get_msgtype: (m) => (m.msg.msg.isRequest ? 1 : 2),
    get_timestamp: () => Math.floor(Date.now() / 1000),

    get_srcip: (m) => m.msg.srcAddress,
    get_srcport: (m) => m.msg.srcPort,
    get_srcuri: (m) => {
      const ctx = m.msg;
      return `sip:${hostText(ctx.srcAddress)}:${ctx.srcPort}${ctx.proto === "udp" ? "" : `;transport=${ctx.proto}`}`;
    },
    get_srcaddr_sock: (m) => `${m.msg.proto}:${hostText(m.msg.srcAddress)}:${m.msg.srcPort}`,
    get_rcvip: (m) => m.msg.socket.address,
    get_rcvport: (m) => m.msg.socket.port,
    get_rcvaddr_sock: (m) => `${m.msg.socket.proto}:${hostText(m.msg.socket.address)}:${m.msg.socket.port}`,
    get_rcvadvip: (m) => m.msg.socket.advertise?.host ?? m.msg.socket.address,
    get_rcvadvport: (m) => m.msg.socket.advertise?.port ?? m.msg.socket.port,
    get_rcv_sock_name: () => null,
    get_send_sock: (m) => {
      const s = forcedSocket(m.msg);
      return s === null ? null : `${s.proto}:${hostText(s.address)}:${s.port}`;
    },
    get_send_sock_name: () => null,
    get_send_sock_port: (m) => forcedSocket(m.msg)?.port ?? 0,
    get_proto: (m) => m.msg.proto,
    get_protoid: (m) => PROTO_ID[m.msg.proto],
    get_conid: (m) => m.msg.connectionId ?? -1,

    get_env: (_m, name) => (name.length === 0 ? "" : (process.env[name] ?? "")),
    get_envn: (_m, name) => {
      const v = name.length === 0 ? undefined : process.env[name];
      return v === undefined ? 0 : str2sint(v);
    },
  },
});

/** Kamailio's `str2sint`: an optional sign and leading digits; 0 when there are none. */
function str2sint(text: string): number {
  const m = /^([+-]?)(\d+)/.exec(text);
  if (m === null) return 0;
  const n = Number.parseInt(m[2]!, 10) | 0;
  return m[1] === "-" ? -n : n;
}
