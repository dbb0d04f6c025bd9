import type { Program } from "../../src/ast/index.js";

/**
 * The parts of a tree that printing must keep: spans, comment placement, define origins and the
 * way strings were written (`raw`) are dropped; everything else is compared. `derived: false` also
 * drops what the parser computes from other fields (for trees built by hand).
 */
export function stripForCompare(program: Program, opts: { derived?: boolean } = {}): unknown {
  const keepDerived = opts.derived ?? true;
  const strip = (v: unknown, parentType?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, parentType));
    if (v === null || typeof v !== "object") return v;
    const record = v as Record<string, unknown>;
    const type = typeof record.type === "string" ? record.type : parentType;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(record)) {
      if (k === "span" || k === "leadingComments" || k === "trailingComments" || k === "endComments" || k === "origin") continue;
      if (k === "raw" && (type === "StringLiteral" || type === "RouteName")) continue;
      // `spec` and `parts` are read from `text` and `value`, which are compared anyway.
      if (!keepDerived && (k === "spec" || k === "parts")) continue;
      if (x === undefined) continue;
      out[k] = strip(x, type);
    }
    return out;
  };
  return strip(program.body);
}
