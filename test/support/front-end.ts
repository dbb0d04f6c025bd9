import { resolve } from "node:path";
import { parseDefine } from "../../src/cli/args.js";
import { formatLocation } from "../../src/diag/index.js";
import { parseFile } from "../../src/parse/file.js";

/** Errors of preprocess + parse for a file, as `file:line` pairs plus the rendered message. */
export function readConfigAt(file: string, defines: readonly string[] = [], cwd?: string) {
  const { program, diagnostics } = parseFile(file, { defines: defines.map(parseDefine), cwd });
  const errors = diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => {
      const where = d.loc ? formatLocation(d.loc) : "?:0:0";
      const [path, line] = where.split(":");
      return { file: resolve(cwd ?? ".", path ?? ""), line: Number(line), message: `${where}: ${d.message}` };
    });
  return { program, errors };
}
