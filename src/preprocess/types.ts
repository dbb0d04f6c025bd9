import type { Diagnostic, SourceFile } from "../diag/index.js";
import type { SourceMap } from "./source-map.js";

/** A define as the preprocessor's table holds it at the end of the run. */
export interface DefineEntry {
  readonly name: string;
  /** The raw value text (`undefined` for a define with no value). `#!defenvs` values include their quotes. */
  readonly value: string | undefined;
  /** How it was made: in the cfg, on the command line (-D/-A), by Kamailio itself, or by `loadmodule`. */
  readonly source: "cfg" | "cli" | "builtin" | "loadmodule";
  /** The directive that made it, for `cfg` defines: define, trydef, redefine, substdef, substdefs, defenv, … */
  readonly directive?: string;
  /** For the defenv family: the environment variable read. */
  readonly env?: string;
}

/** A `#!subst`/`#!substdef`/`#!substdefs` rule, in effect from where it appears to the end. */
export interface SubstRule {
  readonly directive: "subst" | "substdef" | "substdefs";
  readonly source: string;
  readonly regex: RegExp;
  readonly replacement: string;
  readonly global: boolean;
}

export interface PreprocessOptions {
  /** Command-line defines, in order: `-D NAME` (value undefined) or `-D NAME=VALUE`. */
  readonly defines?: readonly { name: string; value?: string }[];
  /** Environment for the defenv family. Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory includes are first resolved against (as Kamailio does). Defaults to process.cwd(). */
  readonly cwd?: string;
  /** Reads a file; returns undefined when it does not exist. Defaults to the file system. */
  readonly readFile?: (path: string) => string | undefined;
  /**
   * Mimic `kamailio --cfg-print`: resolve ifdefs and includes, but expand no define and keep the
   * define, defenv, subst and marker lines. For comparing with Kamailio; not for parsing.
   */
  readonly cfgPrint?: boolean;
}

export interface PreprocessResult {
  /** The configuration as the parser sees it: active text, includes inlined, defines expanded, comments kept. */
  readonly text: string;
  readonly map: SourceMap;
  /** The define table at the end of the file. */
  readonly defines: ReadonlyMap<string, DefineEntry>;
  readonly substs: readonly SubstRule[];
  /** Every file read, the entry file first. */
  readonly files: readonly SourceFile[];
  /** Compatibility mode chosen by `#!KAMAILIO` / `#!OPENSER` / `#!SER` / `#!MAXCOMPAT` / `#!ALL` (default maxcompat). */
  readonly mode: "maxcompat" | "kamailio" | "ser";
  readonly diagnostics: readonly Diagnostic[];
}
