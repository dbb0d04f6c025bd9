import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/diag/index.js";
import { preprocess } from "../../src/preprocess/index.js";
import { FIXTURES, caseOptions, fixtureCases } from "./fixture-cases.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GOLDENS = ["expected.cfg", "diagnostics.txt"];
const KNOWN_FILES = new Set(["input.cfg", "options.json", ...GOLDENS]);

/** Compares `actual` with a golden file, or rewrites it under UPDATE_GOLDEN=1. Absent `actual` means no file. */
function golden(path: string, actual: string | undefined): void {
  if (UPDATE) {
    if (actual === undefined) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  const expected = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  expect(actual, path).toBe(expected);
}

describe("preprocess fixtures", () => {
  const cases = fixtureCases();

  it("has no orphan folders or stray files", () => {
    for (const entry of readdirSync(FIXTURES, { withFileTypes: true })) {
      const dir = join(FIXTURES, entry.name);
      expect(entry.isDirectory(), `${dir} should be a case folder`).toBe(true);
      expect(existsSync(join(dir, "input.cfg")), `${dir} has no input.cfg`).toBe(true);
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        // Anything besides the known files must be an include the case reads.
        if (!KNOWN_FILES.has(f.name)) expect(f.isDirectory() || f.name.endsWith(".cfg"), `${dir}/${f.name}`).toBe(true);
      }
    }
  });

  for (const c of cases) {
    it(c.name, () => {
      const result = preprocess("input.cfg", caseOptions(c));
      golden(join(c.dir, "expected.cfg"), result.text);
      const diagnostics = result.diagnostics.map((d) => `${renderText(d, { frame: false })}\n`).join("");
      golden(join(c.dir, "diagnostics.txt"), diagnostics === "" ? undefined : diagnostics);
    });
  }
});
