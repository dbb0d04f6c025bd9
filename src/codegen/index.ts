import { analyze } from "../analyze/index.js";
import type { Program } from "../ast/index.js";
import type { Diagnostic } from "../diag/index.js";
import { parseFile } from "../parse/file.js";
import { emitModule } from "./ts/module.js";

/**
 * Front-end and compiler diagnostics together. The parser warns about `route(X)` to a missing
 * route (it passes `kamailio -c`); the compiler makes it an error (Kamailio will not start), so
 * the warning is dropped where the error stands at the same place.
 */
export function mergeDiagnostics(front: readonly Diagnostic[], compile: readonly Diagnostic[]): Diagnostic[] {
  const errors = new Set(compile.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.loc?.file.path}:${d.loc?.start}`));
  const kept = front.filter((d) => d.severity === "error" || !errors.has(`${d.code}@${d.loc?.file.path}:${d.loc?.start}`));
  return [...kept, ...compile];
}

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

/**
 * A cfg file to its KEMI module in one step (preprocess, parse, analyse, emit, format), as
 * `kemits run FILE.cfg` needs it. `code` is undefined when there are errors.
 */
export async function compileCfgToModule(
  path: string,
  defines: readonly { name: string; value?: string }[] = [],
): Promise<CompileResult> {
  const { program, diagnostics: front } = parseFile(path, { defines });
  if (!program || front.some((d) => d.severity === "error")) return { code: undefined, diagnostics: front };
  const result = await compileProgram(program);
  return { code: result.code, diagnostics: mergeDiagnostics(front, result.diagnostics) };
}
