// The core's signature parameters (server_signature, server_header, user_agent_header) on real
// Kamailio 5.6.3 and on `kemits run` with the same cfg: an OPTIONS answered statelessly and an
// INVITE answered 100 by tm show the Server line; the INVITE, relayed to a callee that answers
// 486, shows the ACK tm sends it, which (built from the INVITE, as tm's default reparse_invite
// does) carries no User-Agent whatever user_agent_header says. Both servers must deliver the same
// bytes (branch ids aside).
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { startServer } from "../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { startKamailio } from "../support/kamailio-process.js";
import { SipPeer } from "../support/sip-peer.js";

const DIR = resolve(import.meta.dirname, "../../fixtures/runtime/signature");
const UAC = "127.0.33.100";
const CALLEE = "127.0.33.101";

/** Plays the two requests against `server` at `ip`; what the caller and the callee received. */
async function play(ip: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<{ caller: string[]; callee: string[] }> {
  const server = await start();
  const uac = await SipPeer.bind(UAC, 5097);
  const callee = await SipPeer.bind(CALLEE, 5098);
  try {
    const request = (method: string, ruri: string, n: number) =>
      `${method} ${ruri} SIP/2.0\r\nVia: SIP/2.0/UDP ${UAC}:5097;branch=z9hG4bK-sig-${n}\r\nFrom: <sip:a@${UAC}>;tag=a${n}\r\nTo: <sip:b@${ip}>\r\nCall-ID: sig-${n}\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    await uac.send(request("OPTIONS", `sip:${ip}`, 1), ip, 5060);
    await uac.waitFor(1, 1000);
    await uac.send(request("INVITE", `sip:bob@${CALLEE}:5098`, 2), ip, 5060);
    const [invite] = await callee.waitFor(1, 1000);
    const vias = invite!.text.split("\r\n").filter((l) => l.startsWith("Via"));
    await callee.send(`SIP/2.0 486 Busy Here\r\n${vias.join("\r\n")}\r\nFrom: <sip:a@${UAC}>;tag=a2\r\nTo: <sip:b@${ip}>;tag=b2\r\nCall-ID: sig-2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`, ip, 5060);
    await callee.waitFor(2, 1000);
    await uac.settle(200);
    const comparable = (t: string) => t.replace(/branch=z9hG4bK[^;\r\n]*/g, "branch=<branch>");
    return { caller: uac.received.map((r) => comparable(r.text)), callee: callee.received.map((r) => comparable(r.text)) };
  } finally {
    await uac.close();
    await callee.close();
    await server.stop();
  }
}

async function both(cfgName: string, ip: string) {
  const cfg = join(DIR, cfgName);
  const kamailio = await play(ip, () => startKamailio(cfg, [`udp:${ip}:5060`]));
  const routing = await loadRoutingModule(cfg);
  const kemits = await play(ip, () => startServer(routing, { modules: BUILTIN_MODULES, logSink: () => {} }));
  return { kamailio, kemits };
}

const header = (msg: string | undefined, name: string) => msg?.split("\r\n").find((l) => l.startsWith(`${name}:`));

describe("signature headers like Kamailio 5.6.3", () => {
  it("server_header replaces the default Server line; user_agent_header does not reach the ACK", async () => {
    const { kamailio, kemits } = await both("custom.cfg", "127.0.33.1");
    expect(kamailio.caller.map((m) => header(m, "Server"))).toEqual(["Server: Acme SBC 1.0", "Server: Acme SBC 1.0", undefined]);
    expect(kamailio.callee[1]).toMatch(/^ACK /);
    expect(header(kamailio.callee[1], "User-Agent")).toBeUndefined();
    expect(kemits).toEqual(kamailio);
  });

  it("server_signature=no leaves the Server line out", async () => {
    const { kamailio, kemits } = await both("off.cfg", "127.0.33.2");
    expect(kamailio.caller.map((m) => m.split("\r\n")[0])).toEqual(["SIP/2.0 200 Alive", "SIP/2.0 100 trying -- your call is important to us", "SIP/2.0 486 Busy Here"]);
    expect(kamailio.caller.map((m) => header(m, "Server"))).toEqual([undefined, undefined, undefined]);
    expect(kemits).toEqual(kamailio);
  });
});
