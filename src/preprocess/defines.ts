import type { SourceLocation } from "../diag/index.js";
import type { DefineEntry } from "./types.js";

/** A define as the preprocessor holds it while running: the public entry plus where it was made. */
export interface DefineRecord extends DefineEntry {
  readonly definedAt?: SourceLocation;
  /** For `#!defenvs`/`#!trydefenvs`/`#!substdefs`: the value was wrapped in double quotes. */
  readonly quoted?: boolean;
}

/** How a definition treats an existing name (Kamailio's pp_define_type). */
export type DefineMode = "define" | "trydef" | "redefine";

/** The defines Kamailio 5.6.3 makes itself (`pp_define_core`): none has a value. */
export const BUILTIN_DEFINES = ["KAMAILIO_5", "KAMAILIO_5_6", "KAMAILIO_5_6_3"] as const;

export type DefineResult = { readonly ok: true } | { readonly ok: false; readonly previous: DefineRecord };

/** The define table, in definition order. */
export class DefineTable {
  private readonly map = new Map<string, DefineRecord>();

  get(name: string): DefineRecord | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /**
   * Adds a define. `define` fails on an existing name, `trydef` keeps the existing one, `redefine`
   * replaces it. An empty value counts as no value, as in Kamailio.
   */
  set(record: DefineRecord, mode: DefineMode): DefineResult {
    const previous = this.map.get(record.name);
    if (previous) {
      if (mode === "define") return { ok: false, previous };
      if (mode === "trydef") return { ok: true };
    }
    const value = record.value === "" ? undefined : record.value;
    this.map.set(record.name, value === record.value ? record : { ...record, value });
    return { ok: true };
  }

  delete(name: string): boolean {
    return this.map.delete(name);
  }

  /** A snapshot for the result: name to public entry. */
  entries(): ReadonlyMap<string, DefineEntry> {
    return new Map(this.map);
  }
}

/** "defined on the command line", "defined here", … for a note on a duplicate. */
export function describeDefinition(d: DefineRecord): string {
  switch (d.source) {
    case "cli":
      return `${d.name} was defined on the command line (-D/-A)`;
    case "builtin":
      return `${d.name} is defined by Kamailio itself`;
    case "loadmodule":
      return `${d.name} was defined by loadmodule here`;
    default:
      return `${d.name} was first defined here`;
  }
}
