// One conformance suite: a native cfg run through every scenario on real Kamailio 5.6.3, whose
// transcript is the golden fixtures/sip/proxy/<scenario>/<golden> (UPDATE_GOLDEN=1 rewrites it,
// from Kamailio only), then on kemits and on kemits' --target kamailio output, which must give
// the same text (test/support/conformance/transcript.ts says what is compared).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { requireSipp } from "../tools.js";
import { PROXY_FIXTURES, runScenario } from "./run-scenario.js";
import type { ConformanceScenario } from "./scenarios.js";
import { kamailio, kemits, kemitsOnKamailio } from "./server-under-test.js";
import { killAllSipp } from "./sipp.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

// CONFORMANCE_PEER=kamailio plays the kemits half on Kamailio as well: a check of the suite itself
// (transcripts stay the same from run to run, and the ratchet trips on every listed scenario).
const peer = process.env.CONFORMANCE_PEER === "kamailio" ? kamailio : kemits;

export interface ConformanceSuite {
  /** The cfg every scenario runs, as Kamailio and kemits are given it. */
  readonly cfg: string;
  readonly scenarios: readonly ConformanceScenario[];
  /** File name of the golden transcript in each scenario's folder. */
  readonly golden: string;
  /** The third octet the suite's addresses start from (see addressesOf): suites must not share one. */
  readonly addressBase: number;
  /** Scenarios whose kemits run is known not to give Kamailio's transcript yet (a ratchet: see known-failures.ts). */
  readonly knownFailures: ReadonlySet<string>;
}

/** The running Kamailio's version, from `kamailio -v` ("version: kamailio 5.6.3 (x86_64/linux)"). */
function kamailioVersion(): string {
  const out = spawnSync("kamailio", ["-v"], { encoding: "utf8" }).stdout ?? "";
  return /version: kamailio (\S+)/.exec(out)?.[1] ?? "(unknown version)";
}

/** Registers the suite's tests: for each scenario, Kamailio against the golden, then kemits and the Kamailio target against it. */
export function describeConformance(suite: ConformanceSuite): void {
  const scenarios = suite.scenarios.map((s) => ({ ...s, addressBase: suite.addressBase }));
  const goldenPath = (s: ConformanceScenario) => join(PROXY_FIXTURES, s.name, suite.golden);
  const header = (s: ConformanceScenario) =>
    [
      `# ${s.name}: ${s.summary}`,
      `# Produced by Kamailio ${kamailioVersion()} running ${relative(ROOT, suite.cfg)}.`,
      "# Regenerate from Kamailio with: UPDATE_GOLDEN=1 npx vitest run test/conformance (never from kemits).",
      "",
    ].join("\n");
  /** The golden transcript without its `#` header. */
  const readGolden = (s: ConformanceScenario) => readFileSync(goldenPath(s), "utf8").replace(/^(#.*\n)*\n?/, "");

  afterAll(() => killAllSipp());

  it("every known failure names a scenario", () => {
    const names = new Set(suite.scenarios.map((s) => s.name));
    expect([...suite.knownFailures].filter((f) => !names.has(f))).toEqual([]);
  });

  for (const s of scenarios) {
    describe(s.name, () => {
      it("Kamailio 5.6.3 gives the golden transcript", async () => {
        const result = await runScenario(s, kamailio, suite.cfg);
        const failed = result.runs.filter((r) => r.exit.code !== 0);
        // Scenarios are written to Kamailio's behaviour: every sipp run must complete on it.
        expect(failed.map((r) => `${r.endpoint} ${r.sipp}: ${r.exit.output.slice(-800)}`)).toEqual([]);
        if (UPDATE) {
          mkdirSync(join(PROXY_FIXTURES, s.name), { recursive: true });
          writeFileSync(goldenPath(s), header(s) + result.transcript);
        }
        expect(existsSync(goldenPath(s)), `no golden yet: run UPDATE_GOLDEN=1 npx vitest run test/conformance -t ${s.name}`).toBe(true);
        expect(result.transcript).toBe(readGolden(s));
      });

      it(`${peer.name} gives Kamailio's transcript`, async () => {
        requireSipp();
        const expected = readGolden(s);
        let actual: string;
        try {
          actual = (await runScenario(s, peer, suite.cfg)).transcript;
        } catch (e) {
          actual = `${peer.name} did not run the scenario: ${(e as Error).message}`;
        }
        if (suite.knownFailures.has(s.name)) {
          expect(actual, `${s.name} now passes on ${peer.name}: remove it from test/conformance/known-failures.ts`).not.toBe(expected);
        } else {
          expect(actual).toBe(expected);
        }
      });

      // The second target: the same cfg compiled to app_jsdt JavaScript, on Kamailio itself.
      it("kemits --target kamailio, on Kamailio, gives Kamailio's transcript", async () => {
        requireSipp();
        const result = await runScenario(s, kemitsOnKamailio, suite.cfg);
        expect(result.transcript, result.serverLog.slice(-3000)).toBe(readGolden(s));
      });
    });
  }
}
