import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { DiagnosticSink, SourceFile } from "../diag/index.js";
import { PREPROCESS_CODES } from "./codes.js";
import { Preprocessor } from "./preprocessor.js";
import { SourceMap } from "./source-map.js";
import type { PreprocessOptions, PreprocessResult } from "./types.js";

export { PREPROCESS_CODES, type PreprocessCode } from "./codes.js";
export { BUILTIN_DEFINES } from "./defines.js";
export { type DefineOrigin, type Segment, SourceMap } from "./source-map.js";
export type { DefineEntry, PreprocessOptions, PreprocessResult, SubstRule } from "./types.js";

/** Preprocesses the configuration file at `entryPath` (relative paths against `options.cwd`). */
export function preprocess(entryPath: string, options: PreprocessOptions = {}): PreprocessResult {
  const readFile = options.readFile ?? readFromDisk;
  const cwd = options.cwd ?? process.cwd();
  const text = readFile(isAbsolute(entryPath) ? entryPath : resolve(cwd, entryPath));
  if (text === undefined) {
    const sink = new DiagnosticSink(PREPROCESS_CODES);
    sink.report("EntryNotFound", undefined, `cannot read configuration file ${entryPath}`);
    return {
      text: "",
      map: new SourceMap([]),
      defines: new Map(),
      substs: [],
      files: [],
      mode: "maxcompat",
      diagnostics: sink.items,
    };
  }
  return preprocessText(entryPath, text, options);
}

/** Preprocesses `text` as if it were the file `path`; includes are still read through the options. */
export function preprocessText(path: string, text: string, options: PreprocessOptions = {}): PreprocessResult {
  return new Preprocessor(options, options.readFile ?? readFromDisk).run(new SourceFile(path, text));
}

function readFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
