import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { kemits } from "../support/cli.js";
import { kamailioCheck } from "../support/tools.js";
import { removeDir } from "../differential/run.js";

const ROOT = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "kemits-target-cli-"));
afterAll(() => removeDir(work));

it("kemits compile --target kamailio -o DIR writes a kamailio.cfg Kamailio accepts and the kamailio.js it loads", () => {
  const out = join(work, "switch");
  const r = kemits(["compile", join(ROOT, "fixtures/sip/stateless/switch/route.cfg"), "--target", "kamailio", "-o", out]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(readFileSync(join(out, "kamailio.cfg"), "utf8")).toContain(`modparam("app_jsdt", "load", "${join(out, "kamailio.js")}")`);
  expect(readFileSync(join(out, "kamailio.js"), "utf8")).toMatch(/^function ksr_request_route\(\) \{/m);
  const check = kamailioCheck(join(out, "kamailio.cfg"));
  expect(check.ok, check.output).toBe(true);
});

it("--script-path sets where kamailio.cfg tells app_jsdt to load the script from", () => {
  const out = join(work, "deploy");
  const r = kemits(["compile", join(ROOT, "fixtures/sip/stateless/switch/route.cfg"), "--target", "kamailio", "-o", out, "--script-path", "/etc/kamailio/routing.js"]);
  expect(r.status).toBe(0);
  expect(readFileSync(join(out, "kamailio.cfg"), "utf8")).toContain('modparam("app_jsdt", "load", "/etc/kamailio/routing.js")');
});

it("refuses --target kamailio without -o DIR, and unknown targets, as usage errors", () => {
  const cfg = join(ROOT, "fixtures/sip/stateless/switch/route.cfg");
  const noDir = kemits(["compile", cfg, "--target", "kamailio"]);
  expect(noDir.status).toBe(2);
  expect(noDir.stderr).toContain("--target kamailio needs -o DIR");
  const bogus = kemits(["compile", cfg, "--target", "lua"]);
  expect(bogus.status).toBe(2);
  expect(bogus.stderr).toContain("--target must be one of ts, kamailio");
});

it("writes nothing when the cfg has errors", () => {
  const cfg = join(work, "broken.cfg");
  writeFileSync(cfg, 'loadmodule "sl"\nrequest_route {\n\tno_such_function();\n}\n');
  const out = join(work, "broken-out");
  const r = kemits(["compile", cfg, "--target", "kamailio", "-o", out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("[UnknownFunction]");
  expect(existsSync(join(out, "kamailio.js"))).toBe(false);
});

it("kemits check --target kamailio warns about KEMI calls whose module the cfg does not load", () => {
  const cfg = join(work, "corex.cfg");
  writeFileSync(cfg, 'loadmodule "sl"\nrequest_route {\n\tforce_send_socket(udp:127.0.0.1:5060);\n\tsl_send_reply("200", "OK");\n}\n');
  const plain = kemits(["check", cfg]);
  expect(plain.stdout).toBe("");
  const r = kemits(["check", cfg, "--target", "kamailio", "--format", "json"]);
  expect(r.status).toBe(0);
  const items = JSON.parse(r.stdout) as { code: string; severity: string; message: string; location?: { line?: number } }[];
  expect(items.map((d) => [d.code, d.severity, d.message])).toEqual([
    ["KemiModuleNotLoaded", "warning", 'KSR.corex.set_send_socket needs module corex, which the cfg does not load: add loadmodule "corex.so"'],
  ]);
  expect(kemits(["check", cfg, "--target", "kamailio", "--strict"]).status).toBe(2);
});
