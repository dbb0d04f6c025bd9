import { describe, expect, it } from "vitest";
import { allTransforms, lookupPvClass, lookupTransform, parsePvSpec, validatePvSpec } from "../../src/pv/index.js";

describe("transformation table", () => {
  it("knows which module provides each class", () => {
    expect(lookupTransform("s", "SUBSTR")).toMatchObject({ module: "pv", params: ["int", "uint"], optional: 0 });
    expect(lookupTransform("re", "subst")?.module).toBe("textops");
    expect(lookupTransform("sql", "val.int")?.module).toBe("sqlops");
    expect(lookupTransform("json", "parse")?.module).toBe("json");
    // tr_parse_val exists in pv_trans.c but pv.c does not register the class in 5.6.3.
    expect(lookupTransform("val", "n0")).toBeUndefined();
    expect(allTransforms().length).toBeGreaterThan(100);
  });
});

describe("PV classes", () => {
  it("describes core and module classes", () => {
    expect(lookupPvClass("var")).toMatchObject({ modules: ["pv"], inner: true, writable: true });
    expect(lookupPvClass("ru")).toMatchObject({ modules: ["pv"], inner: false, writable: true, valueType: "str" });
    expect(lookupPvClass("rc")).toMatchObject({ modules: ["core"], valueType: "int" });
    expect(lookupPvClass("sht")?.modules).toEqual(["htable"]);
    expect(lookupPvClass("avp")).toMatchObject({ index: true });
    expect(lookupPvClass("nope")).toBeUndefined();
  });

  it("validates specs against the classes", () => {
    const check = (t: string) => validatePvSpec(parsePvSpec(t).spec!).map((e) => e.message);
    expect(check("$(var(x){s.substr,$avp(i),$nope})")).toEqual(["unknown pseudo-variable $nope"]);
    expect(check("$var")).toEqual(["$var needs an inner name: $var(…)"]);
    expect(check("$ru(x)")).toEqual(["$ru takes no inner name"]);
    expect(check("$(ru[0])")).toEqual(["$ru takes no index"]);
    expect(check("$$")).toEqual([]);
  });
});
