/**
 * The KEMI functions a piece of generated code calls, as `module.name` (`.name` for core
 * `KSR.name`), sorted: the `config.uses` list and the Kamailio target's module check.
 */
export function kemiCalls(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bKSR\.((?:[a-z_0-9]+\.)?[A-Za-z_0-9]+)\(/g)) names.add(m[1]!.includes(".") ? m[1]! : `.${m[1]}`);
  return [...names].sort();
}
