// The default kamailio.cfg, as installed, on real Kamailio 5.6.3, on kemits and on kemits'
// --target kamailio output: every scenario gives the same transcript (test/support/conformance/suite.ts).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PROXY_FIXTURES } from "../support/conformance/run-scenario.js";
import { ALL_SCENARIOS, SCENARIOS } from "../support/conformance/scenarios.js";
import { describeConformance } from "../support/conformance/suite.js";
import { KEMITS_KNOWN_FAILURES } from "./known-failures.js";

it("every scenario folder names a scenario, and no two scenarios share addresses", () => {
  const names = new Set(ALL_SCENARIOS.map((s) => s.name));
  const folders = readdirSync(PROXY_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "sipp")
    .map((d) => d.name);
  expect(folders.filter((f) => !names.has(f))).toEqual([]);
  expect(new Set(ALL_SCENARIOS.map((s) => s.slot)).size).toBe(ALL_SCENARIOS.length);
});

describeConformance({
  cfg: join(PROXY_FIXTURES, "default-cfg.cfg"),
  scenarios: SCENARIOS,
  golden: "expected.txt",
  addressBase: 91,
  knownFailures: KEMITS_KNOWN_FAILURES.defaultCfg,
});
