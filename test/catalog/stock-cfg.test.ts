// Coverage against the configs the Kamailio package installs (read in place, never copied): every call in
// the stock kamailio.cfg, under each WITH_* define, and in kamailio-basic-kemi-native.cfg must resolve to a
// KEMI call; every installed module and every module the shipped examples load must be in the native catalog.
// (Calls in the other examples are not checked: many were written for older releases and the regex scan of
// cfg-calls.ts is too rough for their SQL comments; the real parser will take this over.) The #!ifdef resolution is
// Kamailio's own (`kamailio --cfg-print`), so these tests skip where Kamailio is not installed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapCall, nativeModuleNames } from "../../src/catalog/index.js";
import { calls, loadedModules } from "./cfg-calls.js";
import { requireKamailio } from "../support/tools.js";

// Real Kamailio and its installed examples and modules are what these tests read: fail, never skip.
requireKamailio();

const STOCK = "/etc/kamailio/kamailio.cfg";
const EXAMPLES = "/usr/share/doc/kamailio/examples";
const KEMI_DIR = join(EXAMPLES, "kemi");

function cfgPrint(file: string, defines: readonly string[]): string {
  const args = ["--cfg-print", "-f", file, ...defines.flatMap((d) => ["-A", d])];
  return execFileSync("kamailio", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20_000 });
}

/** Calls that do not resolve to a KEMI function, as `name/arity: status`. */
function unresolved(text: string): string[] {
  const mods = loadedModules(text);
  const out = new Set<string>();
  for (const c of calls(text)) {
    const m = mapCall(c.name, c.arity, mods);
    if (m.status !== "kemi") out.add(`${c.name}/${c.arity}: ${m.status}`);
  }
  return [...out];
}

describe("stock kamailio.cfg", () => {
  const defines = [...new Set(readFileSync(STOCK, "utf8").match(/(?<=^#!ifn?def\s+)WITH_\w+/gm) ?? [])];

  it("has the WITH_* defines this test walks", () => {
    expect(defines).toEqual(expect.arrayContaining(["WITH_AUTH", "WITH_NAT", "WITH_PRESENCE", "WITH_PSTN", "WITH_JSONRPC"]));
  });

  it.each([[], ...defines.map((d) => [d]), defines])("maps every call to KEMI with defines %j", (...set) => {
    const text = cfgPrint(STOCK, set.flat() as string[]);
    expect(calls(text).length).toBeGreaterThan(30);
    expect(unresolved(text)).toEqual([]);
  });
});

describe("kamailio-basic-kemi-native.cfg", () => {
  it("maps every call to KEMI (with the modules kamailio-basic-kemi.cfg loads)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kemits-catalog-"));
    try {
      // The example includes its native part from /usr/local/etc; point it at the installed copy.
      const main = readFileSync(join(KEMI_DIR, "kamailio-basic-kemi.cfg"), "utf8").replaceAll(
        "/usr/local/etc/kamailio/kamailio-basic-kemi-native.cfg",
        join(KEMI_DIR, "kamailio-basic-kemi-native.cfg"),
      );
      writeFileSync(join(dir, "main.cfg"), main);
      const defines = ["WITH_AUTH", "WITH_IPAUTH", "WITH_NAT", "WITH_ANTIFLOOD", "WITH_USRLOCDB", "WITH_ACCDB"];
      const text = cfgPrint(join(dir, "main.cfg"), defines);
      expect(text).toContain("sanity_check");
      expect(unresolved(text)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function cfgFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? cfgFiles(p) : p.endsWith(".cfg") ? [p] : [];
  });
}

const MODULE_DIR = "/usr/lib/x86_64-linux-gnu/kamailio/modules";

describe("installed modules", () => {
  it("are all in the native catalog", () => {
    const known = new Set(nativeModuleNames());
    const installed = readdirSync(MODULE_DIR).filter((f) => f.endsWith(".so")).map((f) => f.slice(0, -3));
    expect(installed.filter((m) => !known.has(m))).toEqual([]);
  });
});

describe("shipped example configs", () => {
  const files = cfgFiles(EXAMPLES);
  // Modules of SER and older Kamailio releases that some examples still load; 5.6.3 has no such module.
  const GONE = ["acc_db", "avp_db", "db_ops", "dbtext", "eval", "fifo", "gflags", "mi_fifo", "mi_rpc", "mysql", "options", "pa", "presence_b2b", "rtpping", "snmp", "uri", "vm"];

  it("load only modules the native catalog knows, apart from modules 5.6.3 no longer has", () => {
    const known = new Set(nativeModuleNames());
    const unknown = new Set(files.flatMap((f) => loadedModules(readFileSync(f, "utf8")).filter((m) => !known.has(m))));
    expect([...unknown].sort()).toEqual(GONE);
  });

});
