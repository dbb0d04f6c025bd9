import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { railroadHtml } from "../../src/parse/railroad.js";

it("grammar/railroad.html matches the grammar (regenerate: node scripts/railroad.mjs)", () => {
  const committed = readFileSync(join(import.meta.dirname, "../../grammar/railroad.html"), "utf8");
  expect(committed === railroadHtml(), "grammar/railroad.html is stale: run node scripts/railroad.mjs").toBe(true);
});
