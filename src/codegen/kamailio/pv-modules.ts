import { type Node, type Program, walk } from "../../ast/index.js";
import { moduleName } from "../../ast/index.js";
import { lookupPvClass } from "../../pv/index.js";

/**
 * The PV classes (`$sht`) the compiled module lists in `config.pvs` (read and assigned), taken from
 * its text: the compiler writes them there, after `uses`, as arrays of plain `"$name"` strings.
 */
export function configPvClasses(code: string): string[] {
  const start = code.indexOf("\n  pvs: {");
  if (start < 0) return [];
  const end = code.indexOf("\n};", start);
  const text = code.slice(start, end < 0 ? code.length : end);
  const names = new Set<string>();
  for (const list of text.matchAll(/\b(?:read|write): \[([^\]]*)\]/g)) for (const m of list[1]!.matchAll(/"\$([^"]+)"/g)) names.add(m[1]!);
  return [...names];
}

/**
 * Classes whose module (any of those Kamailio registers them in) `loaded` lacks, by the first such
 * module: under app_jsdt `KSR.pv` cannot read them then. Core classes need nothing.
 */
export function missingPvModules(classes: readonly string[], loaded: readonly string[]): Map<string, string[]> {
  const have = new Set(loaded.map(moduleName));
  const missing = new Map<string, string[]>();
  for (const name of classes) {
    const modules = lookupPvClass(name)?.modules;
    if (!modules || modules.includes("core") || modules.some((m) => have.has(m))) continue;
    const list = missing.get(modules[0]!) ?? [];
    list.push(name);
    missing.set(modules[0]!, list);
  }
  return missing;
}

/** The first node in the routing that reads or sets class `name`, directly or in a format string. */
export function firstPvNode(program: Program, name: string): Node | undefined {
  let found: Node | undefined;
  for (const item of program.body) {
    if (item.type !== "RouteBlock" || found) continue;
    walk(item, {
      enter: (node) => {
        if (found) return false;
        if (node.type === "PseudoVariable" && node.spec?.name === name) found = node;
        else if (node.type === "StringLiteral" && node.parts?.some((p) => p.kind === "pv" && p.spec.name === name)) found = node;
        return found === undefined;
      },
    });
  }
  return found;
}
