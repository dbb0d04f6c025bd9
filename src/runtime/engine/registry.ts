/**
 * Start-up: choose the modules `config.modules` names (plus the core ones), set and check their
 * modparams, run their `init`, and build the `KSR` object from their functions. Every problem of
 * one kind is collected and reported at once, before anything listens.
 */

import { kemiFunction, moduleParams } from "../../catalog/index.js";
import type { KemiParamEntry } from "../../catalog/index.js";
import type { KemitsConfig, ModparamSetting } from "../../semantics/config.js";
import type { MsgContext } from "./context.js";
import { KemitsError } from "./errors.js";
import type { Logger } from "./log.js";
import type { InitContext, ModuleContext, ModuleDefinition, ParamDef } from "./module.js";
import { missingPvs, startupPvUses } from "./pv-check.js";
import type { RuntimeServices } from "./services.js";

/** Where instances read the current message from (the engine). */
export interface MessageSource {
  readonly current: MsgContext | null;
}

/** One loaded module: the object its functions receive as `m`. */
export class ModuleInstance implements ModuleContext<Record<string, unknown>, unknown> {
  readonly name: string;
  readonly def: ModuleDefinition;
  readonly params: Record<string, unknown>;
  state: unknown;
  readonly log: Logger;
  readonly runtime: RuntimeServices;
  private readonly source: MessageSource;
  private readonly apis: Map<string, unknown>;

  constructor(def: ModuleDefinition, params: Record<string, unknown>, log: Logger, runtime: RuntimeServices, source: MessageSource, apis: Map<string, unknown>) {
    this.name = def.name;
    this.def = def;
    this.params = params;
    this.state = undefined;
    this.log = log;
    this.runtime = runtime;
    this.source = source;
    this.apis = apis;
  }

  get msg(): MsgContext {
    const ctx = this.source.current;
    if (ctx === null) throw new KemitsError("KEMITS_ERR_NO_MESSAGE", `KSR function of module ${this.name} called outside a route run`);
    return ctx;
  }

  hasApi(module: string): boolean {
    return this.apis.has(module);
  }

  api<A>(module: string): A {
    if (!this.apis.has(module)) throw new KemitsError("KEMITS_ERR_MODULE_INIT", `module ${this.name} needs module ${module}, which is not loaded`);
    return this.apis.get(module) as A;
  }
}

export interface LoadedModules {
  /** The object installed as `globalThis.KSR`. */
  readonly ksr: Record<string, unknown>;
  /** Loaded modules in init order (core first, then `loadmodule` order). */
  readonly instances: readonly ModuleInstance[];
  /** `loadmodule` names kemits has no implementation of (their functions are missing from KSR). */
  readonly unimplemented: readonly string[];
}

/** Loads modules for `config`; throws KemitsError listing every problem of the first failing step. */
export function loadModules(
  available: readonly ModuleDefinition[],
  config: KemitsConfig,
  log: Logger,
  runtime: RuntimeServices,
  source: MessageSource,
): LoadedModules {
  const byName = new Map(available.map((d) => [d.name, d]));
  const selected: ModuleDefinition[] = available.filter((d) => d.core);
  const unimplemented: string[] = [];
  for (const name of config.modules) {
    const def = byName.get(name);
    if (def === undefined) unimplemented.push(name);
    else if (!selected.includes(def)) selected.push(def);
  }

  const params = setModparams(selected, config.modules, config.modparams, log);
  const apis = new Map<string, unknown>();
  const instances = selected.map((d) => new ModuleInstance(d, params.get(d.name)!, log, runtime, source, apis));
  for (const inst of instances) {
    try {
      if (inst.def.init) inst.state = inst.def.init(inst as InitContext<Record<string, unknown>>);
      if (inst.def.api) apis.set(inst.name, inst.def.api(inst));
    } catch (e) {
      if (e instanceof KemitsError) throw e;
      throw new KemitsError("KEMITS_ERR_MODULE_INIT", `module ${inst.name} failed to initialise: ${(e as Error).message}`);
    }
  }
  const ksr = buildKsr(instances);
  checkUses(ksr, config.uses, unimplemented);
  checkPvs(selected, startupPvUses(config));
  return { ksr, instances, unimplemented };
}

