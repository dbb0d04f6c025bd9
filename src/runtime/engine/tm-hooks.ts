/**
 * What the transaction layer (the tm module) needs from the engine beyond stateless sending: run
 * the routing module's failure/branch/onreply route functions by name, see replies before they
 * are relayed statelessly (Kamailio's `mod_response_cbs`, called from `forward_reply` once the
 * top Via is known to be ours), finish a request after its route (delayed error replies, releasing
 * transactions the script left), and send bytes it built itself from a chosen local socket.
 * `RuntimeServices` extends this interface; the engine implements it.
 */

import type { MsgContext } from "./context.js";
import type { Destination, LocalSocket, Proto } from "./services.js";

/** A reply hook: true when it handled the reply (the core must not relay it statelessly). */
export type ReplyHandler = (ctx: MsgContext) => boolean;

/**
 * Where the replies to a request go, fixed when its transaction is created (Kamailio's
 * `uas.response.dst`), so a transaction need not keep the parsed request to answer it.
 */
export interface ReplyDestination {
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
  readonly socket: LocalSocket;
  /** The TCP connection the request came on, null for UDP. */
  readonly connectionId: number | null;
  readonly noConnect: boolean;
  readonly close: boolean;
}

/** Runs when the request route has finished with a request (Kamailio's POST_SCRIPT_CB for requests). */
export type PostScriptHandler = (ctx: MsgContext) => void;

export interface TransactionServices {
  /** Whether the routing module exports a function called `name`. */
  hasRoute(name: string): boolean;
  /**
   * Runs the routing module's function `name` with `ctx` as the current message (exit/drop end it,
   * a throw is logged and sets `ctx.dropped`); false when there is no such function.
   */
  runRoute(name: string, ctx: MsgContext): boolean;
  /** Installs the hook replies go through before stateless relaying (one: tm's), or removes it. */
  setReplyHandler(handler: ReplyHandler | null): void;
  /** Installs the hook run after the request route of each request (tm's `t_unref`), or removes it. */
  setPostScriptHandler(handler: PostScriptHandler | null): void;
  /** Kamailio's get_send_socket: the receiving socket (of a message, or a reply destination) when proto and family fit, else the first that does. */
  sendSocket(received: { readonly socket: LocalSocket } | null, dest: Destination): LocalSocket | undefined;
  /** Where replies to the request in `ctx` go (`received`/`rport` rules, the incoming TCP connection). */
  replyDestination(ctx: MsgContext): ReplyDestination;
  /** Sends reply bytes to a destination from `replyDestination`. */
  sendReplyTo(dest: ReplyDestination, bytes: Buffer): boolean;
  /** Runs onsend_route for `bytes` about to go to `dest` as a send of the request in `ctx`; false when it dropped them. */
  runOnSend(ctx: MsgContext, dest: Destination, bytes: Buffer): boolean;
  /** Sends `bytes` from `from` to `dest`; host names are resolved asynchronously. */
  sendTo(dest: Destination, bytes: Buffer, from: LocalSocket, noConnect: boolean, close: boolean): boolean;
}
