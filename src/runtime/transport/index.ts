/** The network transports kemits serves on: UDP and TCP over the sockets `config.listen` gives. */

import type { LocalSocket, Proto } from "../engine/services.js";
import { TcpTransport } from "./tcp.js";
import type { MessageHandler, SendOptions, Transports } from "./types.js";
import { UdpEndpoint } from "./udp.js";

export { type ListenDefaults, listenDefaults, resolveListen, SIP_PORT } from "./listen.js";
export { DEFAULT_TCP_LIFETIME_MS } from "./tcp.js";
export type { MessageHandler, ReceiveInfo, SendOptions, Transports } from "./types.js";

export interface NetTransportOptions {
  /** Idle TCP connections are closed after this many ms. */
  readonly tcpLifetimeMs?: number;
}

export class NetTransports implements Transports {
  readonly sockets: readonly LocalSocket[];
  private readonly udp: UdpEndpoint[];
  private readonly tcp: TcpTransport;

  private constructor(sockets: readonly LocalSocket[], udp: UdpEndpoint[], tcp: TcpTransport) {
    this.sockets = sockets;
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Binds every socket; on a failure, closes what was bound and rethrows. */
  static async open(sockets: readonly LocalSocket[], handler: MessageHandler, options: NetTransportOptions = {}): Promise<NetTransports> {
    const udp: UdpEndpoint[] = [];
    const tcp = new TcpTransport(handler, options.tcpLifetimeMs);
    const t = new NetTransports(sockets, udp, tcp);
    try {
      for (const s of sockets) {
        if (s.proto === "udp") udp.push(await UdpEndpoint.bind(s, handler));
        else await tcp.listen(s);
      }
    } catch (e) {
      await t.close();
      throw e;
    }
    return t;
  }

  send(proto: Proto, address: string, port: number, bytes: Buffer, options: SendOptions = {}): boolean {
    if (proto === "tcp") return this.tcp.send(address, port, bytes, options.connectionId ?? null, options.noConnect ?? false, options.close ?? false);
    const family = address.includes(":") ? 6 : 4;
    const from = options.from;
    const ep =
      (from !== undefined && from.proto === "udp" && from.family === family ? this.udp.find((u) => u.local === from) : undefined) ??
      this.udp.find((u) => u.local.family === family);
    if (ep === undefined) return false;
    ep.send(address, port, bytes);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.udp.map((u) => u.close()), this.tcp.close()]);
  }
}
