/**
 * The start-up check of `config.pvs`: a PV class or transformation kemits does not evaluate would
 * read as null at run time, so routing would silently differ from Kamailio's. Each one the routing
 * uses must be implemented by a loaded module (the pv module evaluates them all), and a class
 * Kamailio registers in a module other than pv (`$T_reply_code`: tmx) needs that module loaded,
 * as Kamailio refuses the cfg without it.
 */

import { isTransformImplemented, lookupPvClass, parseFormat, transformClassModule } from "../../pv/index.js";
import type { KemitsConfig, PvUses } from "../../semantics/config.js";
import type { ModuleDefinition } from "./module.js";

/**
 * What start-up checks: `config.pvs`, plus the PVs of a `log_prefix`, which the engine expands for
 * every message (a module written by hand without `pvs` gets only those checked).
 */
export function startupPvUses(config: KemitsConfig): PvUses | undefined {
  const prefix = config.core.log_prefix;
  if (typeof prefix !== "string" || !prefix.includes("$")) return config.pvs;
  const read = new Set(config.pvs?.read);
  const transforms = new Set(config.pvs?.transforms);
  for (const p of parseFormat(prefix).parts) {
    if (p.kind !== "pv") continue;
    read.add(`$${p.spec.name}`);
    for (const t of p.spec.transforms) transforms.add(`${t.cls}.${t.op}`);
  }
  return { read: [...read], write: config.pvs?.write ?? [], transforms: [...transforms] };
}

/** One line per class or transformation in `pvs` that `loaded` cannot evaluate, in `pvs` order. */
export function missingPvs(loaded: readonly ModuleDefinition[], pvs: PvUses | undefined): string[] {
  if (pvs === undefined) return [];
  const names = new Set(loaded.map((d) => d.name));
  const readable = new Set(loaded.flatMap((d) => d.pvClasses?.read ?? []));
  const writable = new Set(loaded.flatMap((d) => d.pvClasses?.write ?? []));
  const out = new Set<string>();
  const check = (pv: string, implemented: ReadonlySet<string>, what: string) => {
    const name = pv.startsWith("$") ? pv.slice(1) : pv;
    const info = lookupPvClass(name);
    if (info === undefined) {
      out.add(`$${name}: not a Kamailio pseudo-variable class`);
      return;
    }
    const from = info.modules.includes("core") ? "Kamailio core" : `module ${info.modules.join(" or ")}`;
    if (!implemented.has(name)) out.add(`$${name} (${from}): ${what} is not implemented by kemits`);
    else if (!info.modules.some((m) => m === "core" || names.has(m))) out.add(`$${name} (${from}): the cfg does not load ${info.modules.join(" or ")}`);
  };
  for (const pv of pvs.read) check(pv, readable, "reading it");
  for (const pv of pvs.write) check(pv, writable, "assigning it");
  for (const t of pvs.transforms) {
    const dot = t.indexOf(".");
    const cls = t.slice(0, dot);
    if (!isTransformImplemented(cls, t.slice(dot + 1))) out.add(`{${t}} (module ${transformClassModule(cls) ?? "?"}): transformation not implemented by kemits`);
  }
  return [...out];
}
