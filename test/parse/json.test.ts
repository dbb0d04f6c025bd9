import { describe, expect, it } from "vitest";
import { programToJson } from "../../src/ast/index.js";
import { parse } from "../../src/parse/index.js";
import { preprocessText } from "../../src/preprocess/index.js";

const CFG = `#!define PORT 5070
#!defenvs HOMEDIR=HOME
loadmodule "pv.so"
listen=udp:127.0.0.1:PORT
request_route {
	# say hello
	$var(a) = "from $si";
	$var(b) = "plain";
	$var(c) = HOMEDIR;
}
`;

/** Loose typing for walking the JSON: every field is another tree (checked with expect at the leaves). */
type Tree = { readonly [key: string]: Tree };

function jsonOf(text: string) {
  const pre = preprocessText("/cfg/k.cfg", text, { env: { HOME: "/root" }, defines: [{ name: "WITH_X" }] });
  const { program, diagnostics } = parse(pre);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return programToJson(program) as unknown as { body: Tree[]; defines: Record<string, unknown>[] };
}

describe("programToJson", () => {
  it("locates nodes in the user's file, define expansions at their use site", () => {
    const json = jsonOf(CFG);
    const listen = json.body.find((n) => String(n.type) === "ListenParam")!;
    expect(listen.loc).toEqual({ file: "/cfg/k.cfg", start: { line: 4, column: 1 }, end: { line: 4, column: 26 } });
    const port = listen.sockets![0]!.port!;
    expect(port).toMatchObject({ type: "NumberLiteral", value: 5070, origin: { define: "PORT" } });
    expect(port.loc).toEqual({ file: "/cfg/k.cfg", start: { line: 4, column: 22 }, end: { line: 4, column: 26 } });
    expect(port.span).toBeUndefined();
  });

  it("keeps comments, format-string parts and the define table, and nothing that is not JSON", () => {
    const json = jsonOf(CFG);
    const route = json.body.find((n) => String(n.type) === "RouteBlock")!;
    const [a, b, c] = [0, 1, 2].map((i) => route.body!.body![i]!);
    expect(a!.leadingComments).toEqual([{ kind: "line", text: "# say hello", loc: { file: "/cfg/k.cfg", start: { line: 6, column: 2 }, end: { line: 6, column: 13 } } }]);
    expect(a!.value!.parts).toMatchObject([{ kind: "text" }, { kind: "pv" }]);
    expect(b!.value!.parts).toBeUndefined();
    expect(c!.value).toMatchObject({ type: "StringLiteral", value: "/root", origin: { define: "HOMEDIR", env: "HOME" } });
    expect(json.defines).toContainEqual({ name: "PORT", value: "5070", source: "cfg" });
    expect(json.defines).toContainEqual({ name: "WITH_X", value: null, source: "cli" });
    expect(json.defines).toContainEqual(expect.objectContaining({ name: "HOMEDIR", source: "cfg", env: "HOME" }));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(JSON.stringify(json)).not.toContain('"map"');
  });
});
