import { describe, expect, it } from "vitest";
import { coreAction, kemiFunction, kemiModule, mapCall, moduleParams, nativeFunction } from "../../src/catalog/index.js";

describe("nativeFunction", () => {
  it("searches the last loaded module first, like find_export_record", () => {
    expect(nativeFunction("lookup", 1, ["registrar", "ims_registrar_scscf"])?.module).toBe("ims_registrar_scscf");
    expect(nativeFunction("lookup", 1, ["ims_registrar_scscf", "registrar"])?.module).toBe("registrar");
  });

  it("matches the arity, and nothing outside the loaded modules", () => {
    expect(nativeFunction("t_relay", 2, ["tm"])?.fn.fixup).toBe("fixup_hostport2proxy");
    expect(nativeFunction("t_relay", 1, ["tm"])).toBeUndefined();
    expect(nativeFunction("t_relay", 0, ["sl"])).toBeUndefined();
  });
});

describe("moduleParams", () => {
  // Kamailio refuses a value of the other type: verified with `kamailio -c` on 5.6.3
  // (modparam("htable","htable",1) and modparam("tm","fr_timer","3000") are both "not found").
  it("says which value types each modparam accepts", () => {
    expect(moduleParams("tm").find((p) => p.name === "fr_timer")).toEqual({ name: "fr_timer", accepts: ["int"], useFunc: false });
    expect(moduleParams("htable").find((p) => p.name === "htable")).toEqual({ name: "htable", accepts: ["str"], useFunc: true });
    expect(moduleParams("jsonrpcs").find((p) => p.name === "fifo_group")?.accepts).toEqual(["int", "str"]);
    expect(moduleParams("no_such_module")).toEqual([]);
  });
});

describe("kemiFunction / kemiModule", () => {
  it("return catalog rows", () => {
    expect(kemiFunction("sl", "sl_send_reply")).toMatchObject({ ret: "int", params: ["int", "str"] });
    expect(kemiFunction("", "is_method")?.ret).toBe("bool");
    expect(kemiModule("maxfwd").map((r) => r.name).sort()).toEqual(["is_maxfwd_lt", "process_maxfwd"]);
    expect(kemiModule("nope")).toEqual([]);
  });
});

describe("coreAction", () => {
  it("knows the grammar's keywords and their aliases", () => {
    expect(coreAction("seth")?.names[0]).toBe("rewritehost");
    expect(coreAction("setflag")?.kemi?.[1]).toMatchObject({ module: "", name: "setflag" });
    expect(coreAction("strip")?.kemi).toBeNull();
    expect(coreAction("t_relay")).toBeUndefined();
  });

  it("points only at KEMI functions that exist", () => {
    for (const name of ["forward", "setflag", "rewritehost", "force_rport", "add_tcp_alias", "set_advertised_port", "force_send_socket", "set_reply_close", "drop", "exit"]) {
      for (const t of Object.values(coreAction(name)!.kemi ?? {})) {
        expect(kemiFunction(t.module, t.name), `${name} → ${t.module}.${t.name}`).toBeDefined();
        expect(kemiFunction(t.module, t.name)!.params.length).toBe(t.args.length);
      }
    }
  });
});

const STOCK = ["kex", "corex", "tm", "tmx", "sl", "rr", "pv", "maxfwd", "usrloc", "registrar", "textops", "textopsx", "siputils", "xlog", "sanity", "auth", "auth_db", "permissions", "nathelper", "rtpproxy", "htable", "pike"];

/** KSR call text for a mapping, with native literal arguments converted as the actions say. */
function render(name: string, args: string[]): string {
  const m = mapCall(name, args.length, STOCK);
  if (m.status !== "kemi") return m.status;
  const out = m.args.map((a) => {
    if (a.action === "constant" || a.action === "modparam") return JSON.stringify(a.value);
    if (a.action === "template") return JSON.stringify(a.template!.replace(/\{(\d)\}/g, (_, i) => args[Number(i)]!));
    const text = args[a.nativeIndex!]!;
    return a.action === "number" ? String(Number(text)) : JSON.stringify(text);
  });
  return `${m.target.ksr}(${out.join(", ")})`;
}

