/**
 * What transports report and offer: received datagrams/framed stream messages go to one handler;
 * sending picks the socket, the connection, or opens one.
 */

import type { LocalSocket, Proto } from "../engine/services.js";

export interface ReceiveInfo {
  readonly proto: Proto;
  readonly srcAddress: string;
  readonly srcPort: number;
  /** The local socket it arrived on. */
  readonly socket: LocalSocket;
  /** The TCP connection id, null for UDP. */
  readonly connectionId: number | null;
}

export type MessageHandler = (bytes: Buffer, rcv: ReceiveInfo) => void;

export interface SendOptions {
  /** Send from this local socket (UDP) when it fits the destination's family. */
  readonly from?: LocalSocket;
  /** TCP: send on this connection when it is still open (replies go back where requests came from). */
  readonly connectionId?: number | null;
  /** TCP: do not open a new connection (`set_*_no_connect`). */
  readonly noConnect?: boolean;
  /** TCP: close the connection after sending (`set_*_close`). */
  readonly close?: boolean;
}

export interface Transports {
  readonly sockets: readonly LocalSocket[];
  /** Queues bytes for sending; false when it cannot be sent at all (no socket, no connection). */
  send(proto: Proto, address: string, port: number, bytes: Buffer, options?: SendOptions): boolean;
  /** Stops accepting, lets queued writes finish, closes every socket and connection. */
  close(): Promise<void>;
}
