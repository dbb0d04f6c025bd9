import { readFileSync } from "node:fs";
import { type Diagnostic, renderText, sortDiagnostics } from "../diag/index.js";
import type { CfgArgs } from "./args.js";
import { parse } from "../parse/index.js";
import { preprocess } from "../preprocess/index.js";
import type { Program } from "../ast/index.js";

/** Preprocess and parse a cfg file, as `kamailio -c` does before loading modules. */
export function readConfig(cfg: CfgArgs): { program: Program | undefined; diagnostics: Diagnostic[] } {
  if (!fileExists(cfg.file)) {
    return { program: undefined, diagnostics: [missingFile(cfg.file)] };
  }
  const pre = preprocess(cfg.file, { defines: cfg.defines });
  const { program, diagnostics } = parse(pre);
  return { program, diagnostics: sortDiagnostics([...pre.diagnostics, ...diagnostics]) };
}

function fileExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

function missingFile(path: string): Diagnostic {
  return { code: "FileNotFound", severity: "error", message: `cannot read ${path}`, notes: [] };
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
