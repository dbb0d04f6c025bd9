// tmx's $T_* and the original R-URI in tm's routes, against real Kamailio 5.6.3: the same cfg
// (fixtures/runtime/kamailio/tmx-routes/route.cfg) on Kamailio and compiled by kemits, the same UAC
// and UAS peers on loopback (127.0.123.x). What each peer receives must be the same text, with only
// the proxy's own branch ids masked (they differ by design). The failure route answers upstream
// with what the core reply, onreply and failure routes read.
import { describe, expect, it } from "vitest";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { startServer } from "../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { startKamailio } from "../support/kamailio-process.js";
import { SipPeer } from "../support/sip-peer.js";

const CFG = "fixtures/runtime/kamailio/tmx-routes/route.cfg";
const PROXY = "127.0.123.1";
const UAC = "127.0.123.2";
const UAS = "127.0.123.3";

interface Seen {
  readonly uac: string[];
  readonly uas: string[];
}

function message(user: string): string {
  return [
    `MESSAGE sip:${user}@${UAS}:5070 SIP/2.0`,
    `Via: SIP/2.0/UDP ${UAC}:5090;branch=z9hG4bK-tmx-${user};rport`,
    `From: <sip:a@${UAC}>;tag=a-${user}`,
    `To: <sip:${user}@${UAS}>`,
    `Call-ID: tmx-${user}@kemits.test`,
    "CSeq: 3 MESSAGE",
    "Max-Forwards: 70",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/** A UAS reply to the request it received: its Vias, From, Call-ID and CSeq, a To-tag. */
function reply(request: string, status: string): string {
  const lines = request.split("\r\n");
  const keep = lines.filter((l) => /^(Via|From|Call-ID|CSeq):/i.test(l));
  const to = lines.find((l) => /^To:/i.test(l))!;
  return [`SIP/2.0 ${status}`, ...keep, `${to};tag=uas`, "Content-Length: 0", "", ""].join("\r\n");
}

/** busy: the UAS answers 182 then 486; silent: it never answers (fr_timer, then failure route). */
async function scenario(start: () => Promise<{ stop(): Promise<void> }>): Promise<Seen> {
  const server = await start();
  const uac = await SipPeer.bind(UAC, 5090);
  const uas = await SipPeer.bind(UAS, 5070);
  try {
    await uac.send(message("busy"), PROXY, 5060);
    const [req] = await uas.waitFor(1, 2000);
    await uas.send(reply(req!.text, "182 Queued"), PROXY, 5060);
    await uac.waitFor(1, 2000);
    await uas.send(reply(req!.text, "486 Busy Here"), PROXY, 5060);
    await uac.waitFor(2, 2000);
    await uac.send(message("silent"), PROXY, 5060);
    await uac.waitFor(3, 3000);
    await uac.settle(200);
    const mask = (t: string) => t.replace(/branch=z9hG4bK(?!-)[^;\r\n]*/g, "branch=z9hG4bK<proxy>");
    // The silent request's retransmissions depend on timing: its first copy is enough.
    const uasSeen = uas.received.map((r) => mask(r.text)).filter((t, i, all) => all.indexOf(t) === i);
    return { uac: uac.received.map((r) => r.text), uas: uasSeen };
  } finally {
    await uac.close();
    await uas.close();
    await server.stop();
  }
}

describe("tmx pseudo-variables in tm routes, like Kamailio 5.6.3", () => {
  it("onreply, core reply and failure routes read the same $T_* and $o* values", async () => {
    const kamailio = await scenario(() => startKamailio(CFG, [`udp:${PROXY}:5060`]));
    const routing = await loadRoutingModule(CFG);
    const kemits = await scenario(() => startServer(routing, { modules: BUILTIN_MODULES, logSink: () => {} }));
    expect(kamailio.uac).toHaveLength(3);
    expect(kamailio.uac[1]).toContain([
        "X-Seen: -core:182/Queued;onreply:182/Queued/182/182;req:MESSAGE/14312/sip:busy@127.0.123.3:5070//182;",
        "core:486/Busy Here;onreply:486/Busy Here/486/486;req:MESSAGE/14312/sip:busy@127.0.123.3:5070//486;\r\n",
      ].join(""));
    expect(kamailio.uac[1]).toContain("X-Failure: 486/Busy Here/0/Busy Here/14312/sip:busy@127.0.123.3:5070/busy/5070/sip:busy-changed@127.0.123.3:5070\r\n");
    expect(kamailio.uac[2]).toContain("X-Failure: 408/Request Timeout/1/Request Timeout/18831/sip:silent@127.0.123.3:5070/silent/5070/sip:silent-changed@127.0.123.3:5070\r\n");
    // $T_rpl only in failure_route, $T_req only in reply routes, $T_inv only for a CANCEL.
    expect(kamailio.uac[1]).toContain("X-Other: 486/Busy Here/<null>/<null>\r\n");
    expect(kemits).toEqual(kamailio);
  }, 20_000);
});
