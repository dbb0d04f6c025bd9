// The catalog's shapes: KEMI rows (what `KSR.*` offers), native rows (what a kamailio.cfg may call, from the
// modules' `cmd_export_t`/`param_export_t`), argument kinds, and the native → KEMI mapping built from both.

/** KEMI parameter types in 5.6 (`sr_kemi_t.ptypes`). */
export type KemiParamType = "int" | "str";
/** A row's parameter list entry: `...str` (only `KSR.x.modf`) means any number of further strings. */
export type KemiParamEntry = KemiParamType | "...str";
/** KEMI return types (`sr_kemi_t.rtype`): `xval` is a string, a number or null. */
export type KemiReturnType = "int" | "bool" | "xval" | "none";

/**
 * Where a KEMI row was seen: `runtime` = this repo's own dump of a running 5.6.3; `reference-runtime` = the
 * colleague's dump (kemi-api-5.6.json) of modules ours did not load; `source-only` = read from 5.6.3 sources
 * only (module not packaged or not startable); `app_jsdt-builtin` = `KSR.x.*`, not listed by `api_list`.
 */
export type KemiOrigin = "runtime" | "reference-runtime" | "source-only" | "app_jsdt-builtin";

/** One `KSR` function, as in src/catalog/generated/kemi-api.json. */
export interface KemiRow {
  /** KEMI module name as `api_list` reports it; `""` is the core object `KSR` itself. */
  readonly module: string;
  readonly name: string;
  readonly ret: KemiReturnType;
  readonly params: readonly KemiParamEntry[];
  /** Access path in app_jsdt: `KSR.<module>.<name>` (or `KSR.<name>` for core), except a few shadowed rows. */
  readonly ksr: string;
  /** The `.so` exporting it, or `core`. */
  readonly so: string;
  readonly origin: KemiOrigin;
  /** Indexes of `str` params the KEMI function itself expands as PV formats (`xlog.*`, `pvx.evalx`, …). */
  readonly pv_format_params?: readonly number[];
  readonly notes?: readonly string[];
  /** Native functions known to map here (informative; the overlay is what `mapNativeCall` uses). */
  readonly native?: readonly string[];
}

/**
 * Route kinds a native function may be called from (`cmd_export_t.flags`, src/core/route.h). `reply` is the
 * core `reply_route {}` (CORE_ONREPLY_ROUTE); `onreply` is tm's `onreply_route[X]` (TM_ONREPLY_ROUTE);
 * `event` is `event_route[…]` (ONEVENT_ROUTE; Kamailio also lets REQUEST_ROUTE functions run there).
 */
export type RouteKind =
  | "request"
  | "failure"
  | "onreply"
  | "branch"
  | "onsend"
  | "error"
  | "local"
  | "reply"
  | "branch_failure"
  | "event";

/** One `cmd_export_t` row of a module (a name may have several rows, one per arity). */
export interface NativeFunction {
  readonly name: string;
  /** Parameter count, or `var` for VAR_PARAM_NO. */
  readonly arity: number | "var";
  /** The fixup function name (`fixup_spve_null`, …), null when the parameters stay raw strings. */
  readonly fixup: string | null;
  /** The free_fixup function name; `KSR.x.modf` accepts a function only without fixup or with one of these. */
  readonly freeFixup: string | null;
  /** Empty for API-only exports (`bind_*`), which a cfg cannot call. */
  readonly routes: readonly RouteKind[];
  /** The C function behind the row: rows sharing it are aliases. */
  readonly c: string | null;
  /** The `#if…` guard the row sits under in the C source, when any. */
  readonly guard?: string;
}

/** Value types a modparam accepts: Kamailio refuses `modparam(m, p, 1)` for a string-only param and vice versa. */
export type ModParamValue = "int" | "str" | "var";

export interface ModParam {
  readonly name: string;
  /** Declared more than once with different types (jsonrpcs `fifo_group`) ⇒ several entries. */
  readonly accepts: readonly ModParamValue[];
  /** PARAM_USE_FUNC: the module parses the value with a function (it may be given more than once). */
  readonly useFunc: boolean;
}

export interface NativeModule {
  readonly module: string;
  readonly functions: readonly NativeFunction[];
  readonly params: readonly ModParam[];
}

/**
 * How a native argument is interpreted, derived from the function's fixup.
 * - `format`: PV format string; the module expands `$…` at run time (`fixup_spve_*`, it_list, add_header).
 * - `strOrPv`: either one whole PV read at run time or a literal string (`fixup_var_str_*`): `"a$rU"` stays literal.
 * - `literal`: a plain string taken as written, parsed or looked up once at startup.
 * - `int`: an integer literal only (`fixup_int_*`, registrar flags); a numeric string becomes a number.
 * - `intOrPv`: an integer literal or a PV read as an integer at run time (`fixup_igp_*`, `fixup_var_int_*`).
 * - `regex`: a POSIX extended regular expression compiled at startup.
 * - `subst`: a sed-like `/re/replacement/flags` expression.
 * - `routeName`: the name of a route block of the kind in `ArgSpec.route`.
 * - `pvar`: the name of a (writable) PV, e.g. `$var(x)`: never expanded.
 * - `method`: a `|`-separated list of SIP method names.
 * - `header`: a header name.
 * - `flags`: a string of option letters.
 */
