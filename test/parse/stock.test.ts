import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diag/index.js";
import { parse } from "../../src/parse/index.js";
import { SourceMap } from "../../src/preprocess/source-map.js";
import type { PreprocessResult } from "../../src/preprocess/types.js";

const STOCK = "/etc/kamailio/kamailio.cfg";

/**
 * Stand-in for the preprocessor until it lands: `kamailio --cfg-print` resolves includes and
 * ifdefs; defines are then substituted word by word (enough for the stock config).
 */
function stockExpanded(): string {
  const printed = execFileSync("kamailio", ["--cfg-print", "-f", STOCK], { encoding: "utf8" });
  const defines = new Map<string, string>();
  const lines: string[] = [];
  for (const line of printed.split("\n")) {
    const m = /^\s*#!(?:define|trydef|trydefine|redefine)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$/.exec(line);
    if (m) {
      if (!defines.has(m[1]!) || !line.includes("trydef")) defines.set(m[1]!, m[2]!);
      lines.push("");
      continue;
    }
    lines.push(line.replace(/(?<![$"@\w])\b([A-Z_][A-Z0-9_]+)\b(?![\w(])/g, (w) => defines.get(w) ?? w));
  }
  return lines.join("\n");
}

function preprocessed(text: string): PreprocessResult {
  const file = new SourceFile("kamailio.cfg", text);
  const map = new SourceMap([{ kind: "copy", outStart: 0, outEnd: text.length, file, srcStart: 0, srcEnd: text.length }]);
  return { text, map, defines: new Map(), substs: [], files: [file], mode: "maxcompat", diagnostics: [] };
}

describe.skipIf(!existsSync(STOCK))("the stock kamailio.cfg", () => {
  it("parses with zero errors", () => {
    const { program, diagnostics } = parse(preprocessed(stockExpanded()));
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(program.body.filter((i) => i.type === "RouteBlock").length).toBeGreaterThan(10);
  });

  it("parses at 200k lines/s or faster", () => {
    const one = stockExpanded();
    const text = Array.from({ length: 20 }, () => one.replace(/route\[(\w+)\]/g, (_m, n) => `route[${n}]`)).join("\n");
    parse(preprocessed(one)); // warm up
    const t0 = performance.now();
    parse(preprocessed(text));
    const ms = performance.now() - t0;
    const lines = text.split("\n").length;
    expect(lines / (ms / 1000)).toBeGreaterThan(200_000);
  });
});
