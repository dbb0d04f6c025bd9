// The front end against real configs nobody here wrote: the stock kamailio.cfg under many define
// combinations, and every example the Kamailio package installs. Verdicts come from running
// `kamailio -c` in the suite, never from a list typed by hand.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigAt } from "../support/front-end.js";
import { kamailioCheck } from "../support/tools.js";

const STOCK = "/etc/kamailio/kamailio.cfg";
const EXAMPLES = "/usr/share/doc/kamailio/examples";

const STOCK_COMBINATIONS: string[][] = [
  [],
  ["WITH_AUTH"],
  ["WITH_MYSQL", "WITH_AUTH"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB"],
  ["WITH_NAT"],
  ["WITH_NAT", "WITH_RTPENGINE"],
  ["WITH_ANTIFLOOD"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_IPAUTH"],
  ["WITH_PRESENCE"],
  ["WITH_TLS"],
  ["WITH_DEBUG"],
  ["WITH_JSONRPC"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_MULTIDOMAIN"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_ALIASDB", "WITH_SPEEDDIAL"],
  ["WITH_PSTN"],
  ["WITH_MYSQL", "WITH_XHTTP", "WITH_ACCDB", "WITH_AUTH"],
  ["WITH_VOICEMAIL", "WITH_BLOCK3XX", "WITH_BLOCK401407"],
  [
    "WITH_DEBUG", "WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB", "WITH_IPAUTH", "WITH_NAT", "WITH_RTPENGINE",
    "WITH_MULTIDOMAIN", "WITH_PRESENCE", "WITH_ALIASDB", "WITH_SPEEDDIAL", "WITH_PSTN", "WITH_XHTTP",
    "WITH_ANTIFLOOD", "WITH_TLS", "WITH_ACCDB", "WITH_VOICEMAIL", "WITH_BLOCK3XX", "WITH_BLOCK401407",
    "WITH_JSONRPC", "WITH_WEBSOCKETS",
  ],
];

function findCfgs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findCfgs(path));
    else if (name.endsWith(".cfg")) out.push(path);
  }
  return out;
}

/**
 * No syntax error from Kamailio: kemits reports no error either. A syntax error from Kamailio:
 * kemits reports an error on the same line (Kamailio stops at its first, so only that one counts).
 */
function expectSameVerdict(file: string, defines: string[], cwd?: string): void {
  const verdict = kamailioCheck(file, defines, cwd);
  const { errors } = readConfigAt(file, defines, cwd);
  if (verdict.syntaxErrors.length === 0) {
    // Where Kamailio stopped early (an unknown PV is fatal), only what it read before can be
    // compared: an error kemits reports on that line agrees with Kamailio's.
    const stop = verdict.stoppedAt;
    const judged = stop ? errors.filter((e) => e.file === stop.file && e.line < stop.line) : errors;
    expect(judged.map((e) => e.message), "kamailio -c found no syntax error here").toEqual([]);
  } else {
    const first = verdict.syntaxErrors[0]!;
    if (first.line === undefined) expect(errors.length, verdict.output).toBeGreaterThan(0);
    else expect(errors.map((e) => `${e.file}:${e.line}`), verdict.output).toContain(`${first.file}:${first.line}`);
  }
}

describe("stock kamailio.cfg", () => {
  for (const defines of STOCK_COMBINATIONS) {
    const label = defines.length > 4 ? `${defines.length} defines at once` : defines.join(" ") || "no defines";
    it(`${label}: same syntax verdict as kamailio -c`, () => {
      expectSameVerdict(STOCK, defines);
    });
  }
});

describe("Kamailio's examples", () => {
  for (const file of findCfgs(EXAMPLES)) {
    const name = file.slice(EXAMPLES.length + 1);
    it(`${name}: same syntax verdict as kamailio -c`, () => {
      expectSameVerdict(file, [], dirname(file));
    });
  }
});
