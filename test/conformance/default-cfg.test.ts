// The default kamailio.cfg on real Kamailio 5.6.3 and on kemits: for each scenario, what every
// endpoint received, normalised (test/support/conformance/transcript.ts). Kamailio's transcript is
// the golden fixtures/sip/proxy/<scenario>/expected.txt (UPDATE_GOLDEN=1 rewrites it, from Kamailio
// only); kemits must give the same text, except for scenarios listed in known-failures.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROXY_FIXTURES, runScenario } from "../support/conformance/run-scenario.js";
import { type ConformanceScenario, SCENARIOS } from "../support/conformance/scenarios.js";
import { kamailio, kemits, kemitsOnKamailio } from "../support/conformance/server-under-test.js";
import { killAllSipp } from "../support/conformance/sipp.js";
import { requireSipp } from "../support/tools.js";
import { KEMITS_KNOWN_FAILURES } from "./known-failures.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";

// CONFORMANCE_PEER=kamailio plays the kemits half on Kamailio as well: a check of the suite itself
// (transcripts stay the same from run to run, and the ratchet trips on every listed scenario).
const peer = process.env.CONFORMANCE_PEER === "kamailio" ? kamailio : kemits;

function goldenPath(s: ConformanceScenario): string {
  return join(PROXY_FIXTURES, s.name, "expected.txt");
}

/** The running Kamailio's version, from `kamailio -v` ("version: kamailio 5.6.3 (x86_64/linux)"). */
function kamailioVersion(): string {
  const out = spawnSync("kamailio", ["-v"], { encoding: "utf8" }).stdout ?? "";
  return /version: kamailio (\S+)/.exec(out)?.[1] ?? "(unknown version)";
}

function header(s: ConformanceScenario): string {
  return [
    `# ${s.name}: ${s.summary}`,
    `# Produced by Kamailio ${kamailioVersion()} running fixtures/sip/proxy/default-cfg.cfg (the installed default kamailio.cfg).`,
    "# Regenerate from Kamailio with: UPDATE_GOLDEN=1 npx vitest run test/conformance (never from kemits).",
    "",
  ].join("\n");
}

/** The golden transcript without its `#` header. */
function readGolden(s: ConformanceScenario): string {
  const text = readFileSync(goldenPath(s), "utf8");
  return text.replace(/^(#.*\n)*\n?/, "");
}

afterAll(() => killAllSipp());

describe("conformance of the default kamailio.cfg", () => {
  it("every scenario folder and known failure names a scenario", () => {
    const names = new Set(SCENARIOS.map((s) => s.name));
    const folders = readdirSync(PROXY_FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "sipp")
      .map((d) => d.name);
    expect(folders.filter((f) => !names.has(f))).toEqual([]);
    expect([...KEMITS_KNOWN_FAILURES].filter((f) => !names.has(f))).toEqual([]);
    expect(new Set(SCENARIOS.map((s) => s.slot)).size).toBe(SCENARIOS.length);
  });

  for (const s of SCENARIOS) {
    describe(s.name, () => {
      it("Kamailio 5.6.3 gives the golden transcript", async () => {
        const result = await runScenario(s, kamailio);
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
          actual = (await runScenario(s, peer)).transcript;
        } catch (e) {
          actual = `${peer.name} did not run the scenario: ${(e as Error).message}`;
        }
        if (KEMITS_KNOWN_FAILURES.has(s.name)) {
          expect(actual, `${s.name} now passes on ${peer.name}: remove it from test/conformance/known-failures.ts`).not.toBe(expected);
        } else {
          expect(actual).toBe(expected);
        }
      });

      // The second target: the same cfg compiled to app_jsdt JavaScript, on Kamailio itself.
      it("kemits --target kamailio, on Kamailio, gives Kamailio's transcript", async () => {
        requireSipp();
        const result = await runScenario(s, kemitsOnKamailio);
        expect(result.transcript, result.serverLog.slice(-3000)).toBe(readGolden(s));
      });
    });
  }
});
