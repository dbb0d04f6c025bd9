import { describe, expect, it } from "vitest";
import { formatLocation } from "../../src/diag/index.js";
import { type PreprocessOptions, preprocessText } from "../../src/preprocess/index.js";

/** Files in memory: includes resolve through this map (paths relative to cwd "/cfg"). */
function run(text: string, files: Record<string, string> = {}, options: PreprocessOptions = {}) {
  return preprocessText("main.cfg", text, {
    cwd: "/cfg",
    env: {},
    readFile: (p) => files[p.replace(/^\/cfg\//, "")],
    ...options,
  });
}

/** `file:line:col` of the first occurrence of `needle` in the expanded text. */
function whereIs(result: ReturnType<typeof run>, needle: string, occurrence = 0): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = result.text.indexOf(needle, at + 1);
  expect(at, `"${needle}" in expanded text`).toBeGreaterThanOrEqual(0);
  const loc = result.map.locate(at, at + needle.length);
  expect(loc).toBeDefined();
  return formatLocation(loc!);
}

describe("SourceMap through the preprocessor", () => {
  it("maps copied text back to its line and column after removed directive lines", () => {
    const r = run("#!define A 1\n#!ifdef NOPE\nx;\n#!endif\n  foo(); bar();\n");
    expect(r.text).toBe("  foo(); bar();\n");
    expect(whereIs(r, "foo")).toBe("main.cfg:5:3");
    expect(whereIs(r, "bar")).toBe("main.cfg:5:10");
  });

  it("maps included text to the included file, with the include chain", () => {
    const r = run('a;\ninclude_file "inc/one.cfg"\nz;\n', {
      "inc/one.cfg": 'b;\n  include_file "two.cfg"\n',
      "inc/two.cfg": "  c;\n",
    });
    expect(r.text).toBe("a;\nb;\n  c;\nz;\n");
    expect(whereIs(r, "b;")).toBe("inc/one.cfg:1:1");
    expect(whereIs(r, "c;")).toBe("inc/two.cfg:1:3");
    expect(whereIs(r, "z;")).toBe("main.cfg:3:1");
    const at = r.text.indexOf("c;");
    const chain = r.map.segmentAt(at)!.includedFrom!.map(formatLocation);
    expect(chain).toEqual(["inc/one.cfg:2:3", "main.cfg:2:1"]);
    expect(r.map.notes(at).map((n) => n.message)).toEqual(["included from here", "included from here"]);
    expect(r.files.map((f) => f.path)).toEqual(["main.cfg", "inc/one.cfg", "inc/two.cfg"]);
  });

  it("maps every offset of a define's value to the use site, nested or not", () => {
    const r = run("#!define INNER 40 + 2\n#!define OUTER (INNER)\n$var(x) = OUTER; y;\n");
    expect(r.text).toBe("$var(x) = (40 + 2); y;\n");
    expect(whereIs(r, "40")).toBe("main.cfg:3:11");
    expect(whereIs(r, "2)")).toBe("main.cfg:3:11");
    expect(whereIs(r, "y;")).toBe("main.cfg:3:18");
    const at = r.text.indexOf("40");
    const loc = r.map.locate(at)!;
    expect(loc.end - loc.start).toBe("OUTER".length);
    const seg = r.map.segmentAt(at)!;
    expect(seg.kind).toBe("define");
    expect(seg.define).toBe("OUTER");
    expect(formatLocation(seg.definedAt!)).toBe("main.cfg:2:10");
    expect(r.map.notes(at)[0]!.message).toBe("in expansion of define OUTER");
  });

  it("marks environment defines so the code generator can read them at start-up", () => {
    const r = run("#!defenv PORT=KT_PORT\n#!defenvs HOST=KT_HOST\nlisten=udp:HOST:PORT\n", {}, {
      env: { KT_PORT: "5080", KT_HOST: "example.com" },
    });
    expect(r.text).toBe('listen=udp:"example.com":5080\n');
    const host = r.text.indexOf('"example.com"');
    expect(r.map.origin(host, host + '"example.com"'.length)).toEqual({ define: "HOST", env: "KT_HOST", quoted: true });
    const port = r.text.indexOf("5080");
    expect(r.map.origin(port, port + 4)).toEqual({ define: "PORT", env: "KT_PORT", quoted: false });
    expect(r.map.origin(0, 6)).toBeUndefined();
    expect(r.defines.get("HOST")).toMatchObject({ value: '"example.com"', env: "KT_HOST", directive: "defenvs" });
  });

  it("maps a string rewritten by #!subst to the original string", () => {
    const r = run('#!subst "/PORTX/5060/"\nx = "PORTX"; y;\n');
    expect(r.text).toBe('x = "5060"; y;\n');
    expect(whereIs(r, '"5060"')).toBe("main.cfg:2:5");
    expect(whereIs(r, "y;")).toBe("main.cfg:2:14");
  });

  it("keeps segments sorted, contiguous and covering the whole text", () => {
    const r = run('#!define A 1\na A b;\ninclude_file "i.cfg"\n#!ifdef A\nc;\n#!endif\n', { "i.cfg": "A\n" });
    const segs = r.map.segments;
    expect(segs[0]!.outStart).toBe(0);
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.outStart).toBe(segs[i - 1]!.outEnd);
    expect(segs[segs.length - 1]!.outEnd).toBe(r.text.length);
  });
});
