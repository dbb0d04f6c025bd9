import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locatePv, parsePvSpec, parsePvSpecAt } from "../../src/pv/index.js";

const ok = (text: string) => {
  const r = parsePvSpec(text);
  expect(r.error).toBeUndefined();
  return r.spec!;
};
const err = (text: string) => {
  const r = parsePvSpec(text);
  expect(r.spec).toBeUndefined();
  return r.error!;
};

describe("parsePvSpec", () => {
  it("reads the short forms", () => {
    expect(ok("$ru")).toEqual({ text: "$ru", name: "ru", transforms: [], start: 0, end: 3 });
    expect(ok("$var(x)")).toMatchObject({ name: "var", inner: "x" });
    expect(ok("$sht(t=>$var(k))")).toMatchObject({ name: "sht", inner: "t=>$var(k)" });
    expect(ok("$T_branch_idx").name).toBe("T_branch_idx");
    for (const rc of ["$?", "$rc", "$retcode"]) expect(ok(rc).name).toBe(rc.slice(1));
  });

  it("reads the marker $$ in both forms", () => {
    expect(ok("$$").name).toBe("$");
    expect(ok("$($)").name).toBe("$");
  });

  it("reads the long form with inner name, index and transformations", () => {
    const s = ok("$(avp(x)[-2]{s.len})");
    expect(s).toMatchObject({ name: "avp", inner: "x", index: { kind: "int", value: -2 } });
    expect(s.transforms).toEqual([{ text: "{s.len}", start: 12, end: 19, cls: "s", op: "len", args: [] }]);
    expect(ok("$(avp(x)[*])").index).toEqual({ kind: "all" });
    expect(ok("$(xavp(x)[+])").index).toEqual({ kind: "iter" });
    expect(ok("$(ru)")).toEqual({ text: "$(ru)", name: "ru", transforms: [], start: 0, end: 5 });
    const pvIdx = ok("$(avp(x)[$var(i)])").index;
    expect(pvIdx).toMatchObject({ kind: "pv", pv: { name: "var", inner: "i" } });
  });

  it("chains transformations, with blanks between them", () => {
    const s = ok("$(ru{uri.user} {s.len})");
    expect(s.transforms.map((t) => `${t.cls}.${t.op}`)).toEqual(["uri.user", "s.len"]);
  });

  it("reads transformation arguments by kind", () => {
    expect(ok("$(var(s){s.substr,1,-0})").transforms[0]!.args).toEqual([
      { kind: "int", value: 1 },
      { kind: "int", value: -0 },
    ]);
    // s.select: a blank after the comma is the separator ([verified] Kamailio 5.6.3 prints y for "x y z").
    expect(ok("$(var(s){s.select,1, })").transforms[0]!.args[1]).toEqual({ kind: "str", value: " " });
    expect(ok("$(var(s){s.select,1,\\t})").transforms[0]!.args[1]).toEqual({ kind: "str", value: "\t" });
    expect(ok("$(var(s){s.replace,a b,$var(r)})").transforms[0]!.args).toMatchObject([
      { kind: "str", value: "a b" },
      { kind: "pv", pv: { name: "var", inner: "r" } },
    ]);
    // s.count takes a comma when it comes first ([verified] 3 commas in "a,b,,c").
    expect(ok("$(var(s){s.count,,})").transforms[0]!.args).toEqual([{ kind: "str", value: "," }]);
    expect(ok("$(var(s){re.subst,/a{2}/b/g})").transforms[0]!.args).toEqual([{ kind: "str", value: "/a{2}/b/g" }]);
    expect(ok("$(var(p){param.value,b,|})").transforms[0]!.args).toEqual([
      { kind: "str", value: "b" },
      { kind: "str", value: "|" },
    ]);
    expect(ok("$(var(d){s.prefixes})").transforms[0]!.args).toEqual([]);
  });

  it("matches op names in any case but class names exactly ([verified] {S.LEN} fails, {s.LEN} works)", () => {
    expect(ok("$(var(s){s.LEN})").transforms[0]!.op).toBe("len");
    expect(err("$(var(s){S.LEN})")).toEqual({ offset: 9, message: "unknown transformation class 'S'" });
  });

  it("reports syntax errors with offsets", () => {
    expect(err("$").offset).toBe(1);
    expect(err("$ x").message).toMatch(/expected a pseudo-variable name/);
    expect(err("$(var(x)").message).toMatch(/unclosed/);
    expect(err("$var()").message).toMatch(/empty inner name/);
    expect(err("$(avp(x)[])").message).toBe("empty index");
    expect(err("$(avp(x)[1x])").message).toBe("invalid index [1x]");
    expect(err("$(ru{s.nope})")).toEqual({ offset: 7, message: "unknown transformation {s.nope}" });
    expect(err("$(ru{s.len,1})").message).toMatch(/too many arguments/);
    expect(err("$(ru{s.substr,1})").message).toMatch(/needs 2 arguments/);
    expect(err("$(ru{s.substr,1,-1})").message).toMatch(/negative/);
    expect(err("$(ru{s.select, ,-1})").message).toMatch(/expects a number/);
    expect(err("$(ru{s.len}x)").message).toMatch(/expected '\)'/);
    expect(err("$(ru{json.encode})").message).toMatch(/never matches/);
    expect(err("$(ru{param.value,a,xy})").message).toMatch(/one character/);
    expect(err("$var(x)y")).toEqual({ offset: 7, message: "unexpected text after $var(x)" });
  });

  it("parsePvSpecAt reports how much it took, for scanners", () => {
    expect(parsePvSpecAt("a $rU$rd", 2)).toMatchObject({ length: 3, spec: { name: "rU", start: 2, end: 5 } });
    expect(parsePvSpecAt("x=$(ru{s.len}) + 1", 2).length).toBe(12);
    expect(parsePvSpecAt("$ru.x", 0).spec!.name).toBe("ru.x");
    expect(locatePv("$(a(b)", 0)).toBeUndefined();
  });

  it("never throws", () => {
    const alphabet = fc.constantFrom(..."$(){}[],.\\ \tsvaru1-+*|=>".split(""), "s.", "{s.", "$(", "uri.", "param.");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.string(), (parts, s) => {
        parsePvSpec(parts.join(""));
        parsePvSpec(`$${s}`);
        const text = parts.join("");
        for (let i = text.indexOf("$"); i >= 0; i = text.indexOf("$", i + 1)) {
          const r = parsePvSpecAt(text, i);
          expect(r.length).toBeGreaterThan(0);
          expect(i + r.length).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
