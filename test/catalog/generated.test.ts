import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allKemiRows, kemiFunction, nativeModule, nativeModuleNames } from "../../src/catalog/index.js";
import type { RouteKind } from "../../src/catalog/index.js";

// The reference dump lives in the steering repo's shared/ folder, beside this checkout.
const REFERENCE = join(import.meta.dirname, "../../../shared/reference/kemi-api-5.6.json");
const ROUTES: readonly RouteKind[] = ["request", "failure", "onreply", "branch", "onsend", "error", "local", "reply", "branch_failure", "event"];

describe("kemi-api.json", () => {
  const rows = allKemiRows();

  it("has one row per KSR function with 5.6 types only", () => {
    const keys = new Set(rows.map((r) => `${r.module}.${r.name}`));
    expect(keys.size).toBe(rows.length);
    for (const r of rows) {
      expect(["int", "bool", "xval", "none"]).toContain(r.ret);
      for (const p of r.params) expect(r.ksr === "KSR.x.modf" ? ["str", "...str"] : ["int", "str"]).toContain(p);
      expect(r.params.length).toBeLessThanOrEqual(6);
      expect(["runtime", "reference-runtime", "source-only", "app_jsdt-builtin"]).toContain(r.origin);
    }
  });

  it("comes mostly from this repo's own dump of a running 5.6.3", () => {
    expect(rows.filter((r) => r.origin === "runtime").length).toBeGreaterThanOrEqual(900);
  });

  it("keeps the app_jsdt built-ins and core first", () => {
    expect(kemiFunction("x", "exit")?.origin).toBe("app_jsdt-builtin");
    expect(kemiFunction("x", "drop")?.ret).toBe("none");
    expect(kemiFunction("x", "modf")?.params).toEqual(["str", "...str"]);
    expect(rows[0]!.module).toBe("");
  });

  it("places each row at KSR.<module>.<name>, except the ldap row mislabelled secsipid", () => {
    const odd = rows.filter((r) => r.ksr !== (r.module === "" ? `KSR.${r.name}` : `KSR.${r.module}.${r.name}`));
    expect(odd.map((r) => r.ksr)).toEqual(["KSR.ldap.result_str"]);
  });

  it("agrees with the colleague's dump on every signature", () => {
    const reference = JSON.parse(readFileSync(REFERENCE, "utf8")) as { module: string; name: string; ret: string; params: string[] }[];
    expect(reference.length).toBe(rows.length);
    for (const ref of reference) {
      const mine = kemiFunction(ref.module, ref.name);
      expect(mine, `${ref.module}.${ref.name}`).toBeDefined();
      expect([mine!.ret, mine!.params]).toEqual([ref.ret, ref.params]);
    }
  });
});


describe("native-5.6.json", () => {

  it("covers the 5.6.3 module tree, including modules without script functions", () => {
    const names = nativeModuleNames();
    expect(names.length).toBeGreaterThan(240);
    for (const m of ["tm", "sl", "kex", "corex", "kemix", "uuid", "ctl", "ims_registrar_scscf", "app_jsdt"]) expect(names).toContain(m);
  });

  it("has well-formed rows", () => {
    for (const name of nativeModuleNames()) {
      const m = nativeModule(name)!;
      for (const f of m.functions) {
        if (f.arity !== "var") expect(f.arity >= 0 && f.arity <= 6, `${name}.${f.name}`).toBe(true);
        for (const r of f.routes) expect(ROUTES).toContain(r);
      }
      for (const p of m.params) expect(p.accepts.length).toBeGreaterThan(0);
    }
  });

  it("reads route flags, fixups and variants as the C tables declare them", () => {
    const tm = nativeModule("tm")!;
    expect(tm.functions.filter((f) => f.name === "t_relay").map((f) => f.arity)).toEqual([0, 2]);
    expect(tm.functions.find((f) => f.name === "t_reply")?.routes).toEqual(["request", "failure", "onreply", "reply"]);
    expect(tm.functions.find((f) => f.name === "t_relay_to_sctp")?.guard).toBe("ifdef USE_SCTP");
    const maxfwd = nativeModule("maxfwd")!.functions.find((f) => f.name === "mf_process_maxfwd_header");
    expect(maxfwd).toMatchObject({ arity: 1, fixup: "fixup_var_int_1", freeFixup: null, routes: ["request"] });
    // flags 0: API for other modules, not callable from a cfg
    expect(nativeModule("sl")!.functions.find((f) => f.name === "bind_sl")?.routes).toEqual([]);
  });
});
