import { programToJson } from "../../ast/index.js";
import { parseCommandArgs } from "../args.js";
import { readConfig, reportDiagnostics } from "../front-end.js";

/** `kemits parse FILE [-D ...] [--ast]`: exit 0 (warnings only) or 1 with diagnostics on stderr. */
export async function parseCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, { ast: { type: "boolean" } });
  const { program, diagnostics } = readConfig(cfg);
  const errors = reportDiagnostics(diagnostics);
  if (errors > 0 || !program) return 1;
  if (values.ast) process.stdout.write(`${JSON.stringify(programToJson(program), null, 2)}\n`);
  return 0;
}
