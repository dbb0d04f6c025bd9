import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { loadScenario } from "../support/scenario.js";
import { problems, runScenario } from "./run.js";
import { kemitsOnKamailio, nativeKamailio } from "./servers.js";

const FIXTURE = resolve(import.meta.dirname, "../../fixtures/kamailio-target/events");

/**
 * event_route[htable:mod-init] and event_route[core:worker-one-init] run at start-up, and
 * event_route[sl:local-response] after each stateless reply, both ways: natively, and through
 * htable's event_callback, the core's kemi.event_route_callback and sl's event_callback_lres_sent.
 */
it("event routes fill the table before the first request, natively and as kemits' jsdt output", async () => {
  const scenario = loadScenario(FIXTURE);
  const native = await runScenario(nativeKamailio, scenario, join(FIXTURE, "route.cfg"), "127.0.58.1", "127.0.58.2");
  const compiled = await runScenario(kemitsOnKamailio, scenario, join(FIXTURE, "route.cfg"), "127.0.58.1", "127.0.58.2");
  expect(native.exchanges.map((e) => e.replies[0]!.slice(0, e.replies[0]!.indexOf("\r\n")))).toEqual([
    "SIP/2.0 200 greeting set-at-start worker-one <null>",
    "SIP/2.0 200 greeting set-at-start worker-one yes",
  ]);
  expect(compiled.exchanges, problems(compiled.log)).toEqual(native.exchanges);
});
