/**
 * Record-Route insertion as rr's `record.c` builds it: `<sip:[user@]ADDR[;r2=on];lr[;ftag=T][params]>`
 * where ADDR is the socket the request arrived on, plus a second line naming the send socket when
 * `enable_double_rr` is on and the two differ (or always with `enable_double_rr=2`). The addresses
 * are only known at send time, so the lines are built by a send-time header builder.
 */

import type { MsgContext } from "../../engine/context.js";
import { addSendTimeHeaders } from "../../engine/send-headers.js";
import type { LocalSocket, Proto } from "../../engine/services.js";

/** What a record_route() call fixed at call time; `params` grows when add_rr_param runs later. */
export interface RecordSpec {
  readonly sips: boolean;
  readonly user: string;
  readonly tag: string;
  /** Parameters after `;lr[;ftag=…]`: record_route_params' text, then add_rr_param texts. */
  params: string;
  readonly fullLr: boolean;
  /** enable_double_rr: 0 off, 1 when the sockets differ, 2 always. */
  readonly doubleRr: number;
}

/** The `host[:port][;transport=x]` text Kamailio substitutes for a socket (SUBST_RCV_ALL/SUBST_SND_ALL). */
export function socketAddressText(sock: LocalSocket, proto: Proto): string {
  const host = sock.advertise?.host ?? sock.address;
  const shown = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const port = sock.advertise?.port ?? sock.port;
  // Kamailio 5.6.3 leaves out 5060, for an advertised address too (`advertise 1.2.3.4` gave `<sip:1.2.3.4;lr>`).
  const portText = port !== 5060 ? `:${port}` : "";
  return `${shown}${portText}${proto === "udp" ? "" : `;transport=${proto}`}`;
}

function sameRealm(a: LocalSocket, aProto: Proto, b: LocalSocket, bProto: Proto): boolean {
  const ah = a.advertise?.host ?? a.address;
  const bh = b.advertise?.host ?? b.address;
  const ap = a.advertise?.port ?? a.port;
  const bp = b.advertise?.port ?? b.port;
  return ah === bh && ap === bp && aProto === bProto;
}

/** One recorded Record-Route: params added later go at its end, before `>`; remove_record_route drops it. */
export interface Recorded {
  later: string;
  removed: boolean;
}

function line(spec: RecordSpec, rec: Recorded, address: string, r2: boolean): string {
  const scheme = spec.sips ? "sips" : "sip";
  const user = spec.user === "" ? "" : `${spec.user}@`;
  const lr = spec.fullLr ? ";lr=on" : ";lr";
  const ftag = spec.tag === "" ? "" : `;ftag=${spec.tag}`;
  return `Record-Route: <${scheme}:${user}${address}${r2 ? ";r2=on" : ""}${lr}${ftag}${spec.params}${rec.later}>\r\n`;
}

/** Registers the Record-Route line(s) of `record_route()` for every send of this request. */
export function addRecordRoute(ctx: MsgContext, spec: RecordSpec, rec: Recorded): void {
  addSendTimeHeaders(ctx, (c, sock, proto) => {
    if (rec.removed) return "";
    const inbound = c.socket;
    const two = spec.doubleRr === 2 || (spec.doubleRr === 1 && !sameRealm(inbound, c.proto, sock, proto));
    if (!two) return line(spec, rec, socketAddressText(inbound, c.proto), false);
    // The line naming the send socket goes first: the next hop routes back through it.
    return line(spec, rec, socketAddressText(sock, proto), true) + line(spec, rec, socketAddressText(inbound, c.proto), true);
  });
}

/** `record_route_preset(addr)` up to `;lr`: `<sip:[user@]addr[;ftag=T][params];lr` (later params and `>` follow). */
export function presetLine(sips: boolean, user: string, address: string, tag: string, params: string, fullLr: boolean): string {
  const scheme = sips ? "sips" : "sip";
  const u = user === "" ? "" : `${user}@`;
  const ftag = tag === "" ? "" : `;ftag=${tag}`;
  return `<${scheme}:${u}${address}${ftag}${params}${fullLr ? ";lr=on" : ";lr"}`;
}
