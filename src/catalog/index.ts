// The catalog's public API: KEMI rows, native module exports, modparams and the native → KEMI mapping.
import { KEMI_ROWS, kemiModules, kemiRows, nativeModules } from "./data.js";
import { findNative, mapNativeCall } from "./mapping.js";
import type { KemiRow, ModParam, NativeCallMapping, NativeFunction, NativeModule } from "./types.js";

export type * from "./types.js";
export { CORE_ACTIONS, coreAction, type CoreAction } from "./core.js";
export { argKindsForFixup } from "./fixups.js";
export { argKinds, kemiModuleOf, mapNativeCall, modfAllowed } from "./mapping.js";

/** `KSR.<module>.<name>` (`module` `""` = core `KSR`), or undefined. */
export function kemiFunction(module: string, name: string): KemiRow | undefined {
  return kemiRows().get(`${module}.${name}`);
}

/** Every function of a KEMI module (empty when there is no such module). */
export function kemiModule(module: string): readonly KemiRow[] {
  return kemiModules().get(module) ?? [];
}

/** Every KEMI row, core first, then `hdr`, `pv`, `x`, then modules alphabetically. */
export function allKemiRows(): readonly KemiRow[] {
  return KEMI_ROWS;
}

/** A native module's exports as in Kamailio 5.6.3's sources, or undefined for an unknown module. */
export function nativeModule(module: string): NativeModule | undefined {
  return nativeModules().get(module);
}

/** Names of every module in the 5.6.3 source tree. */
export function nativeModuleNames(): string[] {
  return [...nativeModules().keys()];
}

/**
 * The export a native call `name(…arity args)` resolves to, like Kamailio's find_export_record: modules are
 * searched from the last one loaded to the first (load_module prepends), rows in table order, matching the
 * name and the arity (or a variadic row). `loadedModules` are module names in `loadmodule` order.
 */
export function nativeFunction(
  name: string,
  arity: number,
  loadedModules: readonly string[],
): { module: string; fn: NativeFunction } | undefined {
  for (let i = loadedModules.length - 1; i >= 0; i--) {
    const module = loadedModules[i]!;
    const fn = findNative(module, name, arity);
    if (fn) return { module, fn };
  }
  return undefined;
}

/** The modparams a module declares (empty for an unknown module). */
export function moduleParams(module: string): readonly ModParam[] {
  return nativeModules().get(module)?.params ?? [];
}

/** Finds the module exporting the call among the loaded ones, then maps it (see `mapNativeCall`). */
export function mapCall(name: string, arity: number, loadedModules: readonly string[]): NativeCallMapping {
  const found = nativeFunction(name, arity, loadedModules);
  return found ? mapNativeCall(found.module, name, arity) : { status: "unknown" };
}
