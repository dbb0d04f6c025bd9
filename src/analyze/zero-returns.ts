import type { KemiRow } from "../catalog/types.js";
import scan from "../catalog/generated/zero-returns.json" with { type: "json" };

const verdicts = (scan as { functions: Record<string, { zero: "yes" | "no" | "maybe" }> }).functions;

/**
 * Whether a KEMI int function can return 0 in Kamailio 5.6.3, from the source scan in
 * src/catalog/generated/zero-returns.json (scripts/catalog/scan-zero-returns.mjs). Natively a 0
 * ends the script; "maybe" counts as yes, since a guard too many keeps behaviour and one too few
 * does not.
 */
export function mayReturnZero(row: KemiRow): boolean {
  if (row.ret !== "int") return false;
  const verdict = verdicts[`${row.module}.${row.name}`]?.zero;
  return verdict !== "no";
}
