import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dumpAst } from "../../src/ast/index.js";
import { expectGolden, fixtureCases, formatDiagnostics, orphanGoldens, parseFixture } from "./golden.js";

const ROOT = join(import.meta.dirname, "../../fixtures/parse");

describe("parse fixtures", () => {
  const cases = fixtureCases(ROOT);

  it("has no golden files without an input.cfg", () => {
    expect(orphanGoldens(ROOT)).toEqual([]);
  });

  it.each(cases)("%s", (name) => {
    const dir = join(ROOT, name);
    const { program, diagnostics } = parseFixture(dir);
    const isError = name.startsWith("_errors_");
    if (isError) {
      expect(diagnostics.some((d) => d.severity === "error"), "an _errors_ case must fail").toBe(true);
      expect(existsSync(join(dir, "ast.txt")), "_errors_ cases have no ast.txt").toBe(false);
    } else {
      expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
      expectGolden(join(dir, "ast.txt"), dumpAst(program, program.map));
    }
    expectGolden(join(dir, "diagnostics.txt"), diagnostics.length > 0 ? formatDiagnostics(diagnostics) : undefined);
  });
});
