// The compiler on real configs and on our fixtures: everything compiles, type-checks under
// `tsc --strict`, is deterministic, and a one-statement change stays a local diff.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile, typecheck } from "../support/compile.js";

const ROOT = resolve(import.meta.dirname, "../..");
const STOCK = "/etc/kamailio/kamailio.cfg";
const KEMI_DIR = "/usr/share/doc/kamailio/examples/kemi";
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Define sets for the stock config; DB-backed features need WITH_MYSQL, as its header says. */
const STOCK_COMBINATIONS: string[][] = [
  [],
  ["WITH_MYSQL", "WITH_AUTH"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB"],
  ["WITH_NAT"],
  ["WITH_NAT", "WITH_RTPENGINE"],
  ["WITH_ANTIFLOOD"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_IPAUTH"],
  ["WITH_MYSQL", "WITH_PRESENCE"],
  ["WITH_TLS"],
  ["WITH_DEBUG"],
  ["WITH_JSONRPC"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_MULTIDOMAIN"],
  ["WITH_MYSQL", "WITH_AUTH", "WITH_ALIASDB", "WITH_SPEEDDIAL"],
  ["WITH_PSTN", "WITH_VOICEMAIL", "WITH_BLOCK3XX", "WITH_BLOCK401407"],
  [
    "WITH_DEBUG", "WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB", "WITH_IPAUTH", "WITH_NAT", "WITH_MULTIDOMAIN",
    "WITH_PRESENCE", "WITH_ALIASDB", "WITH_SPEEDDIAL", "WITH_PSTN", "WITH_ANTIFLOOD", "WITH_TLS", "WITH_ACCDB",
    "WITH_VOICEMAIL", "WITH_BLOCK3XX", "WITH_BLOCK401407", "WITH_JSONRPC",
  ],
];

const defines = (names: string[]) => names.map((name) => ({ name }));

/** kamailio-basic-kemi.cfg includes its native routing from an absolute install path. */
function kemiNativeOptions() {
  return {
    readFile: (path: string) => {
      const p = path === "/usr/local/etc/kamailio/kamailio-basic-kemi-native.cfg" ? join(KEMI_DIR, "kamailio-basic-kemi-native.cfg") : path;
      return existsSync(p) ? readFileSync(p, "utf8") : undefined;
    },
  };
}

const typechecked: Record<string, string> = {};

describe("golden fixtures (fixtures/compile)", () => {
  const dir = join(ROOT, "fixtures/compile");
  for (const name of readdirSync(dir).sort()) {
    const caseDir = join(dir, name);
    it(name, async () => {
      const optionsFile = join(caseDir, "options.json");
      const opts = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as { defines?: string[]; env?: Record<string, string> }) : {};
      const { code, diagnostics } = await compileFile(join(caseDir, "input.cfg"), { defines: defines(opts.defines ?? []), env: opts.env ?? {} }, caseDir);
      const outFile = join(caseDir, "output.ts");
      const diagFile = join(caseDir, "diagnostics.txt");
      const diagText = diagnostics.length ? `${diagnostics.join("\n")}\n` : undefined;
      if (UPDATE) {
        if (code !== undefined) writeFileSync(outFile, code);
        if (diagText) writeFileSync(diagFile, diagText);
      }
      expect(code ?? null, "output.ts").toBe(existsSync(outFile) ? readFileSync(outFile, "utf8") : null);
      expect(diagText ?? null, "diagnostics.txt").toBe(existsSync(diagFile) ? readFileSync(diagFile, "utf8") : null);
      if (code !== undefined) typechecked[`fixture-${name}.ts`] = code;
    });
  }
});

describe("real configs compile", () => {
  for (const combo of STOCK_COMBINATIONS) {
    const label = combo.length > 4 ? `${combo.length} defines` : combo.join(" ") || "no defines";
    it(`stock kamailio.cfg, ${label}`, async () => {
      const { code, diagnostics } = await compileFile(STOCK, { defines: defines(combo) });
      expect(diagnostics.filter((d) => d.includes(": error: "))).toEqual([]);
      expect(code).toBeDefined();
      // Every native call has a real KEMI mapping: none falls back to KSR.x.modf.
      expect(code).not.toContain("KSR.x.modf");
      expect(diagnostics.filter((d) => d.includes("[ModfFallback]"))).toEqual([]);
      typechecked[`stock-${combo.join("-") || "plain"}.ts`] = code!;
    });
  }

  it("kamailio-basic-kemi.cfg with its native routing file", async () => {
    const { code, diagnostics } = await compileFile(join(KEMI_DIR, "kamailio-basic-kemi.cfg"), kemiNativeOptions());
    expect(diagnostics.filter((d) => d.includes(": error: "))).toEqual([]);
    typechecked["basic-kemi-native.ts"] = code!;
  });

  it("the stateless SIP scenarios' cfgs", async () => {
    const dir = join(ROOT, "fixtures/sip/stateless");
    for (const name of readdirSync(dir)) {
      const { code, diagnostics } = await compileFile(join(dir, name, "route.cfg"));
      expect(diagnostics.filter((d) => d.includes(": error: ")), name).toEqual([]);
      typechecked[`stateless-${name}.ts`] = code!;
    }
  });
});

describe("output properties", () => {
  it("every generated module type-checks under tsc --strict against the KSR typings", () => {
    expect(Object.keys(typechecked).length).toBeGreaterThan(20);
    expect(typecheck(typechecked)).toBe("");
  });

  it("compiling the same input twice gives identical bytes", async () => {
    const a = await compileFile(STOCK, { defines: defines(["WITH_NAT"]) });
    const b = await compileFile(STOCK, { defines: defines(["WITH_NAT"]) });
    expect(a.code).toBe(b.code);
  });

  it("adding one statement to a route changes only that statement's line (and the moved line numbers in headings)", async () => {
    const original = readFileSync(STOCK, "utf8");
    const anchor = "route(REQINIT);";
    expect(original).toContain(anchor);
    const changed = original.replace(anchor, `${anchor}\n\tsetflag(7);`);
    const read = (text: string) => ({ readFile: (p: string) => (p === STOCK ? text : existsSync(p) ? readFileSync(p, "utf8") : undefined) });
    const before = (await compileFile(STOCK, read(original))).code!.split("\n");
    const after = (await compileFile(STOCK, read(changed))).code!.split("\n");
    const inserted = after.indexOf("  KSR.setflag(7);");
    expect(inserted).toBeGreaterThan(0);
    const rest = [...after.slice(0, inserted), ...after.slice(inserted + 1)];
    expect(rest.length).toBe(before.length);
    // Function headings name their cfg line (`/** kamailio.cfg:575: route[RELAY] */`): those below
    // the insertion move down by one line, and nothing else may differ.
    const differing = rest.flatMap((line, i) => (line === before[i] ? [] : [[before[i]!, line]]));
    for (const [was, now] of differing) {
      const m = /^\/\*\* kamailio\.cfg:(\d+): (.*) \*\/$/.exec(was!);
      expect(m, `unexpected change: ${was} -> ${now}`).not.toBeNull();
      expect(now).toBe(`/** kamailio.cfg:${Number(m![1]) + 1}: ${m![2]} */`);
    }
  });
});
