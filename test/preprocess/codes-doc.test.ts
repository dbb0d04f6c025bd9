import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { PREPROCESS_CODES } from "../../src/preprocess/index.js";

it("docs/preprocessor.md lists every preprocessor diagnostic code with its severity", () => {
  const doc = readFileSync(resolve(import.meta.dirname, "../../docs/preprocessor.md"), "utf8");
  const rows = new Map<string, string>();
  for (const m of doc.matchAll(/^\| `([A-Z][A-Za-z0-9]+)` \| (error|warning) \|/gm)) rows.set(m[1]!, m[2]!);
  const declared = new Map(Object.entries(PREPROCESS_CODES).map(([code, info]) => [code, info.severity as string]));
  expect(rows).toEqual(declared);
});
