// A real server on loopback: OPTIONS over UDP and TCP, TCP framing and keep-alives, malformed input,
// reload, graceful stop.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { type Server, startServer } from "../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { SipPeer } from "../support/sip-peer.js";
import { request } from "./support.js";

const IP = "127.0.30.1";
let server: Server;
const logs: string[] = [];

beforeAll(async () => {
  const routing = await loadRoutingModule("fixtures/runtime/options.ts");
  server = await startServer(routing, { modules: BUILTIN_MODULES, logSink: (l) => logs.push(l), tcpLifetimeMs: 400 });
});

afterAll(async () => {
  await server?.stop();
});

function options(n: number, via = "SIP/2.0/UDP 127.0.30.50:5090"): string {
  return request("OPTIONS", `sip:ping@${IP}`, [], n).replace("SIP/2.0/UDP 127.0.0.1:5090", via);
}

/** A TCP client collecting what it receives. */
class TcpClient {
  data = "";
  constructor(readonly socket: Socket) {
    socket.on("data", (b: Buffer) => (this.data += b.toString("latin1")));
  }
  static open(): Promise<TcpClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: IP, port: 5060 }, () => resolve(new TcpClient(s)));
      s.once("error", reject);
    });
  }
  async until(pred: (d: string) => boolean, ms = 1500): Promise<string> {
    const end = Date.now() + ms;
    while (!pred(this.data) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return this.data;
  }
  closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || this.socket.readyState === "closed") resolve();
      else this.socket.once("close", () => resolve());
    });
  }
}