export type ArgKind =
  | "format"
  | "strOrPv"
  | "literal"
  | "int"
  | "intOrPv"
  | "regex"
  | "subst"
  | "routeName"
  | "pvar"
  | "method"
  | "header"
  | "flags";

export interface ArgSpec {
  readonly kind: ArgKind;
  /** For `routeName`: which kind of route block the name refers to. */
  readonly route?: "route" | "failure" | "branch" | "onreply" | "branch_failure";
}

/**
 * Where one KEMI argument comes from: a native argument (by index); a constant the compiler supplies; a
 * string built at compile time from literal native arguments (`{0}` = argument 0); or the value of a modparam
 * of the native module (its C default when the cfg does not set it).
 */
export type KemiArgSource =
  | { readonly from: number }
  | { readonly value: number | string; readonly why: string }
  | { readonly template: string }
  | { readonly modparam: string; readonly default: number | string };

/** A native function's KEMI counterpart. `module` is the KEMI module (`""` = core `KSR`). */
export interface KemiTarget {
  readonly module: string;
  readonly name: string;
  /** One source per KEMI parameter, in KEMI order. */
  readonly args: readonly KemiArgSource[];
  readonly result?: KemiResult;
}

/**
 * How the KEMI result relates to the native one, when not as-is. `negate`: the native truth is the
 * opposite of the KEMI result (`pv_isset` vs `pv.is_null`). `failureEnds`: while the module's
 * `modparam` (default `default`) is non-zero, the native function returns 0, ending the script,
 * where the KEMI one returns a negative code (sanity's `autodrop`).
 */
export type KemiResult = "negate" | { readonly failureEnds: { readonly modparam: string; readonly default: number } };

/** One hand-written overlay row: a native `name/arity` of a module, its argument kinds and its KEMI target. */
export interface OverlayRow {
  readonly name: string;
  readonly arity: number;
  /** Overrides the kinds derived from the fixup (needed when the fixup is unknown or module-specific). */
  readonly args?: readonly ArgSpec[];
  /** `null`: no KEMI export does this. */
  readonly kemi: KemiTarget | null;
  readonly note?: string;
}

/** What the compiler does with one argument on its way to the KEMI call. */
export type ArgAction =
  /** Emit a JS number: fold a numeric literal at compile time, read a PV as an int at run time. */
  | "number"
  /** Emit the text as a JS string literal. */
  | "string"
  /** A PV format the KEMI side does NOT expand: the caller must evaluate it (concatenation or `pvx.evalx`). */
  | "evaluate"
  /** A PV format the KEMI side expands itself (`xlog.*`): pass the format text verbatim. */
  | "verbatim"
  /** A single PV or a literal: read the PV at run time, else pass the literal. */
  | "valueOrLiteral"
  /** A route label: pass the name of the function the route block compiles to. */
  | "routeFunction"
  /** A constant supplied by the mapping (`save("location")` ⇒ flags 0). */
  | "constant"
  /** A string built at compile time from literal native arguments (`ArgConversion.template`). */
  | "template"
  /** The value of a modparam of the native module (`ArgConversion.modparam`, else its default). */
  | "modparam";

export interface ArgConversion {
  readonly kemiIndex: number;
  readonly kemiType: KemiParamType;
  /** Index of the native argument it comes from; absent for constants. */
  readonly nativeIndex?: number;
  readonly kind?: ArgKind;
  readonly action: ArgAction;
  /** For `constant`, and the default for `modparam`. */
  readonly value?: number | string;
  readonly template?: string;
  readonly modparam?: string;
  readonly route?: ArgSpec["route"];
}

/** How the mapping was found. */
export type MappingSource = "overlay" | "same-name" | "alias";

export type NativeCallMapping =
  | {
      readonly status: "kemi";
      readonly module: string;
      readonly native: NativeFunction;
      readonly target: KemiRow;
      readonly args: readonly ArgConversion[];
      readonly result?: KemiResult;
      readonly source: MappingSource;
      readonly note?: string;
    }
  | {
      /** No KEMI export; `modf` says whether `KSR.x.modf(name, ...strings)` can run it instead. */
      readonly status: "none";
      readonly module: string;
      readonly native: NativeFunction;
      readonly modf: boolean;
      readonly note?: string;
    }
  | {
      /** Known native function, but neither the overlay nor a rule maps it yet. */
      readonly status: "unmapped";
      readonly module: string;
      readonly native: NativeFunction;
      readonly modf: boolean;
    }
  | { readonly status: "unknown" };
