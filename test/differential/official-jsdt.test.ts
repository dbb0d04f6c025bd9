import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { compileFile } from "../support/compile.js";
import { loadScenario } from "../support/scenario.js";
import { removeDir, runScenario } from "./run.js";
import { kemitsOnKamailio, nativeKamailio, scriptOnKamailio } from "./servers.js";

const EXAMPLES = "/usr/share/doc/kamailio/examples/kemi";
const FIXTURE = resolve(import.meta.dirname, "../../fixtures/kamailio-target/basic-kemi");
const SERVER = "127.0.56.1";
const UAC = "127.0.56.2";

/** Tags and the branch Kamailio puts in its own Via differ from run to run. */
function comparable(msg: string): string {
  return msg.replace(/^(Via: SIP\/2\.0\/UDP 127\.0\.56\.1(?::5060)?;branch=)[^;\r\n]+/m, "$1<branch>");
}

/**
 * Runs one request of `scenarioDir` three ways: Kamailio on the native routing, on the official
 * jsdt script (same global section), and on kemits' output. The db_text tables are copied, since
 * Kamailio may write to them.
 */
async function threeWays(scenarioDir: string) {
  const dir = mkdtempSync(join(tmpdir(), "kemits-basic-"));
  try {
    cpSync(join(FIXTURE, "db"), join(dir, "db"), { recursive: true });
    const cfg = join(dir, "native.cfg");
    writeFileSync(cfg, readFileSync(join(FIXTURE, "global.cfg"), "utf8").replaceAll("@FIXTURE@", dir));
    const scenario = { ...loadScenario(scenarioDir), cfg };
    const official = scriptOnKamailio("kamailio + official kamailio-basic-kemi-jsdt.js", (d) => {
      const file = join(d, "official.cfg");
      const jsdt = `loadmodule "app_jsdt.so"\nmodparam("app_jsdt", "load", "${EXAMPLES}/kamailio-basic-kemi-jsdt.js")\ncfgengine "jsdt"\n`;
      writeFileSync(file, readFileSync(cfg, "utf8").replace(/^include_file .*$/m, jsdt));
      return file;
    });
    return {
      native: await runScenario(nativeKamailio, scenario, cfg, SERVER, UAC),
      official: await runScenario(official, scenario, cfg, SERVER, UAC),
      kemits: await runScenario(kemitsOnKamailio, scenario, cfg, SERVER, UAC),
    };
  } finally {
    removeDir(dir);
  }
}

/**
 * Where Kamailio's own hand translation (kamailio-basic-kemi-jsdt.js) and the native routing it
 * translates (kamailio-basic-kemi-native.cfg) part ways, kemits' output follows the native cfg.
 * An OPTIONS from an allowed address to a foreign domain: natively route[SIPOUT] adds
 * `P-hint: outbound` and relays it; the official script calls `KSR.hdr.append_hf`, which does not
 * exist in 5.6.3, so the route dies with a TypeError and nothing is sent.
 */
it("kemits' jsdt output relays to a foreign domain as the native cfg does, where the official jsdt script fails", async () => {
  const runs = await threeWays(FIXTURE);
  const relayed = runs.native.exchanges[0]!.replies[0];
  expect(relayed).toMatch(/^OPTIONS sip:bob@127\.0\.56\.2:5070 SIP\/2\.0\r\n/);
  expect(relayed).toMatch(/\r\nP-hint: outbound\r\n/);
  expect(runs.official.exchanges[0]!.replies).toEqual([]);
  expect(runs.official.log).toMatch(/append_hf/);
  expect(runs.kemits.exchanges[0]!.replies.slice(0, 1).map(comparable)).toEqual([comparable(relayed!)]);
});

/**
 * An INVITE from behind a NAT (its Via names a private address) to alice, whose registration
 * usrloc loads from db_text. route[NATMANAGE] runs in the branch route; natively
 * `if (!has_totag()) add_rr_param(";nat=yes")` marks the Record-Route. The official script writes
 * `! KSR.siputils.has_totag()`, never true (the function returns 1 or -1), so its INVITE goes out
 * without the mark. kemits' output marks it as native does.
 */
it("kemits' jsdt output marks Record-Route with nat=yes as the native cfg does, where the official script does not", async () => {
  const runs = await threeWays(join(FIXTURE, "nat-invite"));
  const invite = (r: { exchanges: { replies: readonly string[] }[] }) => r.exchanges[0]!.replies.find((m) => m.startsWith("INVITE "));
  expect(invite(runs.native)).toMatch(/^INVITE sip:alice@127\.0\.56\.2:5070 SIP\/2\.0\r\nRecord-Route: <sip:127\.0\.56\.1;lr;ftag=uac1;nat=yes>\r\n/);
  expect(invite(runs.official)).toMatch(/^INVITE sip:alice@127\.0\.56\.2:5070 SIP\/2\.0\r\nRecord-Route: <sip:127\.0\.56\.1;lr;ftag=uac1>\r\n/);
  expect(comparable(invite(runs.kemits) ?? "")).toBe(comparable(invite(runs.native)!));
});

/**
 * `if (!has_totag())` in route[NATMANAGE]: the official script writes `! KSR.siputils.has_totag()`,
 * which is never true (the function returns 1 or -1), so it never adds `;nat=yes` to Record-Route.
 * kemits tests the native code: the branch runs when has_totag() fails.
 */
it("kemits keeps has_totag()'s failure meaning in route[NATMANAGE], where the official script negates an int", async () => {
  const { code, diagnostics } = await compileFile(join(FIXTURE, "global.cfg"));
  expect(diagnostics.filter((d) => d.includes("error"))).toEqual([]);
  const official = readFileSync(join(EXAMPLES, "kamailio-basic-kemi-jsdt.js"), "utf8");
  expect(official).toContain("if (! KSR.siputils.has_totag()) {");
  const natmanage = code!.slice(code!.indexOf("function ksr_route_NATMANAGE("));
  expect(natmanage).toMatch(/if \(KSR\.siputils\.has_totag\(\) <= 0\) \{\s+if \(KSR\.tmx\.t_is_branch_route\(\) > 0\) \{\s+KSR\.rr\.add_rr_param\(";nat=yes"\)/);
});
