import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { printProgram } from "../../src/codegen/cfg/print.js";
import { kamailioCheck } from "../support/tools.js";
import { fixtureCases, parseFixture } from "./golden.js";

const ROOT = join(import.meta.dirname, "../../fixtures/parse");

/** Every parse fixture through `kamailio -c`: positives must pass, `_errors_` cases fail on a line of our first error. */
describe("Kamailio 5.6.3 agrees with the parse fixtures", () => {
  it.each(fixtureCases(ROOT))("%s", (name) => {
    const dir = join(ROOT, name);
    const check = kamailioCheck(join(dir, "input.cfg"), [], dir);
    if (!name.startsWith("_errors_")) {
      expect(check.ok, check.output).toBe(true);
      return;
    }
    expect(check.ok, "Kamailio accepts this _errors_ case").toBe(false);
    // Kamailio points at a line of the construct (often its last); ours starts at its first.
    const first = parseFixture(dir).diagnostics.find((d) => d.severity === "error")!;
    const from = first.loc!.file.position(first.loc!.start).line;
    const to = first.loc!.file.position(Math.max(first.loc!.start, first.loc!.end - 1)).line;
    // Every parse error counts here, PV lookups ("Can't get from cache") included: they fail `-c`
    // too. Kamailio gives a line ("…, line N") or a range ("…, from line N, column C to line M").
    const ranges: [number, number][] = check.syntaxErrors.flatMap((e) => (e.line === undefined ? [] : [[e.line, e.line] as [number, number]]));
    for (const m of check.output.matchAll(/parse error in config file .+?, (?:from line (\d+), column \d+ to line (\d+)|line (\d+))/g)) {
      ranges.push(m[3] ? [Number(m[3]), Number(m[3])] : [Number(m[1]), Number(m[2])]);
    }
    const overlaps = ranges.some(([a, b]) => a <= to && b >= from);
    expect(overlaps, `Kamailio: lines ${ranges.map((r) => r.join("-")).join(", ")}; kemits: ${from}-${to}\n${check.output}`).toBe(true);
  });
});

/** `kemits fmt` output must stay a valid config: Kamailio accepts the printed form of every positive case. */
describe("Kamailio 5.6.3 accepts the printed parse fixtures", () => {
  const tmp = mkdtempSync(join(tmpdir(), "kemits-printed-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(fixtureCases(ROOT).filter((c) => !c.startsWith("_errors_")))("%s", (name) => {
    const { program } = parseFixture(join(ROOT, name));
    const file = join(tmp, `${name.replaceAll("/", "_")}.cfg`);
    writeFileSync(file, printProgram(program));
    const check = kamailioCheck(file, [], tmp);
    expect(check.ok, check.output).toBe(true);
  });
});
