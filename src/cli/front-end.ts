import { type Diagnostic, renderText, sortDiagnostics } from "../diag/index.js";
import type { Program } from "../ast/index.js";
import { parse } from "../parse/index.js";
import { preprocess } from "../preprocess/index.js";
import type { CfgArgs } from "./args.js";

/** Preprocess and parse a cfg file, as `kamailio -c` does before loading modules. */
export function readConfig(cfg: CfgArgs): { program: Program | undefined; diagnostics: Diagnostic[] } {
  const pre = preprocess(cfg.file, { defines: cfg.defines });
  if (pre.files.length === 0) return { program: undefined, diagnostics: [...pre.diagnostics] };
  const { program, diagnostics } = parse(pre);
  return { program, diagnostics: sortDiagnostics([...pre.diagnostics, ...diagnostics]) };
}

/** Writes diagnostics to stderr; returns the number of errors. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) {
    process.stderr.write(`${renderText(d)}\n`);
    if (d.severity === "error") errors++;
  }
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? "" : "s"}\n`);
  return errors;
}
