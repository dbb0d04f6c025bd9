/** Via header values (RFC 3261 20.42), one or more per header line. Offsets index the raw header text. */

import { isLws, parseUint, skipLws, trimLwsEnd } from "./chars.js";
import { findParam, parseParamList, type SipParam, splitCommaList } from "./params.js";

export class ViaValue {
  /** `SIP` */
  readonly protocolName: string;
  /** `2.0` */
  readonly protocolVersion: string;
  /** Transport in upper case: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`, … */
  readonly transport: string;
  /** sent-by host; IPv6 references keep their brackets. */
  readonly host: string;
  /** sent-by port, 0 when absent. */
  readonly port: number;
  /** Port as written, "" when absent. */
  readonly portText: string;
  readonly params: readonly SipParam[];
  /** `branch` value, "" when absent. */
  readonly branch: string;
  /** `received` value, "" when absent. */
  readonly received: string;
  /** `rport`: undefined when absent, null when present without value, the text otherwise. */
  readonly rport: string | null | undefined;
  /** Offsets in the header text: the whole value, and the `;rport[=…]` parameter (-1 when absent). */
  readonly start: number;
  readonly end: number;
  readonly rportStart: number;
  readonly rportEnd: number;

  constructor(
    protocolName: string,
    protocolVersion: string,
    transport: string,
    host: string,
    port: number,
    portText: string,
    params: SipParam[],
    start: number,
    end: number,
  ) {
    this.protocolName = protocolName;
    this.protocolVersion = protocolVersion;
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.portText = portText;
    this.params = params;
    this.branch = findParam(params, "branch")?.value ?? "";
    this.received = findParam(params, "received")?.value ?? "";
    const rport = findParam(params, "rport");
    this.rport = rport === undefined ? undefined : rport.value;
    this.rportStart = rport === undefined ? -1 : rport.start;
    this.rportEnd = rport === undefined ? -1 : rport.end;
    this.start = start;
    this.end = end;
  }

  param(name: string): string | null | undefined {
    const p = findParam(this.params, name);
    return p === undefined ? undefined : p.value;
  }
}

export type ViaResult =
  | { readonly ok: true; readonly values: readonly ViaValue[] }
  | { readonly ok: false; readonly reason: string };

/** Parses every Via value in `s[start..end)`; fails when any value is malformed (Kamailio drops those). */
export function parseViaList(s: string, start = 0, end = s.length): ViaResult {
  const bounds = splitCommaList(s, start, end);
  if (bounds.length === 0) return { ok: false, reason: "empty Via" };
  const values: ViaValue[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const v = parseOneVia(s, bounds[k]!, bounds[k + 1]!);
    if (typeof v === "string") return { ok: false, reason: v };
    values.push(v);
  }
  return { ok: true, values };
}

function readToken(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x2f || c === 0x3b || c === 0x3a || isLws(c)) break;
    i++;
  }
  return i;
}

function expectSlash(s: string, i: number, end: number): number {
  i = skipLws(s, i, end);
  if (s.charCodeAt(i) !== 0x2f) return -1;
  return skipLws(s, i + 1, end);
}

function parseOneVia(s: string, start: number, end: number): ViaValue | string {
  let i = skipLws(s, start, end);
  let j = readToken(s, i, end);
  const name = s.slice(i, j);
  if (name.length === 0) return "missing protocol name";
  i = expectSlash(s, j, end);
  if (i < 0) return "expected '/' after protocol name";
  j = readToken(s, i, end);
  const version = s.slice(i, j);
  if (version.length === 0) return "missing protocol version";
  // Kamailio's Via parser (parse_via.c) is a state machine that only knows SIP/2.0: any other
  // protocol or version makes the header, and so the message, unparsable.
  if (name.toUpperCase() !== "SIP" || version !== "2.0") return `unsupported protocol ${name}/${version}`;
  i = expectSlash(s, j, end);
  if (i < 0) return "expected '/' after protocol version";
  j = readToken(s, i, end);
  const transport = s.slice(i, j).toUpperCase();
  if (transport.length === 0) return "missing transport";
  i = skipLws(s, j, end);
  if (i === j) return "expected space before sent-by";
  let host: string;
  if (s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf("]", i);
    if (close < 0 || close >= end) return "unterminated IPv6 reference";
    host = s.slice(i, close + 1);
    i = close + 1;
  } else {
    j = i;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c === 0x3a || c === 0x3b || isLws(c)) break;
      j++;
    }
    host = s.slice(i, j);
    i = j;
  }
  if (host.length === 0) return "missing sent-by host";
  let port = 0;
  let portText = "";
  i = skipLws(s, i, end);
  if (s.charCodeAt(i) === 0x3a) {
    const p = skipLws(s, i + 1, end);
    j = p;
    while (j < end && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
    portText = s.slice(p, j);
    port = parseUint(s, p, j, 65535);
    if (port < 0) return `bad port "${portText}"`;
    i = j;
  }
  const params: SipParam[] = [];
  i = parseParamList(s, i, end, 0x3b, params, true);
  if (skipLws(s, i, end) < end) return "unexpected text in Via";
  return new ViaValue(name, version, transport, host, port, portText, params, start, trimLwsEnd(s, start, end));
}
