// Records what Kamailio 5.6.3 does with KEMI snippets, for the module tests:
//   node test/runtime/modules/capture-kemi.mjs fixtures/runtime/modules/<module>.json
// The fixture holds { listen, modules, modparams, cases: [{ name, request, snippets, forward? }] }.
// Each request carries `X-Case: <index>`; the app_jsdt route evaluates that case's snippets in order,
// adds `X-R: <results joined by |>` (to the reply, or as a header of the relayed request with
// `forward`), then replies 200 or relays the request to the UAC (the fixture's `uac`, by default
// 127.0.69.200, port 5099). What came back is written into each case as `kamailio: { results,
// messages }` (everything that came back, in order; results from the message carrying X-R). One
// bounded run per fixture.
import { spawn } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const file = process.argv[2];
const spec = JSON.parse(readFileSync(file, "utf8"));
// The UAC address: the fixture's `uac` when it sets one (suites keep to their own addresses).
const UAC_IP = spec.uac ?? "127.0.69.200";
const UAC_PORT = 5099;
const dir = mkdtempSync(join(tmpdir(), "kemits-kemi-"));

const routing = `
var CASES = ${JSON.stringify(spec.cases.map((c) => ({ s: c.snippets, f: !!c.forward })))};
function ksr_request_route() {
  var c = CASES[parseInt(KSR.pv.get("$hdr(X-Case)"), 10)];
  var out = [];
  for (var i = 0; i < c.s.length; i++) { var r; try { r = eval(c.s[i]); } catch (e) { r = "EXC:" + e; } out.push(String(r)); }
  if (c.f) {
    KSR.hdr.append("X-R: " + out.join("|") + "\\r\\n");
    KSR.setdsturi("sip:${UAC_IP}:${UAC_PORT}");
    KSR.forward();
    return;
  }
  KSR.hdr.append_to_reply("X-R: " + out.join("|") + "\\r\\n");
  KSR.sl.sl_send_reply(200, "OK");
}
`;
writeFileSync(join(dir, "routing.js"), routing);
const modparams = (spec.modparams ?? []).map((p) => `modparam("${p.module}", "${p.name}", ${typeof p.value === "number" ? p.value : JSON.stringify(p.value)})`);
const cfg = [
  "#!KAMAILIO",
  `listen=udp:${spec.listen}:5060`,
  "auto_aliases=no",
  "debug=2",
  ...["pv", "sl", ...spec.modules.filter((m) => m !== "pv" && m !== "sl"), "app_jsdt"].map((m) => `loadmodule "${m}"`),
  ...modparams,
  `modparam("app_jsdt", "load", "${join(dir, "routing.js")}")`,
  'cfgengine "jsdt"',
  "",
].join("\n");
writeFileSync(join(dir, "kamailio.cfg"), cfg);

const args = ["-f", join(dir, "kamailio.cfg"), "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-P", join(dir, "pid"), "-m", "64", "-M", "8"];
const kamailio = spawn("kamailio", args, { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
kamailio.stderr.on("data", (b) => (log += b));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await sleep(1500);
  const sock = dgram.createSocket("udp4");
  await new Promise((r) => sock.bind(UAC_PORT, UAC_IP, r));
  let got = [];
  sock.on("message", (m) => got.push(m.toString("latin1")));
  for (const c of spec.cases) {
    got = [];
    sock.send(Buffer.from(c.request, "latin1"), 5060, spec.listen);
    for (let t = 0; t < 20 && got.length === 0; t++) await sleep(25);
    await sleep(50);
    const carrier = got.find((m) => /^X-R: /m.test(m));
    const xr = carrier === undefined ? null : /^X-R: (.*?)\r?$/m.exec(carrier);
    c.kamailio = { results: xr ? xr[1].split("|") : null, messages: got };
  }
  sock.close();
} finally {
  kamailio.kill("SIGTERM");
  await sleep(300);
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(file, `${JSON.stringify(spec, null, 1)}\n`);
if (process.env.SHOW_LOG) process.stdout.write(log);
