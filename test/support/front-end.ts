import { resolve } from "node:path";
import { formatLocation } from "../../src/diag/index.js";
import { parse } from "../../src/parse/index.js";
import { preprocess } from "../../src/preprocess/index.js";

/** Errors of preprocess + parse for a file, as `file:line` pairs plus the rendered message. */
export function readConfigAt(file: string, defines: readonly string[] = [], cwd?: string) {
  const pre = preprocess(file, {
    defines: defines.map((d) => {
      const eq = d.indexOf("=");
      return eq < 0 ? { name: d } : { name: d.slice(0, eq), value: d.slice(eq + 1) };
    }),
    cwd,
  });
  const { program, diagnostics } = parse(pre);
  const errors = [...pre.diagnostics, ...diagnostics]
    .filter((d) => d.severity === "error")
    .map((d) => {
      const where = d.loc ? formatLocation(d.loc) : "?:0:0";
      const [path, line] = where.split(":");
      return { file: resolve(cwd ?? ".", path ?? ""), line: Number(line), message: `${where}: ${d.message}` };
    });
  return { program, errors };
}
