/**
 * Header lines that can only be written once the send socket is known, like Kamailio's SUBST and
 * COND lumps (`record_route()` puts the receiving and the sending address into Record-Route, and a
 * second Record-Route only when they differ). A module registers a builder for the current message;
 * every send of that message (stateless `forward()`, each tm branch) calls `withSendTimeHeaders`,
 * which puts the built lines first among the headers without changing the message's edits, so a
 * second send through another socket gets its own lines.
 */

import type { MsgContext } from "./context.js";
import type { LocalSocket, Proto } from "./services.js";

/** Returns complete header lines (each ending in CRLF) for a send from `sock` over `proto`; "" for none. */
export type SendTimeHeaderBuilder = (ctx: MsgContext, sock: LocalSocket, proto: Proto) => string;

const builders = new WeakMap<MsgContext, SendTimeHeaderBuilder[]>();

/** Registers a builder for this message (called in registration order at each send). */
export function addSendTimeHeaders(ctx: MsgContext, build: SendTimeHeaderBuilder): void {
  const list = builders.get(ctx);
  if (list === undefined) builders.set(ctx, [build]);
  else list.push(build);
}

/** The serialized request with the send-time lines inserted right after its first line. */
export function withSendTimeHeaders(ctx: MsgContext, sock: LocalSocket, proto: Proto, bytes: Buffer): Buffer {
  const list = builders.get(ctx);
  if (list === undefined) return bytes;
  let text = "";
  for (const build of list) text += build(ctx, sock, proto);
  if (text === "") return bytes;
  const eol = bytes.indexOf("\n");
  if (eol < 0) return bytes;
  return Buffer.concat([bytes.subarray(0, eol + 1), Buffer.from(text, "utf8"), bytes.subarray(eol + 1)]);
}
