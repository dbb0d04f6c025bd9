import { writeFileSync } from "node:fs";
import { compileProgram, mergeDiagnostics } from "../../codegen/index.js";
import { parseCommandArgs } from "../args.js";
import { readConfig, reportDiagnostics } from "../front-end.js";

/** `kemits compile FILE [-D ...] [-o OUT.ts]`: the KEMI TypeScript module, or diagnostics and exit 1. */
export async function compileCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, { output: { type: "string", short: "o" } });
  const { program, diagnostics } = readConfig(cfg);
  if (!program || diagnostics.some((d) => d.severity === "error")) {
    reportDiagnostics(diagnostics);
    return 1;
  }
  const result = await compileProgram(program);
  const all = mergeDiagnostics(diagnostics, result.diagnostics);
  if (reportDiagnostics(all) > 0 || result.code === undefined) return 1;
  if (typeof values.output === "string") writeFileSync(values.output, result.code);
  else process.stdout.write(result.code);
  return 0;
}
