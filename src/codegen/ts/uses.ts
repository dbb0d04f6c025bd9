import { parseFormat, parsePvSpec, type PvSpec } from "../../pv/index.js";
import type { PvUses } from "../../semantics/config.js";

/**
 * What `kemits/semantics` helpers do on the module's behalf: KEMI functions they call beyond the
 * core's (`KSR.x`, `KSR.pv`, which every engine has), and PVs they read and set (the core URI
 * actions written over the R-URI PVs; `assign` sets the PV the module names, which the module
 * records itself).
 */
const HELPER_EFFECTS: Readonly<Record<string, { readonly calls?: readonly string[]; readonly read?: readonly string[]; readonly write?: readonly string[] }>> = {
  slReplyError: { calls: ["sl.sl_send_reply"] },
  prefixUser: { read: ["$rU"], write: ["$rU"] },
  stripUser: { read: ["$rU"], write: ["$rU"] },
  stripUserTail: { read: ["$rU"], write: ["$rU"] },
  setPort: { write: ["$rp"] },
  setHostPort: { write: ["$rd", "$rp"] },
  revertUri: { read: ["$ou"], write: ["$ru"] },
};

/**
 * The KEMI functions a piece of generated code calls, as `module.name` (`.name` for core
 * `KSR.name`), directly or through a helper, sorted: the `config.uses` list and the Kamailio
 * target's module check.
 */
export function kemiCalls(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bKSR\.((?:[a-z_0-9]+\.)?[A-Za-z_0-9]+)\(/g)) names.add(m[1]!.includes(".") ? m[1]! : `.${m[1]}`);
  for (const [helper, { calls = [] }] of Object.entries(HELPER_EFFECTS)) if (calls.length > 0 && new RegExp(`\\b${helper}\\(`).test(code)) for (const c of calls) names.add(c);
  return [...names].sort();
}

/**
 * Collects the PVs a generated module reads and sets, as the emitters write them: names read
 * through `KSR.pv`, formats a KEMI function expands itself (`xlog`), names assigned.
 */
export class PvCollector {
  private readonly reads = new Set<string>();
  private readonly formats = new Set<string>();
  private readonly writes = new Set<string>();

  /** `KSR.pv.get(name)` for a PV the module reads. */
  readonly get = (name: string): string => {
    this.reads.add(name);
    return `KSR.pv.get(${JSON.stringify(name)})`;
  };

  /** A format text handed to a KEMI function that expands it. */
  format(text: string): void {
    this.formats.add(text);
  }

  /** The JSON name of a PV the module assigns. */
  readonly set = (name: string): string => {
    this.writes.add(name);
    return JSON.stringify(name);
  };

  /**
   * The `config.pvs` of the module: classes read (PVs nested in indexes, transformation arguments
   * and `$T_req($pv)`-like inner names included), classes assigned, transformations used; each
   * sorted. `helpers` are the `kemits/semantics` helpers the module calls.
   */
  uses(helpers: Iterable<string>): PvUses {
    const read = new Set<string>();
    const write = new Set<string>();
    const transforms = new Set<string>();
    const visit = (s: PvSpec, into: Set<string>) => {
      if (s.name === "$") return;
      into.add(`$${s.name}`);
      if (s.inner?.startsWith("$")) {
        const inner = parsePvSpec(s.inner).spec;
        if (inner) visit(inner, read);
      }
      if (s.index?.kind === "pv") visit(s.index.pv, read);
      for (const t of s.transforms) {
        transforms.add(`${t.cls}.${t.op}`);
        for (const a of t.args) if (a.kind === "pv") visit(a.pv, read);
      }
    };
    const parsed = (name: string) => parsePvSpec(name).spec;
    const names = new Set(this.reads);
    const written = new Set(this.writes);
    for (const h of helpers) {
      for (const n of HELPER_EFFECTS[h]?.read ?? []) names.add(n);
      for (const n of HELPER_EFFECTS[h]?.write ?? []) written.add(n);
    }
    for (const n of names) {
      const s = parsed(n);
      if (s) visit(s, read);
    }
    for (const f of this.formats) for (const p of parseFormat(f).parts) if (p.kind === "pv") visit(p.spec, read);
    for (const n of written) {
      const s = parsed(n);
      if (s) visit(s, write);
    }
    return { read: [...read].sort(), write: [...write].sort(), transforms: [...transforms].sort() };
  }
}
