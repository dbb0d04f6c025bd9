import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/pv/index.js";

describe("parseFormat", () => {
  it("splits text and PVs", () => {
    const { parts, errors } = parseFormat("Hello $fU from $(si{s.len})!\n");
    expect(errors).toEqual([]);
    expect(parts.map((p) => (p.kind === "text" ? p.value : `<${p.spec.name}>`))).toEqual([
      "Hello ",
      "<fU>",
      " from ",
      "<si>",
      "!\n",
    ]);
    expect(parts[1]).toMatchObject({ start: 6, end: 9 });
  });

  it("turns $$ into a literal $ ([verified] xlog prints $)", () => {
    const { parts, errors } = parseFormat("cost: $$5 $rU");
    expect(errors).toEqual([]);
    expect(parts[0]).toEqual({ kind: "text", value: "cost: $5 ", start: 0, end: 10 });
  });

  it("keeps PVs side by side and nested parentheses", () => {
    const { parts } = parseFormat("$rU$rd$sht(a=>$(var(x){s.len}))");
    expect(parts.map((p) => p.kind === "pv" && p.spec.name)).toEqual(["rU", "rd", "sht"]);
  });

  it("reports a $ without a name and goes on ([verified] a start-up error in Kamailio)", () => {
    const { parts, errors } = parseFormat("a $ b $rU");
    expect(errors).toEqual([{ offset: 3, message: "expected a pseudo-variable name after '$'" }]);
    expect(parts.at(-1)).toMatchObject({ kind: "pv", spec: { name: "rU" } });
  });

  it("gives one empty list for empty text", () => {
    expect(parseFormat("")).toEqual({ parts: [], errors: [] });
  });

  it("round-trips: the parts' source ranges cover the input", () => {
    const alphabet = fc.constantFrom(..."$(){}[],. abrU".split(""), "$$", "$var(x)", "$(ru{s.len})");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 25 }), (pieces) => {
        const text = pieces.join("");
        const { parts } = parseFormat(text);
        expect(parts.map((p) => text.slice(p.start, p.end)).join("")).toBe(text);
        for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(parts[i - 1]!.end);
      }),
      { numRuns: 1000 },
    );
  });
});