/** Runs every module's `destroy`, last loaded first; errors are logged, not thrown. */
export function destroyModules(loaded: LoadedModules, log: Logger): void {
  for (let i = loaded.instances.length - 1; i >= 0; i--) {
    const inst = loaded.instances[i]!;
    try {
      inst.def.destroy?.(inst);
    } catch (e) {
      log.error(`module ${inst.name} failed in destroy: ${(e as Error).message}`);
    }
  }
}

/**
 * Kamailio's `set_mod_param_regex`: the module argument is a regex matched against whole module
 * names; every matching module must declare the param with the value's type.
 */
function setModparams(
  selected: readonly ModuleDefinition[],
  loadedNames: readonly string[],
  settings: readonly ModparamSetting[],
  log: Logger,
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const d of selected) {
    const values: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(d.params)) values[name] = p.repeat ? [] : p.default;
    out.set(d.name, values);
  }
  const problems: string[] = [];
  for (const s of settings) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${s.module})$`);
    } catch {
      problems.push(`modparam("${s.module}", "${s.name}", …): bad module name pattern`);
      continue;
    }
    const matched = loadedNames.filter((n) => re.test(n));
    if (matched.length === 0) {
      problems.push(`modparam("${s.module}", "${s.name}", …): no loaded module matches "${s.module}"`);
      continue;
    }
    for (const module of matched) {
      const def = selected.find((d) => d.name === module);
      if (def === undefined) {
        // Not implemented by kemits: still refuse what Kamailio would refuse.
        const known = moduleParams(module);
        if (known.length > 0 && !known.some((p) => p.name === s.name)) {
          problems.push(`modparam("${module}", "${s.name}", …): module ${module} has no parameter "${s.name}"`);
        } else {
          log.warn(`modparam("${module}", "${s.name}", …) ignored: module ${module} is not implemented by kemits`);
        }
        continue;
      }
      const p = def.params[s.name];
      if (p === undefined) {
        problems.push(`modparam("${module}", "${s.name}", …): module ${module} has no parameter "${s.name}"`);
        continue;
      }
      const problem = checkParam(p, s.value);
      if (problem !== undefined) {
        problems.push(`modparam("${module}", "${s.name}", ${JSON.stringify(s.value)}): ${problem}`);
        continue;
      }
      const values = out.get(module)!;
      if (p.repeat) (values[s.name] as unknown[]).push(s.value);
      else values[s.name] = s.value;
    }
  }
  if (problems.length > 0) throw new KemitsError("KEMITS_ERR_MODPARAM", "bad module parameters", problems);
  return out;
}

function checkParam(p: ParamDef, value: number | string): string | undefined {
  const type = typeof value === "number" ? "int" : "str";
  if (type !== p.type) return `parameter of type ${type === "int" ? "int" : "string"} not found (it takes ${p.type === "int" ? "an int" : "a string"})`;
  return (p.check as ((v: number | string) => string | undefined) | undefined)?.(value);
}

/** `config.uses` entries (`sl.sl_send_reply`, `.is_INVITE`) that `ksr` does not provide, as `KSR.…` paths. */
export function missingFunctions(ksr: Record<string, unknown>, uses: readonly string[]): string[] {
  const missing: string[] = [];
  for (const use of uses) {
    const dot = use.lastIndexOf(".");
    const module = use.slice(0, dot);
    const name = use.slice(dot + 1);
    const holder = module === "" ? ksr : (ksr[module] as Record<string, unknown> | undefined);
    if (typeof holder?.[name] !== "function") missing.push(module === "" ? `KSR.${name}` : `KSR.${module}.${name}`);
  }
  return missing;
}

function checkUses(ksr: Record<string, unknown>, uses: readonly string[], unimplemented: readonly string[]): void {
  const missing = missingFunctions(ksr, uses);
  if (missing.length === 0) return;
  const note = unimplemented.length > 0 ? ` (modules not implemented by kemits: ${unimplemented.join(", ")})` : "";
  throw new KemitsError("KEMITS_ERR_MISSING_FUNCTIONS", `the routing calls ${missing.length} KEMI function(s) no loaded module implements${note}`, missing);
}

/** Throws KEMITS_ERR_MISSING_PVS listing every PV class or transformation `loaded` cannot evaluate. */
export function checkPvs(loaded: readonly ModuleDefinition[], pvs: KemitsConfig["pvs"]): void {
  const missing = missingPvs(loaded, pvs);
  if (missing.length === 0) return;
  throw new KemitsError(
    "KEMITS_ERR_MISSING_PVS",
    `the routing uses ${missing.length} pseudo-variable(s) or transformation(s) no loaded module implements (kemits would read them as null, or fail to set them)`,
    missing,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: erased KEMI implementation.
type Impl = (m: ModuleInstance, ...args: any[]) => unknown;

/** `KSR` from every instance's functions; arguments are converted like app_jsdt (`duk_to_int`, `duk_to_string`). */
function buildKsr(instances: readonly ModuleInstance[]): Record<string, unknown> {
  const ksr: Record<string, unknown> = {};
  for (const inst of instances) {
    const kemi = inst.def.kemi;
    let holder: Record<string, unknown>;
    if (kemi === "") holder = ksr;
    else {
      holder = (ksr[kemi] as Record<string, unknown> | undefined) ?? {};
      ksr[kemi] = holder;
    }
    for (const [name, impl] of Object.entries(inst.def.functions)) {
      const row = kemiFunction(kemi, name);
      holder[name] = wrap(inst, impl as Impl, row?.params ?? []);
    }
  }
  return ksr;
}

/** duk_to_int: ToNumber, NaN → 0, truncated, clamped to a C int. */
export function toKemiInt(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v);
  if (Number.isNaN(n)) return 0;
  if (n >= 2147483647) return 2147483647;
  if (n <= -2147483648) return -2147483648;
  return Math.trunc(n);
}

/** duk_to_string. */
export function toKemiStr(v: unknown): string {
  return typeof v === "string" ? v : String(v);
}

type Conv = (v: unknown) => number | string;
const convOf = (t: KemiParamEntry): Conv => (t === "int" ? toKemiInt : toKemiStr);

// One wrapper per function, made at start-up: no per-call closures, no per-call arrays (except modf).
function wrap(inst: ModuleInstance, impl: Impl, types: readonly KemiParamEntry[]): (...args: unknown[]) => unknown {
  if (types.includes("...str")) {
    return (...args: unknown[]) => impl(inst, ...args.map(toKemiStr));
  }
  const [t0, t1, t2, t3, t4, t5] = types.map(convOf);
  switch (types.length) {
    case 0:
      return () => impl(inst);
    case 1:
      return (a: unknown) => impl(inst, t0!(a));
    case 2:
      return (a: unknown, b: unknown) => impl(inst, t0!(a), t1!(b));
    case 3:
      return (a: unknown, b: unknown, c: unknown) => impl(inst, t0!(a), t1!(b), t2!(c));
    case 4:
      return (a: unknown, b: unknown, c: unknown, d: unknown) => impl(inst, t0!(a), t1!(b), t2!(c), t3!(d));
    case 5:
      return (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => impl(inst, t0!(a), t1!(b), t2!(c), t3!(d), t4!(e));
    default:
      return (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) =>
        impl(inst, t0!(a), t1!(b), t2!(c), t3!(d), t4!(e), t5!(f));
  }
}
