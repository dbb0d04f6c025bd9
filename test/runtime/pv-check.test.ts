// The start-up check of `config.pvs`: a routing module that reads or assigns a pseudo-variable
// class (or uses a transformation) kemits does not implement is refused before anything listens,
// with every such class and the Kamailio module it comes from; a module using only implemented
// ones loads as before. The cfgs below pass `kamailio -c` (Kamailio 5.6.3).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/runtime/engine/engine.js";
import type { KemitsError } from "../../src/runtime/engine/errors.js";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { createHarness } from "../../src/testing/index.js";
import { configOnly, request, startError } from "./support.js";

const SOCKETS = [{ proto: "udp" as const, address: "127.0.121.20", port: 5060, family: 4 as const }];

/** Reads $sht and $ai, assigns $dlg_var and $fs, and uses {s.rafter}: none of them kemits has. */
const MISSING_CFG = `#!KAMAILIO
loadmodule "pv.so"
loadmodule "sl.so"
loadmodule "xlog.so"
loadmodule "tm.so"
loadmodule "htable.so"
loadmodule "dialog.so"

modparam("htable", "htable", "seen=>size=4")

request_route {
	if ($sht(seen=>$ci) != $null) {
		sl_send_reply("482", "Loop");
		exit;
	}
	$dlg_var(caller) = $fU;
	$fs = "udp:127.0.0.1:5060";
	xlog("L_INFO", "$rm from $fU as $ai, $(rU{s.rafter,1})\\n");
	sl_send_reply("200", "OK");
}
`;

const MISSING_DETAILS = [
  "$ai (module pv): reading it is not implemented by kemits",
  "$sht (module htable): reading it is not implemented by kemits",
  "$dlg_var (module dialog or ims_dialog): assigning it is not implemented by kemits",
  "$fs (module pv): assigning it is not implemented by kemits",
  "{s.rafter} (module pv): transformation not implemented by kemits",
];

/** Only classes and transformations kemits evaluates: headers, vars, AVPs, a transformation, xlog formats with colors, times and the original R-URI, revert_uri(). */
const IMPLEMENTED_CFG = `#!KAMAILIO
debug=2
loadmodule "pv.so"
loadmodule "sl.so"
loadmodule "xlog.so"

request_route {
	$var(user) = $(ru{uri.user});
	$avp(ua) = $hdr(User-Agent);
	xlog("L_INFO", "$rm from $fU to $var(user) via $si:$sp\\n");
	xlog("L_INFO", "$C(gx)$rm at $TV(s).$TV(u) ($Tf, $timef(%F), up since $Tb) for $ou$C(xx)\\n");
	revert_uri();
	if ($rU == $null) {
		sl_send_reply("484", "Address Incomplete");
		exit;
	}
	sl_send_reply("200", "OK $var(user)");
}
`;

function cfgFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "kemits-pv-check-")), "kamailio.cfg");
  writeFileSync(file, text);
  return file;
}

describe("pseudo-variables checked at load time", () => {
  it("refuses a cfg that reads or assigns PV classes kemits does not implement, listing each with its module", async () => {
    const mod = await loadRoutingModule(cfgFile(MISSING_CFG));
    expect(mod.config.pvs).toEqual({
      read: ["$ai", "$fU", "$rU", "$rm", "$sht"],
      write: ["$dlg_var", "$fs"],
      transforms: ["s.rafter"],
    });
    const e = startError(mod, SOCKETS);
    expect(e.code).toBe("KEMITS_ERR_MISSING_PVS");
    expect(e.details).toEqual(MISSING_DETAILS);
    expect(e.message).toMatch(/^the routing uses 5 pseudo-variable\(s\) or transformation\(s\) no loaded module implements/);
  });

  it("starts a cfg that uses only implemented PVs, which then route as before", async () => {
    const h = await createHarness(cfgFile(IMPLEMENTED_CFG), { sockets: SOCKETS });
    expect(h.engine.ksr).toBeDefined();
    const [reply] = h.send(request("OPTIONS", "sip:alice@127.0.121.20", [], 1));
    expect(reply?.status).toBe(200);
    expect(reply?.msg?.reason).toBe("OK alice");
    expect(h.logs.join("")).toMatch(/\x1b\[0;32;49mOPTIONS at \d{10}\.\d{1,6} \(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}, \d{4}-\d\d-\d\d, up since \d{10}\) for sip:alice@127\.0\.121\.20\x1b\[0;39;49m/);
    await h.close();
  });

  it("needs the module Kamailio registers a class in: $T_* read over tm need tmx loaded", () => {
    const pvs = { read: ["$T_reply_code", "$rU"], write: [], transforms: [] };
    const e = startError(configOnly({ modules: ["tm"], pvs }), SOCKETS);
    expect(e.code).toBe("KEMITS_ERR_MISSING_PVS");
    expect(e.details).toEqual(["$T_reply_code (module tmx): the cfg does not load tmx"]);
    expect(() => new Engine(configOnly({ modules: ["tm", "tmx"], pvs }), { modules: BUILTIN_MODULES, sockets: SOCKETS, logSink: () => {} })).not.toThrow();
  });

  it("names a class Kamailio does not have, and the core's own classes as such", () => {
    const e = startError(configOnly({ pvs: { read: ["$nosuch", "$def"], write: [], transforms: [] } }), SOCKETS);
    expect(e.details).toEqual(["$nosuch: not a Kamailio pseudo-variable class", "$def (Kamailio core): reading it is not implemented by kemits"]);
  });

  it("checks the PVs of log_prefix, which the engine expands for every message", () => {
    const e = startError(configOnly({ core: { log_prefix: "{$mt $(ci{s.rafter,@}) $ai} " } }), SOCKETS);
    expect(e.details).toEqual(["$ai (module pv): reading it is not implemented by kemits", "{s.rafter} (module pv): transformation not implemented by kemits"]);
  });

  it("checks nothing for a hand-written module without config.pvs", () => {
    expect(() => new Engine(configOnly({}), { modules: BUILTIN_MODULES, sockets: SOCKETS, logSink: () => {} })).not.toThrow();
  });

  it("refuses a reload to routing with unimplemented PVs and keeps the running one", async () => {
    const h = await createHarness(cfgFile(IMPLEMENTED_CFG), { sockets: SOCKETS });
    const bad = await loadRoutingModule(cfgFile(MISSING_CFG));
    let error: unknown;
    try {
      h.reload(bad);
    } catch (e) {
      error = e;
    }
    expect((error as KemitsError).code).toBe("KEMITS_ERR_MISSING_PVS");
    const [reply] = h.send(request("OPTIONS", "sip:bob@127.0.121.20", [], 2));
    expect(reply?.msg?.reason).toBe("OK bob");
    await h.close();
  });

  it("starts the stock kamailio.cfg and kamailio-basic-kemi-native.cfg's routing", async () => {
    for (const cfg of ["fixtures/sip/proxy/default-cfg.cfg", "fixtures/sip/proxy/basic-kemi-cfg.cfg"]) {
      const h = await createHarness(cfg, { sockets: SOCKETS });
      expect(h.engine.config.pvs?.read, cfg).toContain("$T_branch_idx");
      await h.close();
    }
  });
});
