/**
 * The runtime module contract: one `defineModule(name, table)` per Kamailio module, in
 * `src/runtime/modules/<name>/index.ts`. The table is the module's whole surface, like Kamailio's
 * `module_exports`: typed modparams (`param_export_t`), KEMI functions keyed by their KEMI names
 * (`sr_kemi_t`), `init`/`destroy` (`mod_init`/`mod_destroy`) and an `api` other modules may bind.
 * Signatures come from the catalog's typings (`src/catalog/generated/ksr.d.ts`), so a wrong arity
 * or parameter type is a type error; a test checks every row against `kemi-api.json` too.
 * Guide: docs/runtime-modules.md.
 */

import type { Logger } from "./log.js";
import type { MsgContext } from "./context.js";
import type { RuntimeServices } from "./services.js";

/** The KEMI API as app_jsdt exposes it (the global declared by the catalog's generated typings). */
type KsrApi = typeof KSR;

/** KEMI module names: `""` is the core object `KSR` itself. */
export type KemiModuleName = "" | { [K in keyof KsrApi]: KsrApi[K] extends (...a: never[]) => unknown ? never : K }[keyof KsrApi];

type FunctionsOf<T> = { [K in keyof T as T[K] extends (...a: never[]) => unknown ? K : never]: T[K] };
/** The functions of one KEMI module, as `name → (args) => result`. */
export type KemiSignatures<K extends KemiModuleName> = K extends "" ? FunctionsOf<KsrApi> : K extends keyof KsrApi ? FunctionsOf<KsrApi[K]> : never;

/** A KEMI function's implementation: the module context, then the KEMI arguments. */
export type KemiImpl<F, P, S> = F extends (...args: infer A) => infer R ? (m: ModuleContext<P, S>, ...args: A) => R : never;

export type KemiFunctionTable<K extends KemiModuleName, P, S> = {
  readonly [N in keyof KemiSignatures<K>]?: KemiImpl<KemiSignatures<K>[N], P, S>;
};

/** A modparam: its type, default and value check. `repeat` params (PARAM_USE_FUNC) collect every setting. */
export interface ParamDef<T extends number | string = number | string> {
  readonly type: "int" | "str";
  readonly default: T;
  readonly repeat: boolean;
  /** An error message when the value is out of range, else undefined. */
  check?(value: T): string | undefined;
}

export type ParamTable = Readonly<Record<string, ParamDef>>;

/** The typed values of a module's params: `repeat` params are arrays of every setting, in cfg order. */
export type ParamValues<P extends ParamTable> = {
  readonly [K in keyof P]: P[K] extends ParamDef<infer T> ? (P[K]["repeat"] extends true ? readonly T[] : T) : never;
};

/** An int modparam (`INT_PARAM`), optionally bounded. */
export function intParam(def: number, range: { min?: number; max?: number } = {}): ParamDef<number> & { repeat: false } {
  const { min, max } = range;
  const check =
    min === undefined && max === undefined
      ? undefined
      : (v: number) => ((min !== undefined && v < min) || (max !== undefined && v > max) ? `must be in ${min ?? "…"}..${max ?? "…"}` : undefined);
  return { type: "int", default: def, repeat: false, ...(check ? { check } : {}) };
}

/** A string modparam (`PARAM_STRING`), optionally limited to some values. */
export function strParam(def: string, oneOf?: readonly string[]): ParamDef<string> & { repeat: false } {
  const check = oneOf === undefined ? undefined : (v: string) => (oneOf.includes(v) ? undefined : `must be one of ${oneOf.join(", ")}`);
  return { type: "str", default: def, repeat: false, ...(check ? { check } : {}) };
}

/** A string modparam that may be set several times (`PARAM_STRING|PARAM_USE_FUNC`): every value is kept. */
export function strListParam(): ParamDef<string> & { repeat: true } {
  return { type: "str", default: "", repeat: true };
}

