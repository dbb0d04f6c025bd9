// The generated tables, indexed on first use. The JSON is bundled by esbuild, so loading costs one
// JSON.parse at startup; the maps are built only when a lookup needs them.
import kemiJson from "./generated/kemi-api.json" with { type: "json" };
import nativeJson from "./generated/native-5.6.json" with { type: "json" };
import type { KemiRow, NativeModule } from "./types.js";

export const KEMI_ROWS = kemiJson as unknown as readonly KemiRow[];
export const NATIVE_MODULES = (nativeJson as unknown as { modules: readonly NativeModule[] }).modules;

let kemiIndex: Map<string, KemiRow> | undefined;
let kemiByModule: Map<string, KemiRow[]> | undefined;
let nativeIndex: Map<string, NativeModule> | undefined;

export function kemiRows(): Map<string, KemiRow> {
  if (!kemiIndex) {
    kemiIndex = new Map();
    for (const r of KEMI_ROWS) kemiIndex.set(`${r.module}.${r.name}`, r);
  }
  return kemiIndex;
}

export function kemiModules(): Map<string, KemiRow[]> {
  if (!kemiByModule) {
    kemiByModule = new Map();
    for (const r of KEMI_ROWS) {
      const list = kemiByModule.get(r.module);
      if (list) list.push(r);
      else kemiByModule.set(r.module, [r]);
    }
  }
  return kemiByModule;
}

export function nativeModules(): Map<string, NativeModule> {
  if (!nativeIndex) nativeIndex = new Map(NATIVE_MODULES.map((m) => [m.module, m]));
  return nativeIndex;
}
