import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

describe("generated KSR typings", () => {
  it("are what gen-typings.mjs produces from kemi-api.json", () => {
    expect(() => execFileSync("node", ["scripts/catalog/gen-typings.mjs", "--check"], { cwd: ROOT, stdio: "pipe" })).not.toThrow();
  });

  it("type-check real calls and reject misuse under tsc --strict", () => {
    // rejects-misuse.ts holds @ts-expect-error lines: tsc fails if any of them is not an error.
    const files = ["src/catalog/generated/ksr.d.ts", "fixtures/catalog/typings/uses-ksr.ts", "fixtures/catalog/typings/rejects-misuse.ts"];
    const args = ["--ignoreConfig", "--strict", "--noEmit", "--target", "es2022", "--lib", "es2022", "--types", "", ...files];
    let output = "";
    try {
      execFileSync(join(ROOT, "node_modules/.bin/tsc"), args, { cwd: ROOT, stdio: "pipe" });
    } catch (e) {
      output = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(output).toBe("");
  }, 60_000);
});
