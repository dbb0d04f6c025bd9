/**
 * Per-worker PV state that outlives messages: `$var` (script variables, int 0 until set), `$shv`
 * (shared variables: one process here, so simply global), and the caches of parsed PV names and
 * format strings (Kamailio's pv cache; the names a routing module uses are static, so these stay
 * small).
 */

import { parseFormat, parsePvSpec, type FormatPart, type PvSpec } from "../../../pv/index.js";
import type { PvValue } from "../../engine/context.js";

/** Caches stop growing past this many entries (a routing module building PV names dynamically). */
const CACHE_LIMIT = 4096;

export class PvStore {
  readonly vars: Map<string, PvValue>;
  readonly shvs: Map<string, PvValue>;
  private readonly specs: Map<string, PvSpec | string>;
  private readonly formats: Map<string, readonly FormatPart[] | string>;

  constructor() {
    this.vars = new Map();
    this.shvs = new Map();
    this.specs = new Map();
    this.formats = new Map();
  }

  /** The parsed spec for `$name…`, or the syntax error message. */
  spec(text: string): PvSpec | string {
    let s = this.specs.get(text);
    if (s === undefined) {
      const r = parsePvSpec(text);
      s = r.spec ?? r.error?.message ?? "invalid pseudo-variable";
      if (this.specs.size >= CACHE_LIMIT) this.specs.clear();
      this.specs.set(text, s);
    }
    return s;
  }

  /** The parsed format, or the first syntax error message. */
  format(text: string): readonly FormatPart[] | string {
    let f = this.formats.get(text);
    if (f === undefined) {
      const r = parseFormat(text);
      f = r.errors.length > 0 ? r.errors[0]!.message : r.parts;
      if (this.formats.size >= CACHE_LIMIT) this.formats.clear();
      this.formats.set(text, f);
    }
    return f;
  }
}