describe("kemits server", () => {
  it("answers OPTIONS over UDP, to the source address and rport", async () => {
    const peer = await SipPeer.bind("127.0.30.50");
    try {
      await peer.send(options(1, `SIP/2.0/UDP 127.0.30.50:${peer.port}`).replace(";rport", ";rport"), IP, 5060);
      const [r] = await peer.waitFor(1);
      expect(r!.from).toBe(`${IP}:5060`);
      expect(r!.text).toMatch(/^SIP\/2\.0 200 Keepalive\r\n/);
      expect(r!.text).toContain(`;rport=${peer.port};received=127.0.30.50`);
      expect(r!.text).toMatch(/\r\nX-Count: \d+\r\n/);
    } finally {
      await peer.close();
    }
  });

  it("drops malformed datagrams silently and keeps serving", async () => {
    const peer = await SipPeer.bind("127.0.30.51");
    try {
      const good = options(2, `SIP/2.0/UDP 127.0.30.51:${peer.port}`);
      const junk: (string | Buffer)[] = [
        good.slice(0, 60),
        "short",
        Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
        good.replace("Via:", "Via "),
        good.replace(/Via: [^\r]*/, "Via: garbage here"),
        good.replace(/CSeq: [^\r]*/, "CSeq: x"),
        good.replace("Content-Length: 0", "Content-Length: abc"),
        good.replace(/From: [^\r]*\r\n/, ""),
        Buffer.concat([Buffer.from(good), Buffer.alloc(70_000, 0x41)]),
        "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n",
      ];
      for (const j of junk) await peer.send(j, IP, 5060).catch(() => {});
      await peer.settle(200);
      expect(peer.received).toEqual([]);
      await peer.send(good, IP, 5060);
      const [r] = await peer.waitFor(1);
      expect(r!.text).toMatch(/^SIP\/2\.0 200 Keepalive/);
      expect(logs.join("")).not.toMatch(/internal error/);
    } finally {
      await peer.close();
    }
  });

  it("answers over TCP on the same connection, frames pipelined and split messages, answers CRLFCRLF with CRLF", async () => {
    const c = await TcpClient.open();
    try {
      const via = `SIP/2.0/TCP 127.0.0.1:${c.socket.localPort}`;
      const a = options(3, via);
      const b = options(4, via);
      c.socket.write("\r\n\r\n");
      await c.until((d) => d === "\r\n");
      expect(c.data).toBe("\r\n");
      c.socket.write(a + b.slice(0, 40));
      await new Promise((r) => setTimeout(r, 50));
      c.socket.write(b.slice(40));
      const data = await c.until((d) => (d.match(/SIP\/2\.0 200/g) ?? []).length === 2);
      expect(data.match(/SIP\/2\.0 200 Keepalive/g)).toHaveLength(2);
      expect(data).toContain("CSeq: 3 OPTIONS");
      expect(data).toContain("CSeq: 4 OPTIONS");
    } finally {
      c.socket.destroy();
    }
  });

  it("closes a TCP stream it cannot frame, and idle connections after the lifetime", async () => {
    const bad = await TcpClient.open();
    bad.socket.write("OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP 1.2.3.4\r\n\r\n");
    await bad.closed();
    const idle = await TcpClient.open();
    const t0 = Date.now();
    await idle.closed();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("forwards over TCP reusing one connection, and relays replies that come back on it", async () => {
    const { createServer } = await import("node:net");
    const conns: Socket[] = [];
    let received = "";
    const downstream = createServer((c) => {
      conns.push(c);
      c.on("data", (b: Buffer) => (received += b.toString("latin1")));
    });
    await new Promise<void>((r) => downstream.listen(5097, "127.0.30.60", () => r()));
    const uac = await SipPeer.bind("127.0.30.53");
    try {
      for (const n of [1, 2]) {
        const invite = request("INVITE", "sip:bob@127.0.30.60:5097;transport=tcp", [], 20 + n).replace(
          `SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-t${20 + n};rport`,
          `SIP/2.0/UDP 127.0.30.53:${uac.port};branch=z9hG4bK-tcp${n};rport`,
        );
        await uac.send(invite, IP, 5060);
      }
      const end = Date.now() + 1500;
      while ((received.match(/^INVITE /gm) ?? []).length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(conns).toHaveLength(1);
      const first = received.split("\r\n\r\n")[0]!;
      expect(first).toMatch(/^INVITE sip:bob@127\.0\.30\.60:5097;transport=tcp SIP\/2\.0\r\nVia: SIP\/2\.0\/TCP 127\.0\.30\.1;branch=z9hG4bK/);
      const vias = first.split("\r\n").filter((l) => l.startsWith("Via:"));
      conns[0]!.write(`SIP/2.0 200 OK\r\n${vias.join("\r\n")}\r\nFrom: <sip:t@x>;tag=1\r\nTo: <sip:bob@y>;tag=9\r\nCall-ID: c\r\nCSeq: 21 INVITE\r\nContent-Length: 0\r\n\r\n`);
      const [relayed] = await uac.waitFor(1);
      expect(relayed!.text).toMatch(new RegExp(`^SIP/2\\.0 200 OK\r\nVia: SIP/2\\.0/UDP 127\\.0\\.30\\.53:${uac.port};received=127\\.0\\.30\\.53;branch=z9hG4bK-tcp1;rport=${uac.port}\r\n`));
    } finally {
      await uac.close();
      for (const c of conns) c.destroy();
      await new Promise((r) => downstream.close(() => r(undefined)));
    }
  });

  it("reloads the routing module in place: sockets and $var survive", async () => {
    const peer = await SipPeer.bind("127.0.30.52");
    try {
      const send = async (n: number) => {
        await peer.send(options(n, `SIP/2.0/UDP 127.0.30.52:${peer.port}`), IP, 5060);
        const got = await peer.waitFor(peer.received.length + 1);
        return got.at(-1)!.text;
      };
      const before = Number(/X-Count: (\d+)/.exec(await send(5))![1]);
      const next = await loadRoutingModule("fixtures/runtime/options.ts");
      server.reload(next);
      const after = Number(/X-Count: (\d+)/.exec(await send(6))![1]);
      expect(after).toBe(before + 1);
    } finally {
      await peer.close();
    }
  });
});

describe("IPv4 and IPv6 listeners", () => {
  it("serves UDP on both families from one config", async () => {
    const routing = await loadRoutingModule("fixtures/runtime/dual-stack.ts");
    const s = await startServer(routing, { modules: BUILTIN_MODULES, logSink: () => {} });
    const { createSocket } = await import("node:dgram");
    const ask = (family: 4 | 6, host: string) =>
      new Promise<string>((resolve, reject) => {
        const sock = createSocket(family === 6 ? "udp6" : "udp4");
        const timer = setTimeout(() => {
          sock.close();
          reject(new Error(`no reply on ${host}`));
        }, 1500);
        sock.on("message", (m) => {
          clearTimeout(timer);
          sock.close();
          resolve(m.toString("latin1"));
        });
        sock.bind(0, family === 6 ? "::1" : "127.0.32.2", () => {
          const via = family === 6 ? `SIP/2.0/UDP [::1]:${sock.address().port}` : `SIP/2.0/UDP 127.0.32.2:${sock.address().port}`;
          sock.send(request("OPTIONS", "sip:x@127.0.32.1", [], 9).replace("SIP/2.0/UDP 127.0.0.1:5090", via), 5391, host);
        });
      });
    try {
      expect(await ask(4, "127.0.32.1")).toMatch(/^SIP\/2\.0 200 v4\r\n/);
      expect(await ask(6, "::1")).toMatch(/^SIP\/2\.0 200 v6\r\n/);
    } finally {
      await s.stop();
    }
  });
});

describe("start-up failures", () => {
  it("refuses to start (before binding) when a used function is missing", async () => {
    const routing = await loadRoutingModule("fixtures/runtime/hello.ts");
    const broken = { ...routing, config: { ...routing.config, uses: ["sl.sl_send_reply", "app_lua.run", "app_lua.dostring"] } };
    await expect(startServer(broken, { modules: BUILTIN_MODULES, logSink: () => {} })).rejects.toThrow(
      /2 KEMI function\(s\) no loaded module implements:\n {2}KSR.app_lua.run\n {2}KSR.app_lua.dostring/,
    );
  });

  it("reports a routing module that does not build, with file and line", async () => {
    await expect(loadRoutingModule("fixtures/runtime/broken.ts")).rejects.toThrow(/broken\.ts:3:\d+: Expected "}" but found "events"/);
    await expect(loadRoutingModule("fixtures/runtime/nope.ts")).rejects.toThrow(/cannot read/);
  });
});
