/**
 * Pseudo-variables: the core `KSR.pv` functions (Kamailio's `src/core/kemi.c` pv rows) over the PV
 * classes real configs use (`evaluate.ts`), with `$var`/`$shv` kept per worker across messages and
 * reloads. Loaded always (Kamailio's pv.so provides the classes; `loadmodule "pv"` maps here).
 * Other modules evaluate PVs and formats through this module's api (`m.api<PvApi>("pv")`).
 */

import type { PvSpec } from "../../../pv/index.js";
import type { MsgContext, PvValue } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext, strListParam } from "../../engine/module.js";
import { PvEvaluator, READABLE, WRITABLE } from "./evaluate.js";
import type { TmPvSource } from "./tm-vars.js";
import { PvStore } from "./store.js";

interface PvState {
  readonly store: PvStore;
  readonly eval: PvEvaluator;
}

/** What other modules (xlog, textops, …) use to read PVs and expand formats. */
export interface PvApi {
  /** The value of a PV named by text (`$ru`, `$(hdr(X){s.len})`); null when unset or invalid. */
  get(ctx: MsgContext, name: string): PvValue;
  /** Sets a PV; false (after logging) when the name is invalid or the PV cannot be set. */
  set(ctx: MsgContext, name: string, value: PvValue): boolean;
  /** Expands a format string (`"from $fu to $ru"`); null when the format is invalid. */
  format(ctx: MsgContext, text: string): string | null;
}

const params = { shvset: strListParam(), varset: strListParam(), avp_aliases: strListParam() };
type Pv = ModuleContext<{ readonly shvset: readonly string[]; readonly varset: readonly string[]; readonly avp_aliases: readonly string[] }, PvState>;

const KEMI = "<core> [core/kemi.c:2998]: sr_kemi_pv_get_mode(): ";

function spec(m: Pv, name: string): PvSpec | null {
  const s = m.state.store.spec(name);
  if (typeof s === "string") {
    m.log.write(LogLevel.ERROR, KEMI, `invalid pv [${name}]: ${s}\n`);
    return null;
  }
  return s;
}

function get(m: Pv, name: string): PvValue {
  const s = spec(m, name);
  return s === null ? null : m.state.eval.get(m.msg, s);
}

function set(m: Pv, name: string, value: PvValue): boolean {
  const s = spec(m, name);
  if (s === null) return false;
  const problem = m.state.eval.set(m.msg, s, value);
  if (problem !== undefined) {
    m.log.write(LogLevel.ERROR, "<core> [core/kemi.c:3190]: sr_kemi_pv_seti(): ", `unable to set pv [${name}]: ${problem}\n`);
    return false;
  }
  return true;
}

/** `shvset`/`varset` values: `name=i:12` or `name=s:text`. */
function initialValues(list: readonly string[], into: Map<string, PvValue>): void {
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new Error(`bad value "${item}": expected name=i:number or name=s:text`);
    const name = item.slice(0, eq).trim();
    const v = item.slice(eq + 1).trim();
    if (v.startsWith("i:")) into.set(name, Number.parseInt(v.slice(2), 10) || 0);
    else if (v.startsWith("s:")) into.set(name, v.slice(2));
    else throw new Error(`bad value "${item}": expected i: or s:`);
  }
}

const STR2SINT = /^[+-]?\d+$/;

export default defineModule("pv", {
  kemi: "pv",
  core: true,
  params,
  // Every class kemits evaluates, including tmx's `$T_*` (read over tm's api).
  pvClasses: { read: [...READABLE], write: [...WRITABLE] },
  init: (m): PvState => {
    const store = new PvStore();
    initialValues(m.params.shvset, store.shvs);
    initialValues(m.params.varset, store.vars);
    // `$T_*` read tm's api when tm is loaded; looked up when read, since tm starts after pv.
    const tm = (): TmPvSource | null => (m.hasApi("tm") ? m.api<TmPvSource>("tm") : null);
    return { store, eval: new PvEvaluator(store, tm) };
  },
  functions: {
    get: (m, name) => get(m, name),
    gete: (m, name) => get(m, name) ?? "",
    getw: (m, name) => get(m, name) ?? "<null>",
    getvn: (m, name, dflt) => get(m, name) ?? dflt,
    getvs: (m, name, dflt) => get(m, name) ?? dflt,
    geti: (m, name) => {
      const v = get(m, name);
      if (v === null) return 0;
      if (typeof v === "number") return v;
      return STR2SINT.test(v) ? Number.parseInt(v, 10) | 0 : 0;
    },
    sets: (m, name, value) => set(m, name, value),
    seti: (m, name, value) => set(m, name, value),
    unset: (m, name) => set(m, name, null),
    is_null: (m, name) => {
      const s = m.state.store.spec(name);
      return typeof s === "string" || m.state.eval.get(m.msg, s) === null;
    },
  },
  api: (m): PvApi => ({
    get: (ctx, name) => {
      const s = m.state.store.spec(name);
      return typeof s === "string" ? null : m.state.eval.get(ctx, s);
    },
    set: (ctx, name, value) => {
      const s = m.state.store.spec(name);
      return typeof s !== "string" && m.state.eval.set(ctx, s, value) === undefined;
    },
    format: (ctx, text) => m.state.eval.format(ctx, text),
  }),
});
