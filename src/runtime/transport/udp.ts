/** UDP sockets: one dgram socket per local UDP address; datagrams go to the handler as they are. */

import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

const UDP_RECV_BUFFER = 4 * 1024 * 1024;
import { KemitsError } from "../engine/errors.js";
import type { LocalSocket } from "../engine/services.js";
import type { MessageHandler } from "./types.js";

export class UdpEndpoint {
  readonly local: LocalSocket;
  private readonly socket: Socket;
  private readonly handler: MessageHandler;

  private constructor(local: LocalSocket, socket: Socket, handler: MessageHandler) {
    this.local = local;
    this.socket = socket;
    this.handler = handler;
    socket.on("message", (buf: Buffer, rinfo: RemoteInfo) => this.onMessage(buf, rinfo));
    // Sending errors (ICMP unreachable and the like) are per datagram: never fatal.
    socket.on("error", () => {});
  }

  static bind(local: LocalSocket, handler: MessageHandler): Promise<UdpEndpoint> {
    // A receive buffer as large as the system allows (Kamailio probes up to its maxbuffer the same
    // way): bursts of requests must queue, not be dropped before the event loop reads them.
    const socket = createSocket({ type: local.family === 6 ? "udp6" : "udp4", reuseAddr: false, recvBufferSize: UDP_RECV_BUFFER });
    return new Promise((resolve, reject) => {
      socket.once("error", (e) => reject(new KemitsError("KEMITS_ERR_LISTEN", `cannot bind udp:${local.address}:${local.port}: ${e.message}`)));
      socket.bind(local.port, local.address, () => resolve(new UdpEndpoint(local, socket, handler)));
    });
  }

  private onMessage(buf: Buffer, rinfo: RemoteInfo): void {
    this.handler(buf, { proto: "udp", srcAddress: rinfo.address, srcPort: rinfo.port, socket: this.local, connectionId: null });
  }

  send(address: string, port: number, bytes: Buffer): void {
    this.socket.send(bytes, port, address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
