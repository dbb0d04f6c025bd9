/**
 * The PV classes Kamailio 5.6.3 defines (core and every module's `pv_export_t` table), and the
 * checks `pv_parse_spec2` makes once a class is found: an inner name is required exactly when the
 * class parses one, and an index only where the class parses one.
 */
import { PV_CLASS_ROWS } from "./generated/pv-classes.js";
import type { PvSpec, PvSyntaxError } from "./types.js";

export interface PvClassInfo {
  readonly name: string;
  /** Modules that register it (`core` for Kamailio itself); any one of them must be loaded. */
  readonly modules: readonly string[];
  /** `$name(inner)` is required; without it the class takes no inner name at all. */
  readonly inner: boolean;
  readonly index: boolean;
  /** Has a setter: may be assigned (`$x = …`, `KSR.pv.sets`). */
  readonly writable: boolean;
  /**
   * "int": a number in KEMI; "str": a string; "int+str": a string that also has an integer value;
   * "varies": depends on the inner name, or could not be read off the getter.
   */
  readonly valueType: "int" | "str" | "int+str" | "varies";
}

const CLASSES = new Map<string, PvClassInfo>(
  PV_CLASS_ROWS.map(([name, modules, inner, index, writable, valueType]) => [
    name,
    { name, modules, inner: inner === 1, index: index === 1, writable: writable === 1, valueType },
  ]),
);

/** The class `$name…` belongs to (names are case-sensitive: `$T` and `$t` differ), or undefined. */
export function lookupPvClass(name: string): PvClassInfo | undefined {
  return CLASSES.get(name);
}

/**
 * Class-level errors of a parsed spec and of the specs nested in its index and transformation
 * arguments: unknown class, missing or unexpected inner name, unexpected index, and, given the
 * modules loaded so far, a class whose module is not among them (Kamailio finds a class only once
 * its module is loaded).
 */
export function validatePvSpec(spec: PvSpec, loadedModules?: ReadonlySet<string>): PvSyntaxError[] {
  const errors: PvSyntaxError[] = [];
  const visit = (s: PvSpec) => {
    if (s.name !== "$") checkClass(s, errors, loadedModules);
    if (s.index?.kind === "pv") visit(s.index.pv);
    for (const t of s.transforms) for (const a of t.args) if (a.kind === "pv") visit(a.pv);
  };
  visit(spec);
  return errors;
}

function checkClass(s: PvSpec, errors: PvSyntaxError[], loaded: ReadonlySet<string> | undefined): void {
  const info = lookupPvClass(s.name);
  const at = s.start + (s.text.startsWith("$(") ? 2 : 1);
  if (!info) {
    errors.push({ offset: at, message: `unknown pseudo-variable $${s.name}` });
    return;
  }
  if (loaded && !info.modules.some((m) => m === "core" || loaded.has(m))) {
    const modules = info.modules.map((m) => `"${m}"`).join(" or ");
    errors.push({ offset: at, message: `$${s.name} belongs to module ${modules}, which is not loaded before this line` });
    return;
  }
  if (info.inner && s.inner === undefined) errors.push({ offset: at, message: `$${s.name} needs an inner name: $${s.name}(…)` });
  if (!info.inner && s.inner !== undefined) errors.push({ offset: at, message: `$${s.name} takes no inner name` });
  if (!info.index && s.index) errors.push({ offset: at, message: `$${s.name} takes no index` });
}
