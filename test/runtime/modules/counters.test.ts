// counters: declared script counters change (return 1); an undeclared one returns -1 and logs
// Kamailio 5.6.3's error text (counters.c: "counter script.x does not exist (forgot to define it?)").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type RoutingModule } from "../../../src/testing/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the routing module talks to the KSR global, as generated code does.
declare const KSR: any;

const results: number[] = [];

const routing: RoutingModule = {
  config: {
    source: "counters.ts",
    engine: "native",
    core: { auto_aliases: 0, debug: 2 },
    listen: [{ proto: "udp", host: "127.0.80.1", port: 5060 }],
    alias: [],
    modules: ["sl", "pv", "counters"],
    modparams: [
      { module: "counters", name: "script_counter", value: "calls Calls seen" },
      { module: "counters", name: "script_counter", value: "sip.registers: REGISTERs" },
    ],
    cfgVars: [],
    routes: { request: "request_route", events: {} },
    uses: [],
  },
  request_route(): void {
    results.push(KSR.counters.inc("calls"), KSR.counters.add("sip.registers", 5), KSR.counters.reset("script.calls"), KSR.counters.inc("missing"));
    KSR.sl.sl_send_reply(200, "OK");
  },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness(routing);
});
afterAll(async () => {
  await h.close();
});

describe("counters", () => {
  it("changes declared counters by [group.]name and refuses undeclared ones", () => {
    h.send(`OPTIONS sip:127.0.80.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-c1
From: <sip:a@example.test>;tag=1
To: <sip:b@example.test>
Call-ID: cnt-1
CSeq: 1 OPTIONS
Content-Length: 0

`);
    expect(results).toEqual([1, 1, 1, -1]);
    expect(h.logs.some((l) => l.includes("counters [counters.c:279]: ki_cnt_inc(): counter script.missing does not exist (forgot to define it?)"))).toBe(true);
  });
});
