/**
 * TCP: listeners, accepted and outgoing connections. Streams are framed with the SIP layer's
 * `frame()` (Content-Length required, CRLF keep-alives answered), a connection idle for
 * `lifetime` ms is closed (Kamailio's `tcp_connection_lifetime`, 120 s by default), and
 * connections are found again by id (replies) or by peer address (new requests reuse them).
 */

import { connect, createServer, type Server, type Socket } from "node:net";
import { frame } from "../sip/index.js";
import { KemitsError } from "../engine/errors.js";
import type { LocalSocket } from "../engine/services.js";
import type { MessageHandler } from "./types.js";

export const DEFAULT_TCP_LIFETIME_MS = 120_000;
const CRLF = Buffer.from("\r\n");
const EMPTY = Buffer.alloc(0);

class Connection {
  readonly id: number;
  readonly socket: Socket;
  readonly peerKey: string;
  readonly local: LocalSocket;
  readonly address: string;
  readonly port: number;
  pending: Buffer;
  lastUse: number;

  constructor(id: number, socket: Socket, local: LocalSocket, address: string, port: number) {
    this.id = id;
    this.socket = socket;
    this.local = local;
    this.address = address;
    this.port = port;
    this.peerKey = peerKey(address, port);
    this.pending = EMPTY;
    this.lastUse = Date.now();
  }
}

function peerKey(address: string, port: number): string {
  return `${address.toLowerCase()}|${port}`;
}

export class TcpTransport {
  readonly listeners: LocalSocket[];
  private readonly servers: Server[];
  private readonly byId: Map<number, Connection>;
  private readonly byPeer: Map<string, Connection>;
  private readonly handler: MessageHandler;
  private readonly lifetime: number;
  private nextId: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(handler: MessageHandler, lifetimeMs = DEFAULT_TCP_LIFETIME_MS) {
    this.listeners = [];
    this.servers = [];
    this.byId = new Map();
    this.byPeer = new Map();
    this.handler = handler;
    this.lifetime = lifetimeMs;
    this.nextId = 1;
    // One shared timer for every connection's idle timeout.
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.min(1000, lifetimeMs / 2)));
    this.sweeper.unref();
  }

  listen(local: LocalSocket): Promise<void> {
    const server = createServer({ noDelay: true }, (s) => this.accept(s, local));
    return new Promise((resolve, reject) => {
      server.once("error", (e) => reject(new KemitsError("KEMITS_ERR_LISTEN", `cannot bind tcp:${local.address}:${local.port}: ${e.message}`)));
      server.listen(local.port, local.address, () => {
        server.on("error", () => {});
        this.servers.push(server);
        this.listeners.push(local);
        resolve();
      });
    });
  }

  private accept(socket: Socket, local: LocalSocket): void {
    const address = (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    this.track(socket, local, address, socket.remotePort ?? 0);
  }

  private track(socket: Socket, local: LocalSocket, address: string, port: number): Connection {
    const c = new Connection(this.nextId++, socket, local, address, port);
    this.byId.set(c.id, c);
    this.byPeer.set(c.peerKey, c);
    socket.on("data", (chunk: Buffer) => this.onData(c, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.forget(c));
    return c;
  }

  private forget(c: Connection): void {
    this.byId.delete(c.id);
    if (this.byPeer.get(c.peerKey) === c) this.byPeer.delete(c.peerKey);
  }

  private onData(c: Connection, chunk: Buffer): void {
    c.lastUse = Date.now();
    let buf = c.pending.length === 0 ? chunk : Buffer.concat([c.pending, chunk]);
    let offset = 0;
    for (;;) {
      const f = frame(buf, offset);
      if (f.kind === "need-more") break;
      if (f.kind === "error") {
        // Kamailio closes a stream it cannot frame.
        c.socket.destroy();
        c.pending = EMPTY;
        return;
      }
      if (f.kind === "keepalive") {
        if (f.pong) c.socket.write(CRLF);
        offset += f.length;
        continue;
      }
      const message = buf.subarray(offset, offset + f.messageLength);
      offset += f.messageLength;
      this.handler(message, { proto: "tcp", srcAddress: c.address, srcPort: c.port, socket: c.local, connectionId: c.id });
    }
    buf = offset >= buf.length ? EMPTY : buf.subarray(offset);
    // Keep the unread tail in its own buffer so the old chunks can be freed.
    c.pending = buf.length === 0 ? EMPTY : Buffer.from(buf);
  }

  /** Sends on connection `id` when open, else on an open connection to the peer, else connects. */
  send(address: string, port: number, bytes: Buffer, id: number | null, noConnect: boolean, close: boolean): boolean {
    let c = id === null ? undefined : this.byId.get(id);
    if (c === undefined) c = this.byPeer.get(peerKey(address, port));
    if (c === undefined) {
      if (noConnect || this.listeners.length === 0) return false;
      const local = this.listeners.find((l) => (l.family === 6) === address.includes(":")) ?? this.listeners[0]!;
      const socket = connect({ host: address, port, noDelay: true });
      c = this.track(socket, local, address, port);
    }
    c.lastUse = Date.now();
    c.socket.write(bytes);
    if (close) c.socket.end();
    return true;
  }

  private sweep(): void {
    const limit = Date.now() - this.lifetime;
    for (const c of this.byId.values()) if (c.lastUse < limit) c.socket.destroy();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const c of this.byId.values()) c.socket.end();
    // Give peers a moment to read what was written, then cut what is left.
    await new Promise((r) => setTimeout(r, 50));
    for (const c of this.byId.values()) c.socket.destroy();
    await Promise.all(closed);
  }
}
