import { analyze } from "../analyze/index.js";
import type { Program } from "../ast/index.js";
import type { Diagnostic } from "../diag/index.js";
import { emitModule } from "./ts/module.js";

export interface CompileResult {
  /** The formatted TypeScript module; undefined when there were errors. */
  readonly code: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Analyse a parsed program and emit its KEMI TypeScript module, formatted by prettier. */
export async function compileProgram(program: Program): Promise<CompileResult> {
  const { analysis, diagnostics } = analyze(program);
  const raw = emitModule(program, analysis, diagnostics);
  if (diagnostics.hasErrors) return { code: undefined, diagnostics: diagnostics.items };
  const { formatTypeScript } = await import("./ts/prettier.js");
  return { code: await formatTypeScript(raw), diagnostics: diagnostics.items };
}
