import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printProgram } from "../../src/codegen/cfg/print.js";
import { expectGolden, fixtureCases, orphanGoldens, parseFixture } from "../parse/golden.js";

const ROOT = join(import.meta.dirname, "../../fixtures/fmt");

describe("fmt fixtures", () => {
  it("has no golden files without an input.cfg", () => {
    expect(orphanGoldens(ROOT)).toEqual([]);
  });

  it.each(fixtureCases(ROOT))("%s", (name) => {
    const dir = join(ROOT, name);
    const { program, diagnostics } = parseFixture(dir);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    expectGolden(join(dir, "output.cfg"), printProgram(program));
  });
});
