// The CLI contract others script against: exit codes, where output goes, and error rendering.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kemits, kemitsJs } from "../support/cli.js";

const HELLO = "fixtures/examples/hello/hello.cfg";

function cfgFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kemits-cli-"));
  const file = join(dir, "kamailio.cfg");
  writeFileSync(file, text);
  return file;
}

describe("kemits parse", () => {
  it("gives the same output and exit code from the startup snapshot as through bin/kemits.js", () => {
    // bin/kemits uses the snapshot with the node the build recorded, while its size and mtime match.
    const [node, stamp] = readFileSync("dist/parse.blob.node", "utf8").split("\n");
    const stat = statSync(node!);
    expect(stamp, "the build made no startup snapshot, or its node changed since").toBe(`${stat.size}:${Math.floor(stat.mtimeMs / 1000)}`);
    const bad = cfgFile('loadmodule "sl"\nrequest_route {\n\tsl_send_reply("200", "OK")\n}\n');
    const cases = [["parse", HELLO], ["parse", HELLO, "--ast"], ["parse", bad], ["parse", "-D", "WITH_X", bad], ["parse"], ["parse", bad, "--debug"], ["parse", "/nonexistent.cfg"]];
    for (const args of cases) {
      const opts = { env: { KAMA_LISTEN: "127.0.0.2" } };
      expect(kemits(args, opts), args.join(" ")).toEqual(kemitsJs(args, opts));
    }
  });

  it("exits 0 and prints nothing for a valid cfg", () => {
    const r = kemits(["parse", HELLO], { env: { KAMA_LISTEN: "127.0.0.2" } });
    expect(r).toMatchObject({ status: 0, stdout: "", stderr: "" });
  });

  it("reports a syntax error as file:line:col with a code frame, and exits 1", () => {
    const file = cfgFile('loadmodule "sl"\nrequest_route {\n\tsl_send_reply("200", "OK")\n}\n');
    const r = kemits(["parse", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file}:4:1: error: .*\\n`));
    expect(r.stderr).toContain("> 4 | }");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // never a stack trace
  });

  it("takes -D and -A defines", () => {
    const file = cfgFile("#!ifdef WITH_X\nthis is not valid\n#!endif\nrequest_route {\n\tdrop;\n}\n");
    expect(kemits(["parse", file]).status).toBe(0);
    expect(kemits(["parse", file, "-D", "WITH_X"]).status).toBe(1);
    expect(kemits(["parse", file, "-A", "WITH_X"]).status).toBe(1);
  });

  it("prints the AST as JSON with --ast", () => {
    const r = kemits(["parse", HELLO, "--ast"], { env: { KAMA_LISTEN: "127.0.0.2" } });
    expect(r.status).toBe(0);
    const ast = JSON.parse(r.stdout);
    expect(ast.type).toBe("Program");
  });

  it("says which file is missing", () => {
    const r = kemits(["parse", "/nonexistent/kamailio.cfg"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot read configuration file /nonexistent/kamailio.cfg");
  });

  it("exits 2 on a usage error", () => {
    expect(kemits(["parse"]).status).toBe(2);
    expect(kemits(["frobnicate", HELLO]).status).toBe(2);
  });
});

describe("kemits compile and check", () => {
  it("writes the module to -o and reads #!defenv at load time, not at compile time", () => {
    const out = join(mkdtempSync(join(tmpdir(), "kemits-out-")), "hello.ts");
    const r = kemits(["compile", HELLO, "-o", out], { env: { KAMA_LISTEN: "127.0.0.99" } });
    expect(r.status).toBe(0);
    const code = readFileSync(out, "utf8");
    expect(code).toContain('const KAMA_LISTEN = envString("KAMA_LISTEN");');
    expect(code).not.toContain("127.0.0.99");
    expect(code).toContain('KSR.sl.sl_send_reply(200, "Hello, World!");');
  });

  it("check: 0 when clean, 1 on errors, 2 on warnings under --strict", () => {
    const clean = cfgFile('loadmodule "sl"\nrequest_route {\n\tsl_send_reply("200", "OK");\n}\n');
    const error = cfgFile('loadmodule "sl"\nrequest_route {\n\tt_relay();\n}\n');
    const warning = cfgFile('loadmodule "sl"\nloadmodule "no_such_module"\nrequest_route {\n\tsl_send_reply("200", "OK");\n}\n');
    expect(kemits(["check", clean]).status).toBe(0);
    expect(kemits(["check", error]).status).toBe(1);
    expect(kemits(["check", warning]).status).toBe(0);
    expect(kemits(["check", warning, "--strict"]).status).toBe(2);
  });

  it("check --format json and github are machine-readable", () => {
    const error = cfgFile('loadmodule "sl"\nrequest_route {\n\tt_relay();\n}\n');
    const json = JSON.parse(kemits(["check", error, "--format", "json"]).stdout);
    expect(json).toEqual([expect.objectContaining({ code: "UnknownFunction", severity: "error", line: 3, column: 2 })]);
    expect(kemits(["check", error, "--format", "github"]).stdout).toMatch(/^::error file=.*,line=3,col=2,.*title=UnknownFunction::/);
    const sarif = JSON.parse(kemits(["check", error, "--format", "sarif"]).stdout);
    expect(sarif.runs[0].results[0].ruleId).toBe("UnknownFunction");
  });
});

describe("kemits check --target kamailio", () => {
  it("warns about PV classes whose module the cfg does not load, at the first use", () => {
    // Without #!KAMAILIO, Kamailio takes $T_reply_code for an AVP when tmx is not loaded (`-c` passes);
    // the compiled routing reads it through KSR.pv, which needs tmx under app_jsdt.
    const cfg = cfgFile('loadmodule "pv.so"\nloadmodule "sl.so"\nrequest_route {\n\t$var(n) = $rU;\n\tif ($T_reply_code == 200) exit;\n\tsl_send_reply("200", "OK");\n}\n');
    const r = kemits(["check", cfg, "--target", "kamailio", "--format", "json"]);
    expect(r.status).toBe(0);
    const items = JSON.parse(r.stdout) as { code: string; message: string; line?: number }[];
    expect(items.map((d) => [d.code, d.line, d.message])).toEqual([
      ["KemiModuleNotLoaded", 5, '$T_reply_code (through KSR.pv) needs module tmx, which the cfg does not load: add loadmodule "tmx.so"'],
    ]);
  });
});

describe("kemits run", () => {
  it("refuses to start a cfg that reads pseudo-variables kemits does not implement, naming each and its module", () => {
    // Passes `kamailio -c`: htable is loaded, $sht is htable's, $ai is pv's.
    const cfg = cfgFile(
      'loadmodule "pv.so"\nloadmodule "sl.so"\nloadmodule "htable.so"\nmodparam("htable", "htable", "seen=>size=4")\n' +
        'request_route {\n\tif ($sht(seen=>$ci) != $null) exit;\n\t$var(t) = $ai;\n\tsl_send_reply("200", "OK");\n}\n',
    );
    const r = kemits(["run", cfg, "-l", "udp:127.0.121.30:5060"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "kemits: cannot start: the routing uses 2 pseudo-variable(s) or transformation(s) no loaded module implements" +
        " (kemits would read them as null, or fail to set them):\n" +
        "  $ai (module pv): reading it is not implemented by kemits\n" +
        "  $sht (module htable): reading it is not implemented by kemits [KEMITS_ERR_MISSING_PVS]\n",
    );
  });
});
