import { describe, expect, it } from "vitest";
import { preprocess } from "../../src/preprocess/index.js";
import { caseOptions, fixtureCases } from "./fixture-cases.js";
import { defineArgs, normalizePrint, runKamailio } from "./kamailio.js";

/**
 * Checks the fixtures against the real Kamailio 5.6.3, as each case's options.json asks:
 * `accepts`/`rejects` compare with `kamailio -c`, `print` compares our include and ifdef resolution
 * with `kamailio --cfg-print` (which expands no define).
 */
describe("preprocess fixtures against kamailio", () => {
  for (const c of fixtureCases().filter((f) => f.kamailio.length > 0)) {
    it(c.name, () => {
      const args = ["-f", "input.cfg", ...defineArgs(c.defines)];
      const ours = preprocess("input.cfg", caseOptions(c));
      const errors = ours.diagnostics.filter((d) => d.severity === "error");
      for (const check of c.kamailio) {
        if (check === "print") {
          const theirs = runKamailio(["--cfg-print", ...args], c.dir, c.env);
          const printed = preprocess("input.cfg", caseOptions(c, { cfgPrint: true }));
          expect(normalizePrint(printed.text)).toBe(normalizePrint(theirs.stdout));
          continue;
        }
        const verdict = runKamailio(["-c", ...args], c.dir, c.env);
        if (check === "accepts") {
          expect(verdict.status, verdict.stderr).toBe(0);
          expect(errors.map((d) => d.message)).toEqual([]);
        } else {
          expect(verdict.status, "kamailio -c should reject this config").not.toBe(0);
          // The preprocessor must flag it too, at least with a warning (a define value's comment
          // only breaks the parse later).
          expect(ours.diagnostics.length).toBeGreaterThan(0);
        }
      }
    });
  }
});
