import { printProgram } from "../../codegen/cfg/print.js";
import { parseCommandArgs } from "../args.js";
import { readConfig, reportDiagnostics } from "../front-end.js";

/** `kemits fmt FILE [-D ...]`: the cfg in canonical layout on stdout. */
export async function fmtCommand(argv: string[]): Promise<number> {
  const { cfg } = parseCommandArgs(argv, {});
  const { program, diagnostics } = readConfig(cfg);
  if (reportDiagnostics(diagnostics) > 0 || !program) return 1;
  process.stdout.write(printProgram(program));
  return 0;
}