/**
 * What a module's functions, `init` and `destroy` receive: one object per loaded module and runtime,
 * made at start-up (never per message). `msg` is the message being routed right now.
 */
export interface ModuleContext<P, S> {
  /** The Kamailio module name (`sl`). */
  readonly name: string;
  readonly params: P;
  /** What `init` returned (module state, kept across reloads of the routing module). */
  readonly state: S;
  /** The current message; throws `KemitsError` (`KEMITS_ERR_NO_MESSAGE`) outside a route run. */
  readonly msg: MsgContext;
  readonly log: Logger;
  readonly runtime: RuntimeServices;
  /** The `api` of another loaded module (Kamailio's `load_<mod>_api`); throws at start-up when it is not loaded. */
  api<A>(module: string): A;
  /** Whether another module is loaded, for optional bindings (sl answers through tm when tm is there). */
  hasApi(module: string): boolean;
}

/** Start-up context for `init`: state does not exist yet. */
export type InitContext<P> = Omit<ModuleContext<P, never>, "state" | "msg">;

export interface ModuleTable<K extends KemiModuleName, P extends ParamTable, S, A> {
  /** The KEMI module the functions belong to, when it differs from the Kamailio name (`kex` → `kx`). */
  readonly kemi?: K;
  /** Loaded whatever `loadmodule` says (core parts of `KSR`: `KSR.*`, `KSR.hdr`, `KSR.pv`, `KSR.x`). */
  readonly core?: boolean;
  readonly params?: P;
  readonly functions: KemiFunctionTable<K, ParamValues<P>, S>;
  /** Runs once at start-up after params are set; its result is `state`. Throw to refuse start-up. */
  readonly init?: (m: InitContext<ParamValues<P>>) => S;
  readonly destroy?: (m: ModuleContext<ParamValues<P>, S>) => void;
  /** Functions other modules may call through `m.api(name)`; they receive this module's context. */
  readonly api?: (m: ModuleContext<ParamValues<P>, S>) => A;
  /**
   * The PV classes (names without `$`) this module reads and assigns for `KSR.pv` and formats. A
   * class Kamailio registers in another module (`T_reply_code`: tmx) also needs that module loaded.
   */
  readonly pvClasses?: PvClasses;
}

export interface PvClasses {
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** A module definition as the runtime loads it (types erased). */
export interface ModuleDefinition {
  readonly name: string;
  readonly kemi: string;
  readonly core: boolean;
  readonly params: ParamTable;
  // biome-ignore lint/suspicious/noExplicitAny: erased signatures; the typed table is checked in defineModule.
  readonly functions: Readonly<Record<string, (m: ModuleContext<any, any>, ...args: any[]) => unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: erased.
  readonly init?: (m: InitContext<any>) => unknown;
  // biome-ignore lint/suspicious/noExplicitAny: erased.
  readonly destroy?: (m: ModuleContext<any, any>) => void;
  // biome-ignore lint/suspicious/noExplicitAny: erased.
  readonly api?: (m: ModuleContext<any, any>) => unknown;
  readonly pvClasses?: PvClasses;
}

/**
 * Declares a runtime module. `name` is the Kamailio module name as in `loadmodule`; KEMI function
 * names, parameter types and results are checked against the catalog typings at compile time.
 */
export function defineModule<
  const N extends string,
  P extends ParamTable = Record<never, never>,
  S = undefined,
  A = undefined,
  K extends KemiModuleName = N extends KemiModuleName ? N : never,
>(name: N, table: ModuleTable<K, P, S, A>): ModuleDefinition {
  return Object.freeze({
    name,
    kemi: table.kemi ?? name,
    core: table.core ?? false,
    params: table.params ?? {},
    functions: table.functions as ModuleDefinition["functions"],
    ...(table.init ? { init: table.init } : {}),
    ...(table.destroy ? { destroy: table.destroy } : {}),
    ...(table.api ? { api: table.api } : {}),
    ...(table.pvClasses ? { pvClasses: table.pvClasses } : {}),
  } as ModuleDefinition);
}
