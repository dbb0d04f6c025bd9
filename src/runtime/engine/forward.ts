/**
 * Stateless forwarding, as Kamailio's `forward_request` / `forward_reply` do it: where a request
 * goes (`$du`, else the R-URI: host, port, `transport`), the Via a proxy adds, `received`/`rport`
 * on the request's top Via, and where a reply goes (the second Via's `received`/`rport`/sent-by).
 */

import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { formatVia, type HeaderField, HeaderKind, type SipMessage, type SipUri, type ViaValue } from "../sip/index.js";
import type { Destination, LocalSocket, Proto } from "./services.js";

const SIP_PORT = 5060;
const SIPS_PORT = 5061;

/** The next hop a URI names; null when it does not parse or its transport is not UDP/TCP. */
export function destinationOfUri(uri: SipUri | null): Destination | null {
  if (uri === null || uri.hostKind === "none") return null;
  const t = uri.transport;
  let proto: Proto;
  if (t === "" || t === "udp") proto = uri.scheme === "sips" ? "tcp" : "udp";
  else if (t === "tcp") proto = "tcp";
  else return null;
  const port = uri.port !== 0 ? uri.port : uri.scheme === "sips" ? SIPS_PORT : SIP_PORT;
  return { proto, address: bareHost(uri.host), port };
}

/** Where a reply goes: the Via below ours (`received` over sent-by host, `rport` value over port). */
export function destinationOfVia(via: ViaValue): Destination | null {
  const proto = via.transport === "UDP" ? "udp" : via.transport === "TCP" ? "tcp" : null;
  if (proto === null) return null;
  const address = via.received !== "" ? via.received : bareHost(via.host);
  const rport = via.rport !== undefined && via.rport !== null ? Number.parseInt(via.rport, 10) : 0;
  const port = rport > 0 ? rport : via.port !== 0 ? via.port : SIP_PORT;
  return { proto, address, port };
}

export function bareHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export function isIpLiteral(host: string): boolean {
  return isIP(host) !== 0;
}

/**
 * The branch Kamailio's stateless `forward_request` puts in its Via, so that retransmissions and
 * reboots give the same value: `z9hG4bK` + reversed-hex hash of Call-ID and CSeq number (16 bits) +
 * `.` + MD5 of the transaction key (`char_msg_val`) + `.0`.
 */
export function statelessBranch(msg: SipMessage): string {
  const via = msg.via();
  const cseq = msg.cseq()?.number.toString() ?? "";
  const callId = msg.callId();
  const method = msg.method.toUpperCase();
  const inviteLike = method === "INVITE" || method === "ACK" || method === "CANCEL";
  const key = [
    msg.from()?.tag ?? "",
    inviteLike ? "" : (msg.to()?.tag ?? ""),
    callId,
    msg.requestUri,
    cseq,
    via?.host ?? "",
    via?.portText ?? "",
  ];
  if (via !== null && via.branch !== "") key.push(via.branch);
  const md5 = createHash("md5");
  for (const part of key) {
    const t = part.trim();
    if (t !== "") md5.update(Buffer.from(t, "latin1"));
  }
  const hash = hashFinish(hashUpdate(hashUpdate(0, callId), cseq)) & 0xffff;
  return `z9hG4bK${reverseHex(hash)}.${md5.digest("hex")}.0`;
}

/** Kamailio's `hash_update_str` over latin1 bytes (C `char` is signed on x86_64). */
function hashUpdate(h: number, s: string): number {
  const b = Buffer.from(s, "latin1");
  const c = (i: number) => (b[i]! << 24) >> 24;
  let p = 0;
  let v: number;
  for (; p <= b.length - 4; p += 4) {
    v = ((c(p) << 24) + (c(p + 1) << 16) + (c(p + 2) << 8) + c(p + 3)) >>> 0;
    h = (h + ((v ^ (v >>> 3)) >>> 0)) >>> 0;
  }
  const rest = b.length - p;
  v = rest === 3 ? (c(p) << 16) + (c(p + 1) << 8) + c(p + 2) : rest === 2 ? (c(p) << 8) + c(p + 1) : rest === 1 ? c(p) : 0;
  v >>>= 0;
  return (h + ((v ^ (v >>> 3)) >>> 0)) >>> 0;
}

function hashFinish(h: number): number {
  return (h + (h >>> 11) + ((h >>> 13) + (h >>> 23))) >>> 0;
}

/** `int2reverse_hex`: hex digits, lowest nibble first, no padding ("0" for 0). */
function reverseHex(n: number): string {
  if (n === 0) return "0";
  let out = "";
  while (n !== 0) {
    out += (n & 0xf).toString(16);
    n >>>= 4;
  }
  return out;
}

/** The Via this proxy adds when sending from `sock`; the port is left out when it is 5060, as Kamailio does. */
export function ourVia(sock: LocalSocket, proto: Proto, branch: string): string {
  const host = sock.advertise?.host ?? sock.address;
  const port = sock.advertise?.port ?? sock.port;
  return formatVia({ transport: proto, host, port: port === SIP_PORT ? 0 : port, branch });
}

/**
 * The top Via line of a received request as Kamailio forwards it (`received_test`, `received_builder`,
 * `rport_builder`): `received` is written when the Via has `received` or `rport` or its sent-by is not
 * the source address; `rport=<source port>` when the Via has `rport` or it is forced. An existing
 * parameter is replaced where it stands; a new one goes right after sent-by, `rport` before
 * `received`. Returns the new header value, or null when nothing changes.
 */
export function fixedTopVia(msg: SipMessage, srcAddress: string, srcPort: number, forceRport: boolean): { header: HeaderField; value: string } | null {
  const h = msg.firstOfKind(HeaderKind.Via);
  const v = h === undefined ? undefined : msg.viaValues(h)?.[0];
  if (h === undefined || v === undefined) return null;
  const receivedParam = v.params.find((p) => p.name.toLowerCase() === "received");
  const rportParam = v.params.find((p) => p.name.toLowerCase() === "rport");
  const addReceived = receivedParam !== undefined || rportParam !== undefined || bareHost(v.host).toLowerCase() !== srcAddress.toLowerCase();
  const addRport = forceRport || rportParam !== undefined;
  if (!addReceived && !addRport) return null;
  const raw = h.raw;
  const anchor = v.params.length > 0 ? v.params[0]!.start : v.end;
  const edits: { start: number; end: number; text: string; order: number }[] = [];
  const received = `;received=${srcAddress}`;
  const rport = `;rport=${srcPort}`;
  if (addReceived) {
    if (receivedParam) edits.push({ start: receivedParam.start, end: receivedParam.end, text: received, order: 1 });
    else edits.push({ start: anchor, end: anchor, text: received, order: 1 });
  }
  if (addRport) {
    if (rportParam) edits.push({ start: rportParam.start, end: rportParam.end, text: rport, order: 0 });
    else edits.push({ start: anchor, end: anchor, text: rport, order: 0 });
  }
  edits.sort((a, b) => a.start - b.start || a.order - b.order);
  let out = "";
  let cursor = 0;
  for (const e of edits) {
    out += raw.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return { header: h, value: out + raw.slice(cursor) };
}
