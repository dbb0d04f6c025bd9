import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { problems, relocateScenario, removeDir, runScenario } from "./run.js";
import { kemitsOnKamailio, kemitsRuntime, nativeKamailio } from "./servers.js";

const SUITE = resolve(import.meta.dirname, "../../fixtures/sip/stateless");
const CASES = readdirSync(SUITE).sort();
/** Each case gets 127.0.(40+i).1; the suite owns 127.0.40.0–127.0.54.255 (up to 15 cases). */
const FIRST_OCTET = 40;

/**
 * The strongest check kemits has: real Kamailio 5.6.3 on the native cfg and real Kamailio on
 * kemits' --target kamailio output (the compiled routing on app_jsdt) must answer every request
 * of every stateless scenario with the same replies, byte for byte after `normalize` (tags and
 * the Server header).
 */
describe("differential: native cfg on Kamailio vs the compiled module on Kamailio (app_jsdt) and on kemits run", () => {
  it("has the scenarios, and addresses for each", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(14);
    expect(FIRST_OCTET + CASES.length - 1).toBeLessThanOrEqual(54);
  });

  CASES.forEach((name, i) => {
    it(name, async () => {
      const { scenario, serverIp, uacIp, dir } = relocateScenario(join(SUITE, name), FIRST_OCTET + i);
      try {
        const native = await runScenario(nativeKamailio, scenario, scenario.cfg, serverIp, uacIp);
        const compiled = await runScenario(kemitsOnKamailio, scenario, scenario.cfg, serverIp, uacIp);
        const runtime = await runScenario(kemitsRuntime, scenario, scenario.cfg, serverIp, uacIp);
        // Some requests get no answer on purpose (malformed ones are dropped), but a run with none
        // at all would mean the server never served, and the comparison would prove nothing.
        expect(native.exchanges.some((e) => e.replies.length > 0), `native run got no reply:\n${problems(native.log)}`).toBe(true);
        expect(compiled.exchanges, `kemits on app_jsdt differs; its log:\n${problems(compiled.log)}`).toEqual(native.exchanges);
        expect(runtime.exchanges, `kemits run differs; its log:\n${runtime.log.slice(-2000)}`).toEqual(native.exchanges);
      } finally {
        removeDir(dir);
      }
    });
  });
});
