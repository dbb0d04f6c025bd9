import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireKamailio } from "../support/tools.js";
import { mapCall } from "../../src/catalog/index.js";
import { type Instance, sendRequest, startKamailio } from "./kamailio-run.js";

const MODDIR = "/usr/lib/x86_64-linux-gnu/kamailio/modules";

const MODULES = ["kex", "corex", "tm", "sl", "rr", "pv", "maxfwd", "textops", "textopsx", "siputils", "xlog", "sanity"];

/** Native calls with literal arguments, as a cfg would write them; each result goes into X-R. */
const CALLS: readonly (readonly [string, ...string[]])[] = [
  ["mf_process_maxfwd_header", "10"],
  ["maxfwd_at_least", "8"],
  ["mf_lowlimit", "3"],
  ["sanity_check", "1511"],
  ["sanity_check"],
  ["is_method", "OPTIONS|INVITE"],
  ["is_method", "INVITE"],
  ["has_totag"],
  ["is_first_hop"],
  ["is_present_hf", "Contact"],
  ["setbflag", "6"],
  ["isbflagset", "6"],
  ["isbflagset", "6", "0"],
  ["starts_with", "$rU", "pv"],
  ["starts_with", "$fU", "ali"],
];
const REPLY = ["sl_send_reply", "404", "Not $rU"] as const;

const cfgString = (s: string) => JSON.stringify(s);

function nativeCfg(port: number): string {
  const body = CALLS.map(([name, ...args], i) => `  $var(r${i}) = ${name}(${args.map(cfgString).join(", ")});`);
  const report = CALLS.map((_, i) => `$var(r${i})`).join(",");
  return `${header(port)}
request_route {
${body.join("\n")}
  append_to_reply("X-R: ${report}\\r\\n");
  ${REPLY[0]}(${REPLY.slice(1).map(cfgString).join(", ")});
  exit;
}
`;
}

/** One KEMI call expression for a native call, following the catalog's conversion actions. */
function kemiCall(name: string, args: readonly string[]): string {
  const m = mapCall(name, args.length, MODULES);
  if (m.status !== "kemi") throw new Error(`${name}/${args.length} does not map: ${m.status}`);
  const out = m.args.map((a) => {
    if (a.action === "constant" || a.action === "modparam") return JSON.stringify(a.value);
    if (a.action === "template") return JSON.stringify(a.template!.replace(/\{(\d)\}/g, (_, i) => args[Number(i)]!));
    const text = args[a.nativeIndex!]!;
    switch (a.action) {
      case "number":
        return String(Number(text));
      case "evaluate":
        // What the compiler must do for a format the KEMI side does not expand.
        return `ev(${JSON.stringify(text)})`;
      default:
        return JSON.stringify(text);
    }
  });
  const call = `${m.target.ksr}(${out.join(", ")})`;
  return m.result === "negate" ? `!${call}` : call;
}

function kemiScript(): string {
  const lines = CALLS.map(([name, ...args]) => `  r.push(rc(${kemiCall(name, args)}));`);
  return `function ev(f) { KSR.pvx.evalx("$var(kemits_t)", f); return KSR.pv.get("$var(kemits_t)"); }
function rc(v) { return typeof v === "boolean" ? (v ? 1 : -1) : v; }
function ksr_request_route() {
  var r = [];
  if (KSR.is_OPTIONS() && KSR.kx.get_ruser() === "probe") { KSR.sl.sl_send_reply(200, "OK"); return; }
${lines.join("\n")}
  KSR.hdr.append_to_reply("X-R: " + r.join(",") + "\\r\\n");
  ${kemiCall(REPLY[0], REPLY.slice(1))};
}
`;
}

function header(port: number): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=1
disable_tcp=yes
dns=no
rev_dns=no
auto_aliases=no
listen=udp:127.0.0.30:${port}
mpath="${MODDIR}/"
${MODULES.map((m) => `loadmodule "${m}.so"`).join("\n")}
`;
}

// Needs real Kamailio with app_jsdt (kamailio package): fail, never skip.
requireKamailio();

describe("native and KEMI calls agree on a running Kamailio 5.6.3", () => {
  let native: Instance;
  let kemi: Instance;

  beforeAll(async () => {
    // Note: with cfgengine "jsdt" the cfg must have no native request_route: 5.6.3 runs that one instead.
    // The native instance answers the startup probe through the same route: make it reply 200 first.
    native = await startKamailio(
      nativeCfg(5070).replace("request_route {\n", 'request_route {\n  if ($rU == "probe") { sl_send_reply("200", "OK"); exit; }\n'),
      5070,
    );
    kemi = await startKamailio(
      `${header(5072)}loadmodule "kemix.so"\nloadmodule "app_jsdt.so"\nmodparam("app_jsdt", "load", "RUNDIR/routes.js")\ncfgengine "jsdt"\n`,
      5072,
      { "routes.js": kemiScript() },
    );
  }, 30_000);

  afterAll(async () => {
    await native?.stop();
    await kemi?.stop();
  });

  it("returns the same codes and sends the same reply", async () => {
    const a = await sendRequest(native.port, "OPTIONS", "pvtest");
    const b = await sendRequest(kemi.port, "OPTIONS", "pvtest");
    const status = (t: string) => t.split("\r\n")[0];
    const xr = (t: string) => /^X-R: (.*)$/m.exec(t)?.[1];
    expect(status(a)).toBe("SIP/2.0 404 Not pvtest");
    expect(status(b)).toBe(status(a));
    expect(xr(a)).toBeDefined();
    expect(xr(b)).toBe(xr(a));
  });
});
