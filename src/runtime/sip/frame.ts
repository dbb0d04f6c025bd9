/**
 * Message framing for stream transports (TCP/TLS), following Kamailio's `tcp_read_headers`: leading
 * CRLFs are keep-alives (a double CRLF is a ping answered with one CRLF, RFC 5626 4.4.1), and a
 * message ends Content-Length bytes after the blank line; a missing Content-Length is an error
 * (Kamailio's default `tcp_accept_no_cl=no`).
 */

import { CR, LF } from "./chars.js";
import { lookupHeaderName, HeaderKind } from "./header-names.js";
import { MAX_MESSAGE_SIZE } from "./parse.js";

export type FrameResult =
  /** A complete message occupies `buf[offset .. offset+messageLength)`. */
  | { readonly kind: "message"; readonly messageLength: number }
  /** Keep-alive bytes to consume; `pong` when a CRLF must be sent back. */
  | { readonly kind: "keepalive"; readonly length: number; readonly pong: boolean }
  | { readonly kind: "need-more" }
  /** The stream cannot be framed: Kamailio closes the connection. */
  | { readonly kind: "error"; readonly reason: string };

const NEED_MORE: FrameResult = { kind: "need-more" };

/** Frames the next unit at `buf[offset..]`. Never throws. */
export function frame(buf: Buffer, offset = 0, maxLength = MAX_MESSAGE_SIZE): FrameResult {
  const len = buf.length;
  if (offset >= len) return NEED_MORE;
  if (buf[offset] === CR || buf[offset] === LF) return keepalive(buf, offset);

  // Find the blank line, reading Content-Length on the way.
  let pos = offset;
  let contentLength = -1;
  for (;;) {
    const lf = buf.indexOf(LF, pos);
    if (lf < 0) return len - offset > maxLength ? { kind: "error", reason: "headers too large" } : NEED_MORE;
    const next = lf + 1;
    if (pos !== offset) {
      const lineIsBlank = lf === pos || (lf === pos + 1 && buf[pos] === CR);
      if (lineIsBlank) {
        if (contentLength < 0) return { kind: "error", reason: "Content-Length missing or unparsable" };
        const total = next - offset + contentLength;
        if (total > maxLength) return { kind: "error", reason: "message too large" };
        return len - offset >= total ? { kind: "message", messageLength: total } : NEED_MORE;
      }
      const cl = contentLengthOfLine(buf, pos, lf);
      if (cl === -2) return { kind: "error", reason: "bad Content-Length" };
      if (cl >= 0) contentLength = cl;
    }
    if (next - offset > maxLength) return { kind: "error", reason: "headers too large" };
    pos = next;
  }
}

function keepalive(buf: Buffer, offset: number): FrameResult {
  const len = buf.length;
  if (buf[offset] === LF) return { kind: "keepalive", length: 1, pong: false };
  if (offset + 1 >= len) return NEED_MORE;
  if (buf[offset + 1] !== LF) return { kind: "keepalive", length: 1, pong: false };
  if (offset + 2 >= len) return NEED_MORE;
  if (buf[offset + 2] !== CR) return { kind: "keepalive", length: 2, pong: false };
  if (offset + 3 >= len) return NEED_MORE;
  if (buf[offset + 3] === LF) return { kind: "keepalive", length: 4, pong: true };
  return { kind: "keepalive", length: 2, pong: false };
}

/** Content-Length of a header line: -1 when the line is another header, -2 when the value is bad. */
function contentLengthOfLine(buf: Buffer, start: number, lf: number): number {
  let nameEnd = start;
  while (nameEnd < lf && buf[nameEnd] !== 0x3a && buf[nameEnd] !== 0x20 && buf[nameEnd] !== 0x09) nameEnd++;
  if (lookupHeaderName(buf, start, nameEnd)?.kind !== HeaderKind.ContentLength) return -1;
  let i = buf.indexOf(0x3a, nameEnd);
  if (i < 0 || i > lf) return -2;
  i++;
  let end = lf;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  while (end > i && (buf[end - 1] === CR || buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end--;
  if (i === end) return -2;
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -2;
    n = n * 10 + d;
    if (n > MAX_MESSAGE_SIZE) return -2;
  }
  return n;
}
