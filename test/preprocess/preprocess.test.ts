import { describe, expect, it } from "vitest";
import { type PreprocessOptions, preprocess, preprocessText } from "../../src/preprocess/index.js";

function run(text: string, options: PreprocessOptions = {}) {
  return preprocessText("main.cfg", text, { cwd: "/nowhere", env: {}, readFile: () => undefined, ...options });
}

const codes = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => d.code);

describe("preprocess", () => {
  it("reads the compatibility marker, which must be followed directly by a newline", () => {
    expect(run("#!KAMAILIO\n").mode).toBe("kamailio");
    expect(run("#!OPENSER\n").mode).toBe("kamailio");
    expect(run("//!SER\n").mode).toBe("ser");
    expect(run("#!KAMAILIO\n#!ALL\n").mode).toBe("maxcompat");
    expect(run("#!KAMAILIO \n").mode).toBe("maxcompat");
    expect(run("!!KAMAILIO\n").mode).toBe("maxcompat");
    expect(run("#!KAMAILIO").mode).toBe("maxcompat");
  });

  it("applies #!subst to $name tokens only in #!KAMAILIO mode, as cfg.lex does", () => {
    const rule = '#!subst "/PX/5060/"\n';
    expect(run(`${rule}$PX; $var(PX);\n`).text).toBe("$PX; $var(5060);\n");
    expect(run(`#!KAMAILIO\n${rule}$PX;\n`).text).toBe("$5060;\n");
  });

  it("does not expand defines in PV-like tokens $rc, $retcode, $? but does after them", () => {
    expect(run("#!define rc X\n#!define x Y\n$rc; $rcx; $retcode;\n").text).toBe("$rc; $rcY; $retcode;\n");
  });

  it("leaves IPv6 addresses alone even when they start like a define", () => {
    expect(run("#!define fe80 X\n#!define dead Y\nlisten=udp:[fe80::1]:5060 dead:beef::1 fe80\n").text).toBe(
      "listen=udp:[fe80::1]:5060 dead:beef::1 X\n",
    );
    expect(run("#!define db8 X\nlisten=2001:db8:0:0:0:0:0:1\n").text).toBe("listen=2001:db8:0:0:0:0:0:1\n");
  });

  it("lists defines by origin, and the subst rules", () => {
    const r = run('#!define A 1\n#!substdefs "/S/v/g"\nloadmodule "mods/tm.so"\n', { defines: [{ name: "C", value: "2" }] });
    expect(r.defines.get("A")).toMatchObject({ value: "1", source: "cfg", directive: "define" });
    expect(r.defines.get("C")).toMatchObject({ value: "2", source: "cli" });
    expect(r.defines.get("KAMAILIO_5_6_3")).toMatchObject({ value: undefined, source: "builtin" });
    expect(r.defines.get("MOD_tm")).toMatchObject({ source: "loadmodule" });
    expect(r.defines.get("S")).toMatchObject({ value: '"v"', directive: "substdefs" });
    expect(r.substs).toHaveLength(1);
    expect(r.substs[0]).toMatchObject({ directive: "substdefs", source: "/S/v/g", replacement: "v", global: true });
  });

  it("converts POSIX bracket expressions and flags", () => {
    // A string on the next line would join the subst's own string, so the use is after `x =`.
    const r = run('#!subst "/[[:upper:]][^]a]x\\./_/gi"\nx = "Abx. Zcx. ]ax.";\n');
    expect(r.text).toBe('x = "_ _ ]ax.";\n');
    expect(codes(r)).toEqual([]);
  });

  it("drops a define value on a last line with no newline, as Kamailio does", () => {
    const r = run("#!define A 1");
    expect(r.defines.get("A")?.value).toBeUndefined();
    expect(codes(r)).toEqual(["DefineValueAtEndOfFile"]);
  });

  it("expands a define used inside an included file and at the entry alike", () => {
    const files: Record<string, string> = { "/w/inc.cfg": "B\n" };
    const r = preprocessText("main.cfg", "#!define B 2\nA\ninclude_file \"inc.cfg\"\n", {
      cwd: "/w",
      readFile: (p) => files[p],
      defines: [{ name: "A", value: "1" }],
    });
    expect(r.text).toBe("1\n2\n");
  });

  it("stops an exponentially growing expansion instead of hanging", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `#!define D${i} D${i + 1} D${i + 1}`);
    const r = run(`${lines.join("\n")}\n#!define D30 x\nD0;\n`);
    expect(codes(r)).toEqual(["DefineExpansionTooLarge"]);
    expect(r.text.length).toBeLessThan(1_000_000);
  });

  it("reports a missing entry file instead of throwing", () => {
    const r = preprocess("missing.cfg", { cwd: "/nowhere", readFile: () => undefined });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["EntryNotFound"]);
  });

  it("tracks braces only outside strings, comments and pseudo-variables", () => {
    const ok = run('x = "{"; # {\n$(var(a){s.len}); /* { */\n#!subst "/a/b/"\n');
    expect(codes(ok)).toEqual([]);
    expect(codes(run('route { #!subst "/a/b/"\n}\n'))).toEqual(["SubstInsideRoute"]);
  });
});
