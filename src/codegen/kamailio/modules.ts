import { moduleName } from "../../ast/index.js";
import { kemiFunction } from "../../catalog/index.js";

/**
 * The module (without `.so`) each KEMI call needs, for calls whose module is not in `loaded`.
 * Core functions and app_jsdt's own `KSR.x` need nothing; unknown calls are the compiler's business.
 */
export function missingModules(uses: readonly string[], loaded: readonly string[]): Map<string, string[]> {
  const have = new Set(loaded.map(moduleName));
  have.add("app_jsdt");
  const missing = new Map<string, string[]>();
  for (const use of uses) {
    const dot = use.indexOf(".");
    const row = kemiFunction(use.slice(0, dot), use.slice(dot + 1));
    if (!row || row.so === "core") continue;
    const module = moduleName(row.so);
    if (have.has(module)) continue;
    const list = missing.get(module) ?? [];
    list.push(use);
    missing.set(module, list);
  }
  return missing;
}
