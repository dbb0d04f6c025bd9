/**
 * To-tags for stateless replies, computed exactly like Kamailio 5.6 `sl` (`core/tags.h`): an MD5 of
 * "KAMAILIO-stateless" + the first listen address + port, a `.`, then two CRC-CCITT values over the
 * top Via (host, port, branch) and (port, host, Call-ID), each printed as 4 reversed hex nibbles.
 */

import { createHash } from "node:crypto";
import type { SipMessage } from "./message.js";

/** The fixed part of the tag, from the first socket Kamailio listens on (`127.0.0.40`, `5060`). */
export function slTagPrefix(listenAddress: string, listenPort: number | string): string {
  return createHash("md5").update(`KAMAILIO-stateless${listenAddress}${listenPort}`).digest("hex");
}

/** The full to-tag Kamailio's `sl_send_reply` would add to a reply to `msg`. */
export function slToTag(prefix: string, msg: SipMessage): string {
  const via = msg.via();
  if (via === null) return `${prefix}.`;
  // An absent port is a NULL string in Kamailio, which ends the CRC input there.
  const first = via.portText === "" ? [via.host] : [via.host, via.portText, via.branch];
  const second = via.portText === "" ? [] : [via.portText, via.host, msg.callId()];
  return `${prefix}.${crcittHex(first)}${crcittHex(second)}`;
}

const CCITT = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
  CCITT[n] = c;
}

/** Kamailio's `crcitt_string_array`: CRC over the concatenation, low nibble first, zero padded to 4. */
function crcittHex(parts: readonly string[]): string {
  let crc = 0xffff;
  for (const part of parts) {
    const bytes = Buffer.from(part, "latin1");
    for (const b of bytes) crc = CCITT[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  }
  crc = ~crc & 0xffff;
  let out = "";
  if (crc === 0) out = "0";
  while (crc !== 0) {
    out += (crc & 0xf).toString(16);
    crc >>>= 4;
  }
  return out.padEnd(4, "0");
}
