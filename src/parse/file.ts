import { type Diagnostic, sortDiagnostics } from "../diag/index.js";
import type { Program } from "../ast/index.js";
import { preprocess } from "../preprocess/index.js";
import type { PreprocessOptions, PreprocessResult } from "../preprocess/types.js";
import { parse } from "./index.js";

export interface ParsedFile {
  readonly pre: PreprocessResult;
  /** Undefined when the file itself could not be read. */
  readonly program: Program | undefined;
  /** Preprocessor and parser diagnostics, in source order. */
  readonly diagnostics: Diagnostic[];
}

/** Preprocess and parse a cfg file: what `kamailio -c` does before it loads modules. */
export function parseFile(path: string, options: PreprocessOptions = {}): ParsedFile {
  const pre = preprocess(path, options);
  if (pre.files.length === 0) return { pre, program: undefined, diagnostics: [...pre.diagnostics] };
  const { program, diagnostics } = parse(pre);
  return { pre, program, diagnostics: sortDiagnostics([...pre.diagnostics, ...diagnostics]) };
}
