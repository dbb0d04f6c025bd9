/**
 * What the engine offers modules besides the current message: sending, the local sockets, `myself`.
 * Modules get it as `m.runtime`; it is implemented by the engine over its transports.
 */

import type { MsgContext } from "./context.js";
import type { TransactionServices } from "./tm-hooks.js";

export type Proto = "udp" | "tcp";

/** A local socket the runtime listens on. */
export interface LocalSocket {
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** `advertise` address/port, when configured: what goes into Via and Record-Route. */
  readonly advertise?: { readonly host: string; readonly port: number };
}

/** Where a message goes (or came from). */
export interface Destination {
  readonly proto: Proto;
  readonly address: string;
  readonly port: number;
}

// tm hooks (engine/tm-hooks.ts) are part of the services.
export interface RuntimeServices extends TransactionServices {
  /** Every socket listened on, in `config.listen` order (proto `any` gives a udp and a tcp socket). */
  readonly sockets: readonly LocalSocket[];
  /** The to-tag prefix stateless replies use (from the first socket, like Kamailio's sl). */
  readonly slTagPrefix: string;
  /** The `Server:` line local replies carry (core `server_header`), null when `server_signature=no` or it is empty. */
  readonly serverHeader: string | null;
  /** Kamailio's `myself` check: a listen address/port or an alias. `port` 0 = the default port. */
  isMyself(host: string, port: number, proto?: string): boolean;
  /** Sends reply bytes for the request in `ctx` along its Via (received/rport, the incoming connection). */
  sendReply(ctx: MsgContext, bytes: Buffer): boolean;
  /**
   * Stateless forwarding of the current request (`forward()`): to `uri` when given, else `$du`, else
   * the R-URI; adds a Via, runs onsend_route, sends. Returns 1 on success, -1 on failure.
   */
  forwardRequest(ctx: MsgContext, uri?: string): number;
}
