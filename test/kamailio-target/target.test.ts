import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startKamailio } from "../support/kamailio-process.js";
import { loadScenario, playScenario } from "../support/scenario.js";
import { kamailioCheck } from "../support/tools.js";
import { removeDir } from "../differential/run.js";
import { laterThanEs5 } from "./es5.js";
import { compileToKamailio } from "./support.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
function outDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kemits-target-"));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(removeDir));

describe("kamailio.cfg", () => {
  it("is the global section with defines applied, #!defenv kept, no route block, and app_jsdt set up", async () => {
    const dir = outDir();
    const env = { PUBLIC_IP: "127.0.59.1", SIP_PORT: "5060" };
    const { files, diagnostics } = await compileToKamailio(join(ROOT, "fixtures/compile/defines-and-env/input.cfg"), dir, { env });
    expect(diagnostics).toEqual([]);
    const cfg = files!.cfg;
    expect(cfg).toContain("#!defenvs PUBLIC_IP\n#!defenv SIP_PORT\n");
    expect(cfg).toContain("listen=udp:PUBLIC_IP:SIP_PORT\n");
    expect(cfg).toContain('modparam("acc", "log_flag", 1)\n');
    expect(cfg).not.toMatch(/request_route|route\s*\{|#!define/);
    // app_jsdt for the routing and kemix for KSR.kx.get_def (the #!defenv reads), loaded first.
    expect(cfg).toContain('auto_aliases=no\n\nloadmodule "app_jsdt.so"\nloadmodule "kemix.so"\nloadmodule "pv"\n');
    expect(cfg.endsWith(`modparam("app_jsdt", "load", "${join(dir, "kamailio.js")}")\ncfgengine "jsdt"\n`)).toBe(true);
    const check = await withEnv(env, () => kamailioCheck(join(dir, "kamailio.cfg"), [], dir));
    expect(check.ok, check.output).toBe(true);
  });

  it("has no event_route: each module's event_callback (or the core's) names a dispatcher in kamailio.js", async () => {
    const dir = outDir();
    const { files } = await compileToKamailio(join(ROOT, "fixtures/kamailio-target/events/route.cfg"), dir);
    expect(files!.cfg).not.toMatch(/^\s*event_route\s*\[/m);
    expect(files!.cfg).toContain('modparam("htable", "event_callback", "ksr_event_htable")\nmodparam("htable", "event_callback_mode", 1)\n');
    expect(files!.cfg).toContain('kemi.event_route_callback = "ksr_event_core"\n');
    // sl:local-response has a parameter of its own: it names the route function directly.
    expect(files!.cfg).toContain('modparam("sl", "event_callback_lres_sent", "ksr_event_route_sl__local_2dresponse")\n');
    expect(files!.js).toMatch(/function ksr_event_htable\(evname\) \{\s+switch \(evname\) \{\s+case "htable:mod-init":\s+return ksr_event_route_htable__mod_2dinit\(evname\);/);
  });

  it("warns about an event route whose module cannot call a KEMI function", async () => {
    const dir = outDir();
    const cfg = join(dir, "ev.cfg");
    writeFileSync(cfg, 'loadmodule "sl"\nloadmodule "xlog"\nloadmodule "usrloc"\nevent_route[usrloc:contact-expired] {\n\txlog("L_INFO", "expired\\n");\n}\nrequest_route {\n\tsl_send_reply("200", "OK");\n}\n');
    const { files, diagnostics } = await compileToKamailio(cfg, join(dir, "out"));
    expect(diagnostics).toEqual([
      `${cfg}:4:1: warning: event_route[usrloc:contact-expired] cannot run under cfgengine jsdt: module usrloc has no event_callback parameter [EventRouteNotRunnable]`,
    ]);
    expect(files!.cfg).not.toContain("event_callback");
  });

  it("preloads the usrloc tables registrar functions name, as native fixups would create them", async () => {
    const dir = outDir();
    const cfg = join(dir, "reg.cfg");
    writeFileSync(cfg, 'loadmodule "sl"\nloadmodule "usrloc"\nloadmodule "registrar"\nrequest_route {\n\tif (!save("location")) sl_reply_error();\n\tlookup("aliases");\n}\n');
    const { files } = await compileToKamailio(cfg, join(dir, "out"));
    expect(files!.cfg).toContain('modparam("usrloc", "preload", "aliases")\nmodparam("usrloc", "preload", "location")\n');
  });
});

describe("kamailio.js", () => {
  it("is one ES5 script (no import/export, let, const, arrows, templates, classes, spread); route functions are global", async () => {
    const { files } = await compileToKamailio(join(ROOT, "fixtures/compile/switch-regex/input.cfg"), outDir());
    const js = files!.js;
    expect(laterThanEs5(js)).toEqual([]);
    expect(js).toMatch(/^function ksr_request_route\(\) \{/m);
    expect(js).not.toContain("use strict"); // app_jsdt no longer finds the functions with it
    // The regex helpers come along, without the ES2018 `s` flag Duktape rejects.
    expect(js).toContain("function compilePosix(");
    expect(js).not.toMatch(/new RegExp\([^)]*"s/);
  });

  it("reads #!defenv values through the kept defines, before the first route runs", async () => {
    const { files } = await compileToKamailio(join(ROOT, "fixtures/compile/defines-and-env/input.cfg"), outDir(), {
      env: { PUBLIC_IP: "127.0.59.1", SIP_PORT: "5060" },
    });
    const js = files!.js;
    expect(js).toMatch(/^var SIP_PORT;$/m);
    expect(js).toMatch(/function kemits_read_env\(\) \{[^}]*SIP_PORT = envInt\("SIP_PORT"\);/);
    expect(js).toMatch(/function ksr_request_route\(\) \{\s+kemits_read_env\(\);/);
  });

  it("is refused over 128 KiB, which app_jsdt would silently cut", async () => {
    const dir = outDir();
    const cfg = join(dir, "big.cfg");
    const line = `\txlog("L_INFO", "${"a".repeat(100)} $rm $ru\\n");\n`;
    writeFileSync(cfg, `loadmodule "xlog"\nrequest_route {\n${line.repeat(1100)}}\n`);
    const { files, diagnostics } = await compileToKamailio(cfg, join(dir, "out"));
    expect(files).toBeUndefined();
    expect(diagnostics.join("\n")).toMatch(/error: kamailio\.js is \d+ bytes; app_jsdt reads at most 131072 bytes .*\[ScriptTooLarge\]/);
  });
});

describe("on Kamailio", () => {
  it("#!defenv values come from the environment Kamailio starts in, not the one kemits compiled in", async () => {
    const fixture = join(ROOT, "fixtures/kamailio-target/env");
    const dir = outDir();
    const { files } = await compileToKamailio(join(fixture, "route.cfg"), dir, { env: { KEMITS_TEST_GREETING: "compile-time", KEMITS_TEST_EXTRA: "1" } });
    expect(files).toBeDefined();
    const firstLines = async (cfg: string) => {
      const server = await withEnv({ KEMITS_TEST_GREETING: "start-time", KEMITS_TEST_EXTRA: "41" }, () => startKamailio(cfg, ["udp:127.0.57.1:5060"]));
      try {
        const [ex] = await playScenario(loadScenario(fixture), { ip: "127.0.57.2", port: 5070 }, { ip: "127.0.57.1", port: 5060 });
        return ex!.replies.map((r) => r.slice(0, r.indexOf("\r\n")));
      } finally {
        await server.stop();
      }
    };
    expect(await firstLines(join(fixture, "route.cfg"))).toEqual(["SIP/2.0 200 start-time 42"]);
    expect(await firstLines(join(dir, "kamailio.cfg"))).toEqual(["SIP/2.0 200 start-time 42"]);
  });
});

/** Runs `fn` with extra environment variables (child processes inherit them), then restores them. */
async function withEnv<T>(vars: Record<string, string>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
