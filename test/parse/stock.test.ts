
import { describe, expect, it } from "vitest";
import { requireKamailio } from "../support/tools.js";
import { programToJson } from "../../src/ast/index.js";
import { parse } from "../../src/parse/index.js";
import { preprocess } from "../../src/preprocess/index.js";

// The stock cfg comes with the kamailio package: fail, never skip, without it.
requireKamailio();
const STOCK = "/etc/kamailio/kamailio.cfg";
const DEFINE_SETS = [[], ["WITH_DEBUG"], ["WITH_MYSQL", "WITH_AUTH", "WITH_USRLOCDB", "WITH_IPAUTH"], ["WITH_NAT", "WITH_TLS", "WITH_ANTIFLOOD", "WITH_MYSQL", "WITH_PRESENCE"]];

describe("the stock kamailio.cfg", () => {
  it.each(DEFINE_SETS.map((d) => [d.join(",") || "(no defines)", d] as const))("parses with zero errors under %s", (_label, defines) => {
    const pre = preprocess(STOCK, { defines: defines.map((name) => ({ name })), env: {} });
    const { program, diagnostics } = parse(pre);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(program.body.filter((i) => i.type === "RouteBlock").length).toBeGreaterThan(10);
  });

  it("gives JSON with locations in the stock file", () => {
    const { program } = parse(preprocess(STOCK, { env: {} }));
    const json = programToJson(program);
    const route = json.body.find((n) => (n as { type: string }).type === "RouteBlock") as { loc: { file: string; start: { line: number } } };
    expect(route.loc.file).toBe(STOCK);
    expect(route.loc.start.line).toBeGreaterThan(1);
    expect(json.defines.some((d) => d.name === "FLT_ACC")).toBe(true);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
