import { createSyntaxDiagramsCode } from "chevrotain";
import { cfgParser } from "./grammar.js";

/** The grammar's railroad diagrams as one HTML page (what `scripts/railroad.mjs` writes to grammar/). */
export function railroadHtml(): string {
  return createSyntaxDiagramsCode(cfgParser().getSerializedGastProductions());
}
