import * as estree from "prettier/plugins/estree";
import * as typescript from "prettier/plugins/typescript";
import { format } from "prettier/standalone";

/** Prettier over the emitted module: one canonical layout, so a one-line cfg change is a small diff. */
export function formatTypeScript(code: string): Promise<string> {
  return format(code, { parser: "typescript", plugins: [estree, typescript], printWidth: 110 });
}
