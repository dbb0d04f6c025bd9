import { type Diagnostic, renderText } from "../diag/index.js";
import { type ParsedFile, parseFile } from "../parse/file.js";
import type { CfgArgs } from "./args.js";

/** Preprocess and parse the cfg a command names, with its -D defines. */
export function readConfig(cfg: CfgArgs): ParsedFile {
  return parseFile(cfg.file, { defines: cfg.defines });
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
