import { type Socket, createSocket } from "node:dgram";

/** A datagram received by a peer, as text, with where it came from. */
export interface Received {
  readonly text: string;
  readonly from: string;
}

/**
 * A UDP SIP endpoint for tests: sends hand-written messages and records everything it receives.
 * It knows no SIP beyond what tests need; assertions work on the recorded text.
 */
export class SipPeer {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    readonly port: number,
  ) {
    socket.on("message", (msg, rinfo) => {
      this.received.push({ text: msg.toString("latin1"), from: `${rinfo.address}:${rinfo.port}` });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async bind(address: string, port = 0): Promise<SipPeer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, address, () => resolve());
    });
    return new SipPeer(socket, address, socket.address().port);
  }

  send(text: string | Buffer, host: string, port: number): Promise<void> {
    const buf = typeof text === "string" ? Buffer.from(text, "latin1") : text;
    return new Promise((resolve, reject) => this.socket.send(buf, port, host, (e) => (e ? reject(e) : resolve())));
  }

  /** Waits until `count` messages in total have arrived, or `ms` pass; returns what arrived. */
  async waitFor(count: number, ms = 2000): Promise<Received[]> {
    const deadline = Date.now() + ms;
    while (this.received.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Collects for a quiet period: for checks that something does NOT arrive. */
  async settle(ms = 300): Promise<Received[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
