import { kemiFunction } from "../../catalog/index.js";

/** `KSR.sl.sl_send_reply(` → `sl.sl_send_reply`; core `KSR.setflag(` → `.setflag`. */
export function kemiCalls(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bKSR\.((?:[a-z_0-9]+\.)?[A-Za-z_0-9]+)\(/g)) names.add(m[1]!.includes(".") ? m[1]! : `.${m[1]}`);
  return [...names].sort();
}

/**
 * The module (without `.so`) each KEMI call needs, for calls whose module is not in `loaded`.
 * Core functions and app_jsdt's own `KSR.x` need nothing; unknown calls are the compiler's business.
 */
export function missingModules(uses: readonly string[], loaded: readonly string[]): Map<string, string[]> {
  const have = new Set(loaded.map(moduleBaseName));
  have.add("app_jsdt");
  const missing = new Map<string, string[]>();
  for (const use of uses) {
    const dot = use.indexOf(".");
    const row = kemiFunction(use.slice(0, dot), use.slice(dot + 1));
    if (!row || row.so === "core") continue;
    const module = moduleBaseName(row.so);
    if (have.has(module)) continue;
    const list = missing.get(module) ?? [];
    list.push(use);
    missing.set(module, list);
  }
  return missing;
}

/** `"/usr/lib/kamailio/modules/tm.so"` and `"tm"` are both `tm`. */
export function moduleBaseName(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base.endsWith(".so") ? base.slice(0, -3) : base;
}
