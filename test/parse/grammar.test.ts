import { expect, it } from "vitest";
import { CfgParser } from "../../src/parse/grammar.js";

it("the grammar passes Chevrotain's checks (skipped at run time for start-up speed)", () => {
  expect(() => new CfgParser({ validate: true })).not.toThrow();
});
