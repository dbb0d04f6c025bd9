// The same scenario against real Kamailio 5.6.3 (route.cfg) and kemits (routing.ts, the hand
// translation), from the same UAC address and port to the same server address: replies must be
// byte-identical (to-tags and Server included, since both derive from the same socket).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { startServer } from "../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { startKamailio } from "../support/kamailio-process.js";
import { SipPeer } from "../support/sip-peer.js";
import { type Exchange, loadScenario, playScenario, type Scenario } from "../support/scenario.js";

const DIR = "fixtures/runtime/kamailio";

async function runBoth(
  name: string,
  serverIp: string,
  uacPort: number,
  file = "routing.ts",
  listen?: string,
): Promise<{ kamailio: Exchange[]; kemits: Exchange[] }> {
  const s = withListen(loadScenario(join(DIR, name)), listen);
  const server = { ip: serverIp, port: 5060 };
  const uac = { ip: "127.0.35.100", port: uacPort };
  const kam = await startKamailio(s.cfg, [`udp:${serverIp}:5060`]);
  let kamailio: Exchange[];
  try {
    kamailio = await playScenario(s, uac, server);
  } finally {
    await kam.stop();
  }
  const routing = await loadRoutingModule(file === "route.cfg" ? s.cfg : join(DIR, name, file));
  const logs: string[] = [];
  const k = await startServer(routing, { modules: BUILTIN_MODULES, logSink: (l) => logs.push(l) });
  let kemits: Exchange[];
  try {
    kemits = await playScenario(s, uac, server);
  } finally {
    await k.stop();
  }
  return { kamailio, kemits };
}

/** The scenario with its cfg copied to a temporary file listening on `ip` (so suites can run side by side). */
function withListen(s: Scenario, ip: string | undefined): Scenario {
  if (ip === undefined) return s;
  const dir = mkdtempSync(join(tmpdir(), "kemits-diff-"));
  const cfg = join(dir, "route.cfg");
  writeFileSync(cfg, readFileSync(s.cfg, "utf8").replace(/^listen=udp:[\d.]+:5060$/m, `listen=udp:${ip}:5060`));
  return { ...s, cfg };
}

describe("kemits replies like Kamailio 5.6.3", () => {
  it("PV values and types (pv-values)", async () => {
    const { kamailio, kemits } = await runBoth("pv-values", "127.0.35.1", 5091);
    expect(kamailio.every((e) => e.replies.length === 1)).toBe(true);
    expect(kemits).toEqual(kamailio);
  });

  it("$var across messages and the $avp stack (avp-var)", async () => {
    const { kamailio, kemits } = await runBoth("avp-var", "127.0.35.2", 5092);
    expect(kamailio.every((e) => e.replies.length === 1)).toBe(true);
    expect(kemits).toEqual(kamailio);
  });
});

/**
 * forward/: requests sent through the server to a downstream peer (by R-URI, by $du, with
 * force_rport), then replies from downstream relayed back (183 dropped by reply_route).
 */
async function forwardScenario(start: () => Promise<{ stop(): Promise<void> }>): Promise<{ down: string[]; up: string[] }> {
  const server = await start();
  const uac = await SipPeer.bind("127.0.35.100", 5094);
  const down = await SipPeer.bind("127.0.35.101", 5093);
  try {
    for (const user of ["bob", "du", "rport"]) {
      const ruri = user === "du" ? "sip:du@example.invalid" : `sip:${user}@127.0.35.101:5093`;
      const rport = user === "bob" ? ";rport" : "";
      await uac.send(
        `INVITE ${ruri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.35.100:5094;branch=z9hG4bK-f-${user}${rport}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:${user}@y>\r\nCall-ID: f-${user}\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
        "127.0.35.3",
        5060,
      );
      await down.waitFor(down.received.length + 1, 1000);
    }
    const vias = down.received[0]!.text.split("\r\n").filter((l) => l.startsWith("Via"));
    const reply = (code: number, reason: string) =>
      `SIP/2.0 ${code} ${reason}\r\n${vias.join("\r\n")}\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:bob@y>;tag=2\r\nCall-ID: f-bob\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
    await down.send(reply(183, "Progress"), "127.0.35.3", 5060);
    await down.send(reply(200, "OK"), "127.0.35.3", 5060);
    await uac.waitFor(1, 1000);
    await uac.settle(200);
    return { down: down.received.map((r) => r.text), up: uac.received.map((r) => r.text) };
  } finally {
    await uac.close();
    await down.close();
    await server.stop();
  }
}

describe("the same cfg compiled by kemits, run by kemits", () => {
  for (const [name, ip, port] of [
    ["pv-values", "127.0.35.4", 5095],
    ["avp-var", "127.0.35.5", 5096],
  ] as const) {
    it(name, async () => {
      const { kamailio, kemits } = await runBoth(name, ip, port, "route.cfg", ip);
      expect(kemits).toEqual(kamailio);
    });
  }
});

describe("stateless forwarding like Kamailio 5.6.3", () => {
  it("forwards requests (Via, branch, received/rport) and relays replies along Via", async () => {
    const cfg = join(DIR, "forward", "route.cfg");
    const kamailio = await forwardScenario(() => startKamailio(cfg, ["udp:127.0.35.3:5060"]));
    const routing = await loadRoutingModule(join(DIR, "forward", "routing.ts"));
    const kemits = await forwardScenario(() => startServer(routing, { modules: BUILTIN_MODULES, logSink: () => {} }));
    expect(kamailio.down).toHaveLength(3);
    expect(kamailio.up).toHaveLength(1);
    expect(kemits).toEqual(kamailio);
    const compiled = await loadRoutingModule(cfg);
    const kemitsCompiled = await forwardScenario(() => startServer(compiled, { modules: BUILTIN_MODULES, logSink: () => {} }));
    expect(kemitsCompiled).toEqual(kamailio);
  });
});
