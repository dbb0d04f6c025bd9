import type { StringLiteral } from "../../ast/index.js";
import { parseFormat } from "../../pv/index.js";
import type { EmitContext } from "./context.js";

/**
 * A native PV format string (`"Go away $rU from $si"`) as a TypeScript string expression, for KEMI
 * parameters that take plain text: literal pieces joined with the PVs' printed values. Printing
 * follows Kamailio's: an undefined value prints as `<null>` (the `printed` helper).
 */
export function emitFormat(s: StringLiteral, ctx: EmitContext): string {
  const parts = s.parts ?? (s.value.includes("$") ? parseFormat(s.value).parts : undefined);
  if (!parts || parts.every((p) => p.kind === "text")) return JSON.stringify(s.value.replaceAll("$$", "$"));
  const pieces: string[] = [];
  for (const p of parts) {
    if (p.kind === "text") pieces.push(JSON.stringify(p.value));
    else pieces.push(`${ctx.use("printed")}(${ctx.pvs.get(p.spec.text)})`);
  }
  return pieces.join(" + ");
}

/** The single PV a string consists of, if that is all it is (`"$var(code)"`). */
export function singlePv(s: StringLiteral): string | undefined {
  const parts = s.parts ?? (s.value.includes("$") ? parseFormat(s.value).parts : undefined);
  if (parts && parts.length === 1 && parts[0]!.kind === "pv") return parts[0]!.spec.text;
  return undefined;
}
