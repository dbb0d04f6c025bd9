import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireKamailio } from "../support/tools.js";
import { printProgram } from "../../src/codegen/cfg/print.js";
import { parse } from "../../src/parse/index.js";
import { preprocess, preprocessText } from "../../src/preprocess/index.js";
import { fixtureCases, parseFixture } from "../parse/golden.js";
import { stripForCompare } from "./strip.js";

const PARSE_ROOT = join(import.meta.dirname, "../../fixtures/parse");
// The stock cfg comes with the kamailio package: fail, never skip, without it.
requireKamailio();
const STOCK = "/etc/kamailio/kamailio.cfg";
const EXAMPLES = "/usr/share/doc/kamailio/examples";

function cfgFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? cfgFilesUnder(path) : name.endsWith(".cfg") ? [path] : [];
    });
}

function reparse(text: string) {
  const result = parse(preprocessText("printed.cfg", text, { env: {} }));
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return result.program;
}

describe("printing keeps the tree", () => {
  const positives = fixtureCases(PARSE_ROOT).filter((c) => !c.startsWith("_errors_"));

  it.each(positives)("parse fixture %s", (name) => {
    const { program } = parseFixture(join(PARSE_ROOT, name));
    const printed = printProgram(program);
    const again = reparse(printed);
    expect(stripForCompare(again)).toEqual(stripForCompare(program));
    expect(printProgram(again)).toBe(printed);
  });

  const defineSets = [[], ["WITH_DEBUG"], ["WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB"], ["WITH_NAT", "WITH_TLS", "WITH_ANTIFLOOD"], ["WITH_PRESENCE", "WITH_MYSQL", "WITH_IPAUTH", "WITH_ACCDB", "WITH_RTPENGINE"]];
  it.each(defineSets.map((d) => [d.join(",") || "(none)", d] as const))("stock kamailio.cfg with %s", (_label, defines) => {
    const pre = preprocess(STOCK, { defines: defines.map((name) => ({ name })), env: {} });
    const { program, diagnostics } = parse(pre);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    const printed = printProgram(program);
    const again = reparse(printed);
    expect(stripForCompare(again)).toEqual(stripForCompare(program));
    expect(printProgram(again)).toBe(printed);
  });

  // The examples Kamailio installs; those the parser rejects are the corpus test's business.
  it.each(cfgFilesUnder(EXAMPLES).map((f) => [f.slice(EXAMPLES.length + 1), f] as const))("example %s", (_name, file) => {
    const { program, diagnostics } = parse(preprocess(file, { cwd: dirname(file), env: {} }));
    if (diagnostics.some((d) => d.severity === "error")) return;
    const printed = printProgram(program);
    const again = reparse(printed);
    expect(stripForCompare(again)).toEqual(stripForCompare(program));
    expect(printProgram(again)).toBe(printed);
  });
});
