/**
 * Pseudo-variable syntax, shared by the compiler (which parses `$…` in cfg code and in format
 * strings) and the runtime (which parses the names given to `KSR.pv.get`). Offsets are relative to
 * the start of the text that was parsed.
 */

/** `$name`, `$name(inner)`, `$(name(inner)[index]{tr}…)`. */
export interface PvSpec {
  /** The whole spec as written, from `$` to its last character. */
  readonly text: string;
  /** Offsets of the `$` and just past the spec's last character, in the text that was parsed. */
  readonly start: number;
  readonly end: number;
  /** Class name: `ru`, `var`, `avp`, `hdr`, `sht`, `T`, `null`, `$` (for `$$`), … */
  readonly name: string;
  /** Raw text between the class name's parentheses (`x` in `$var(x)`, `t=>$si` in `$sht(t=>$si)`). */
  readonly inner?: string;
  readonly index?: PvIndex;
  readonly transforms: readonly Transform[];
}

export type PvIndex =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "all" }
  /** `[+]`: the iterator index some classes (`$xavp`, `$avp`) accept. */
  | { readonly kind: "iter" }
  | { readonly kind: "pv"; readonly pv: PvSpec };

/** `{class.op,arg,…}` */
export interface Transform {
  readonly text: string;
  /** Offsets of `{` and just past `}`, in the text that was parsed. */
  readonly start: number;
  readonly end: number;
  /** `s`, `uri`, `param`, `nameaddr`, `tobody`, `re`, `line`, … */
  readonly cls: string;
  /** `len`, `substr`, `user`, `value`, …, in lower case (Kamailio ignores the case of op names). */
  readonly op: string;
  readonly args: readonly TransformArg[];
}

export type TransformArg =
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "pv"; readonly pv: PvSpec };

/** A piece of a format string such as `"Hello $fU from $si\n"`. */
export type FormatPart =
  | { readonly kind: "text"; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: "pv"; readonly spec: PvSpec; readonly start: number; readonly end: number };

/** A syntax problem found while parsing a spec or a format, with its offset in the parsed text. */
export interface PvSyntaxError {
  readonly offset: number;
  readonly message: string;
}
