import { describe, expect, it } from "vitest";
import kemiApi from "../../src/catalog/generated/kemi-api.json" with { type: "json" };
import { Engine } from "../../src/runtime/engine/engine.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { configOnly, startError } from "./support.js";

const rows = kemiApi as { module: string; name: string; params: string[] }[];
const SOCKETS = [{ proto: "udp" as const, address: "127.0.36.1", port: 5060, family: 4 as const }];

describe("module contract", () => {
  it("every implemented function is a KEMI row, and KSR takes the row's parameter count", () => {
    const all = BUILTIN_MODULES.filter((d) => !d.core).map((d) => d.name);
    const engine = new Engine(configOnly({ modules: all }), { modules: BUILTIN_MODULES, sockets: SOCKETS, logSink: () => {} });
    const missing: string[] = [];
    for (const def of BUILTIN_MODULES) {
      for (const [name, impl] of Object.entries(def.functions)) {
        const row = rows.find((r) => r.module === def.kemi && r.name === name);
        if (row === undefined) {
          missing.push(`${def.kemi}.${name}`);
          continue;
        }
        const holder = (def.kemi === "" ? engine.ksr : engine.ksr[def.kemi]) as Record<string, (...a: unknown[]) => unknown>;
        const fixed = row.params.filter((p) => p !== "...str").length;
        expect(holder[name]!.length, `${def.kemi}.${name}`).toBe(row.params.includes("...str") ? 0 : fixed);
        // The implementation declares no more parameters than the row (after the module context).
        expect(impl.length - 1, `${def.kemi}.${name}`).toBeLessThanOrEqual(row.params.length);
      }
    }
    expect(missing).toEqual([]);
  });

  it("refuses to start when the routing calls functions no loaded module implements, listing all of them", () => {
    // app_lua: a Kamailio module kemits will not implement.
    const e = startError(configOnly({ modules: ["sl", "app_lua"], uses: ["sl.sl_send_reply", "app_lua.run", "sl.no_such", ".is_INVITE", ".no_core"] }), SOCKETS);
    expect(e.code).toBe("KEMITS_ERR_MISSING_FUNCTIONS");
    expect(e.details).toEqual(["KSR.app_lua.run", "KSR.sl.no_such", "KSR.no_core"]);
    expect(e.message).toContain("modules not implemented by kemits: app_lua");
  });

  it("checks modparams as Kamailio does, reporting every problem", () => {
    const e = startError(
      configOnly({
        modules: ["sl", "xlog", "db_mysql"],
        modparams: [
          { module: "sl", name: "no_such", value: 1 },
          { module: "sl", name: "bind_tm", value: "1" },
          { module: "sl", name: "default_code", value: 42 },
          { module: "nothere", name: "x", value: 1 },
          { module: "db_mysql", name: "no_such_param", value: 1 },
          { module: "sl|xlog", name: "prefix", value: "p" },
        ],
      }),
      SOCKETS,
    );
    expect(e.code).toBe("KEMITS_ERR_MODPARAM");
    expect(e.details).toEqual([
      'modparam("sl", "no_such", …): module sl has no parameter "no_such"',
      'modparam("sl", "bind_tm", "1"): parameter of type string not found (it takes an int)',
      'modparam("sl", "default_code", 42): must be in 100..699',
      'modparam("nothere", "x", …): no loaded module matches "nothere"',
      'modparam("db_mysql", "no_such_param", …): module db_mysql has no parameter "no_such_param"',
      'modparam("sl", "prefix", …): module sl has no parameter "prefix"',
    ]);
  });

  it("accepts known params of modules kemits does not implement, with a warning", () => {
    const logs: string[] = [];
    new Engine(configOnly({ modules: ["db_mysql"], modparams: [{ module: "db_mysql", name: "ping_interval", value: 300 }] }), {
      modules: BUILTIN_MODULES,
      sockets: SOCKETS,
      logSink: (l) => logs.push(l),
    });
    expect(logs.join("")).toMatch(/WARNING: <kemits>: modparam\("db_mysql", "ping_interval", …\) ignored/);
    expect(logs.join("")).toMatch(/loadmodule "db_mysql": module not implemented by kemits/);
  });

  it("refuses a routing module whose config.routes names functions it does not export", () => {
    const r = configOnly({ routes: { request: "ksr_request_route", reply: "ksr_reply_route", events: {} } });
    const e = startError(r, SOCKETS);
    expect(e.code).toBe("KEMITS_ERR_ROUTES");
    expect(e.details).toEqual(["routes.reply names ksr_reply_route, which the module does not export as a function"]);
  });

  it("refuses a routing module with event routes, which it would otherwise never run", () => {
    const r = { ...configOnly({ routes: { request: "ksr_request_route", events: { "core:worker-one-init": "ksr_event_route_core__worker_2done_2dinit" } } }), ksr_event_route_core__worker_2done_2dinit: () => {} };
    const e = startError(r, SOCKETS);
    expect(e.code).toBe("KEMITS_ERR_ROUTES");
    expect(e.message).toMatch(/^the routing has event routes, which kemits does not run yet/);
    expect(e.details).toEqual(["event_route[core:worker-one-init] (ksr_event_route_core__worker_2done_2dinit)"]);
  });
});
