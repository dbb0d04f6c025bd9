// Native call → KEMI call. Resolution order (native-to-kemi.md §5.1, with every rule checked against the
// catalogs): the hand-written overlay; then the KEMI function of the same name in the module's KEMI object
// with as many parameters as the native form has arguments, whose types fit the argument kinds; then an
// alias (another native name of the same module that runs the same C function with the same arity).
import { kemiRows, nativeModules } from "./data.js";
import { argKindsForFixup } from "./fixups.js";
import { OVERLAY } from "./overlay/index.js";
import type {
  ArgAction,
  ArgConversion,
  ArgSpec,
  KemiParamType,
  KemiRow,
  KemiTarget,
  NativeCallMapping,
  NativeFunction,
  OverlayRow,
} from "./types.js";

/** The KEMI object a native module's functions live in when they keep their names. */
export function kemiModuleOf(nativeModule: string): string {
  switch (nativeModule) {
    case "kemix":
      return "kx";
    case "pv":
      return "pvx"; // KSR.pv is the core PV accessor
    case "kex":
      return ""; // flags, dst URI and is_myself are core KSR functions
    case "pua_usrloc":
      return "pua";
    default:
      return nativeModule;
  }
}

/** `KSR.x.modf` runs a native function only if it has no fixup or has a free_fixup (app_jsdt_api.c). */
export function modfAllowed(fn: NativeFunction): boolean {
  return fn.fixup === null || fn.freeFixup !== null;
}

export function findNative(module: string, name: string, arity: number): NativeFunction | undefined {
  return nativeModules()
    .get(module)
    ?.functions.find((f) => f.name === name && (f.arity === arity || f.arity === "var"));
}

function overlayRow(module: string, name: string, arity: number): OverlayRow | undefined {
  return OVERLAY[module]?.find((r) => r.name === name && r.arity === arity);
}

/** Argument kinds of a native call: the overlay's when given, else derived from the fixup. */
export function argKinds(module: string, fn: NativeFunction, arity: number): readonly ArgSpec[] | undefined {
  return overlayRow(module, fn.name, arity)?.args ?? argKindsForFixup(fn.fixup, arity);
}

function actionFor(spec: ArgSpec, type: KemiParamType, expands: boolean): ArgAction | undefined {
  const numeric = spec.kind === "int" || spec.kind === "intOrPv";
  if (type === "int") return numeric ? "number" : undefined;
  if (spec.kind === "format") return expands ? "verbatim" : "evaluate";
  if (spec.kind === "strOrPv") return "valueOrLiteral";
  if (spec.kind === "routeName") return "routeFunction";
  return "string"; // literal-like kinds, and numbers the KEMI side takes as text
}

/** Per-argument conversions, or undefined when a native argument cannot feed its KEMI parameter. */
function convert(target: KemiTarget, row: KemiRow, kinds: readonly ArgSpec[]): ArgConversion[] | undefined {
  if (target.args.length !== row.params.length) return undefined;
  const out: ArgConversion[] = [];
  for (let j = 0; j < target.args.length; j++) {
    const src = target.args[j]!;
    const kemiType = row.params[j]!;
    if (kemiType === "...str") return undefined; // only KSR.x.modf, never a mapping target
    if ("from" in src) {
      const spec = kinds[src.from];
      if (!spec) return undefined;
      const action = actionFor(spec, kemiType, row.pv_format_params?.includes(j) ?? false);
      if (!action) return undefined;
      const conv: ArgConversion = { kemiIndex: j, kemiType, nativeIndex: src.from, kind: spec.kind, action };
      out.push(spec.route ? { ...conv, route: spec.route } : conv);
    } else if ("value" in src) {
      if (typeof src.value === "number" ? kemiType !== "int" : kemiType !== "str") return undefined;
      out.push({ kemiIndex: j, kemiType, action: "constant", value: src.value });
    } else if ("template" in src) {
      if (kemiType !== "str") return undefined;
      out.push({ kemiIndex: j, kemiType, action: "template", template: src.template });
    } else {
      out.push({ kemiIndex: j, kemiType, action: "modparam", modparam: src.modparam, value: src.default });
    }
  }
  return out;
}

function sameNameTarget(module: string, fn: NativeFunction, arity: number): KemiTarget | undefined {
  const row = kemiRows().get(`${kemiModuleOf(module)}.${fn.name}`);
  if (!row || row.params.length !== arity) return undefined;
  return { module: row.module, name: row.name, args: row.params.map((_, i) => ({ from: i })) };
}

type Found = { target: KemiTarget | null; source: "overlay" | "same-name" | "alias"; note?: string };

function resolveTarget(module: string, fn: NativeFunction, arity: number, aliasDepth = 0): Found | undefined {
  const o = overlayRow(module, fn.name, arity);
  if (o) return { target: o.kemi, source: "overlay", note: o.note };
  const same = sameNameTarget(module, fn, arity);
  if (same) return { target: same, source: "same-name" };
  if (aliasDepth > 0 || fn.c === null) return undefined;
  for (const other of nativeModules().get(module)?.functions ?? []) {
    if (other === fn || other.c !== fn.c || other.arity !== fn.arity || other.fixup !== fn.fixup) continue;
    const found = resolveTarget(module, other, arity, 1);
    if (found?.target) return { target: found.target, source: "alias", note: `alias of ${other.name} (same C function)` };
  }
  return undefined;
}

/**
 * How the native call `name` with `arity` arguments of `module` becomes a KEMI call: the target row and, per
 * KEMI parameter, where its value comes from and what the compiler does with it.
 */
export function mapNativeCall(module: string, name: string, arity: number): NativeCallMapping {
  const fn = findNative(module, name, arity);
  if (!fn) return { status: "unknown" };
  const modf = modfAllowed(fn);
  const found = resolveTarget(module, fn, arity);
  if (!found) return { status: "unmapped", module, native: fn, modf };
  if (found.target === null) {
    return found.note ? { status: "none", module, native: fn, modf, note: found.note } : { status: "none", module, native: fn, modf };
  }
  const row = kemiRows().get(`${found.target.module}.${found.target.name}`);
  const kinds = argKinds(module, fn, arity);
  const args = row && kinds ? convert(found.target, row, kinds) : undefined;
  if (!row || !args) return { status: "unmapped", module, native: fn, modf };
  return {
    status: "kemi",
    module,
    native: fn,
    target: row,
    args,
    source: found.source,
    ...(found.target.result ? { result: found.target.result } : {}),
    ...(found.note ? { note: found.note } : {}),
  };
}