describe("mapCall", () => {
  it("gives the KEMI calls the brief and native-to-kemi.md name", () => {
    expect(render("save", ["location"])).toBe('KSR.registrar.save("location", 0)');
    expect(render("mf_process_maxfwd_header", ["10"])).toBe("KSR.maxfwd.process_maxfwd(10)");
    expect(render("t_relay", [])).toBe("KSR.tm.t_relay()");
    expect(render("sl_send_reply", ["404", "Not Found"])).toBe('KSR.sl.sl_send_reply(404, "Not Found")');
    expect(render("is_method", ["INVITE|BYE"])).toBe('KSR.is_method("INVITE|BYE")');
    expect(render("setbflag", ["6"])).toBe("KSR.setbflag(6)");
    expect(render("setbflag", ["6", "1"])).toBe("KSR.setbiflag(6, 1)");
    expect(render("append_branch", ["sip:a@b"])).toBe('KSR.corex.append_branch_uri("sip:a@b")');
    expect(render("allow_source_address", [])).toBe("KSR.permissions.allow_source_address(1)");
    expect(render("sanity_check", ["1511"])).toBe("KSR.sanity.sanity_check(1511, 7)");
    expect(render("t_relay_to_udp", ["10.0.0.1", "5060"])).toBe('KSR.tm.t_relay_to_proxy("udp:10.0.0.1:5060")');
    expect(render("remove_hf", ["Route"])).toBe('KSR.textops.remove_hf("Route")');
    expect(render("append_hf", ["P-Hint: outbound\r\n"])).toBe('KSR.hdr.append("P-Hint: outbound\\r\\n")');
  });

  it("says which format arguments the caller must evaluate", () => {
    const reply = mapCall("sl_send_reply", 2, STOCK);
    expect(reply.status === "kemi" && reply.args[1]).toMatchObject({ kind: "format", action: "evaluate" });
    const xlog = mapCall("xlog", 2, STOCK);
    expect(xlog.status === "kemi" && xlog.args.map((a) => a.action)).toEqual(["string", "verbatim"]);
    const xlog1 = mapCall("xlog", 1, STOCK);
    expect(xlog1.status === "kemi" && xlog1.target.ksr).toBe("KSR.xlog.xerr");
    const challenge = mapCall("auth_challenge", 2, STOCK);
    expect(challenge.status === "kemi" && challenge.args.map((a) => a.action)).toEqual(["evaluate", "number"]);
  });

  it("passes route labels as callback names and keeps PV names literal", () => {
    const onFailure = mapCall("t_on_failure", 1, STOCK);
    expect(onFailure.status === "kemi" && onFailure.args[0]).toMatchObject({ action: "routeFunction", route: "failure" });
    const isset = mapCall("pv_isset", 1, STOCK);
    expect(isset.status === "kemi" && [isset.target.ksr, isset.result, isset.args[0]!.kind]).toEqual(["KSR.pv.is_null", "negate", "pvar"]);
  });

  it("reports functions without a KEMI export and whether KSR.x.modf can run them", () => {
    expect(mapCall("append_time", 0, ["textops"])).toMatchObject({ status: "none", modf: true });
    expect(mapCall("xlogl", 2, ["xlog"])).toMatchObject({ status: "none", modf: false });
    expect(mapCall("no_such_function", 0, STOCK)).toEqual({ status: "unknown" });
  });

  it("maps aliases through the function sharing their C wrapper", () => {
    const m = mapCall("maxfwd_process", 1, ["maxfwd"]);
    expect(m.status === "kemi" && m.target.ksr).toBe("KSR.maxfwd.process_maxfwd");
  });
});
