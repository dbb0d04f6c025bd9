import { expect, it } from "vitest";
import { Lexer } from "chevrotain";
import { CfgParser } from "../../src/parse/grammar.js";
import { ALL_TOKENS, LEXER_CONFIG } from "../../src/parse/tokens.js";

it("the grammar passes Chevrotain's checks (skipped at run time for start-up speed)", () => {
  expect(() => new CfgParser({ validate: true })).not.toThrow();
});

it("the token definitions pass Chevrotain's lexer checks (skipped at run time for start-up speed)", () => {
  const lexer = new Lexer(ALL_TOKENS, { ...LEXER_CONFIG, skipValidations: false });
  expect(lexer.lexerDefinitionErrors).toEqual([]);
});
