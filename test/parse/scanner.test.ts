// The hand-written scanner against Chevrotain's Lexer built from the same token definitions: the
// definitions are the specification, the scanner the fast reading of them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ILexingResult, type IToken, Lexer } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/parse/scanner.js";
import { ALL_TOKENS, Identifier, LEXER_CONFIG, wordType } from "../../src/parse/tokens.js";

const chevrotain = new Lexer(ALL_TOKENS, LEXER_CONFIG);

/** What the scanner promises: Chevrotain's tokens, with reserved words given their keyword types. */
function reference(text: string): ILexingResult {
  const result = chevrotain.tokenize(text);
  for (const t of result.tokens) {
    const type = t.tokenType === Identifier ? wordType(t.image) : undefined;
    if (type) {
      t.tokenType = type;
      t.tokenTypeIdx = type.tokenTypeIdx!;
    }
  }
  return result;
}

const shape = (tokens: IToken[] = []) => tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${t.image}`);

function expectSameLexing(text: string): void {
  const ours = tokenize(text);
  const theirs = reference(text);
  expect(shape(ours.tokens)).toEqual(shape(theirs.tokens));
  expect(shape(ours.groups.comments)).toEqual(shape(theirs.groups.comments));
  expect(ours.errors.map((e) => [e.offset, e.length])).toEqual(theirs.errors.map((e) => [e.offset, e.length]));
}

function cfgFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...cfgFiles(path));
    else if (name.endsWith(".cfg")) out.push(path);
  }
  return out;
}

const CONFIGS = [
  "/etc/kamailio/kamailio.cfg",
  ...cfgFiles("/usr/share/doc/kamailio/examples"),
  ...cfgFiles(join(import.meta.dirname, "../../fixtures")),
];

describe("scanner = Chevrotain's Lexer on the same definitions", () => {
  it(`lexes ${CONFIGS.length} real and fixture configs the same`, () => {
    for (const file of CONFIGS) expectSameLexing(readFileSync(file, "utf8"));
  });

  // Fragments where token boundaries are decided: prefixes of longer tokens, addresses against
  // numbers and words, keywords, and characters no token starts with.
  const FRAGMENTS = [
    ..."(){}[];,:.=!<>+-*/%&|^~$@#'\"\\ \t\r\n\b\f`?é\u0000",
    "(int)", "(str)", "==", "!=", "=~", "+=", "<=", ">=", "<<", ">>", "&&", "||", "\\\n", "\\\r\n",
    "a", "_x", "abc:", "fe80::1", "::1", "::ffff:1.2.3.4", "dead:beef::", "abcde:1", "1:2:3:4:5:6:7:8",
    "1.2.3.4", "1.2", "0x1f", "0x", "0", "08", "07", "101b", "12", "1abc", "msg:len", "msg:lenx", "uri:host",
    "uri:port", "uri:hostx", "event_route[", "tm:local-request", "route", "if", "not", "and", "udp", "yes",
    "$var(x)", "$(ru{s.len})", "$?", "$rc", "$retcode", "$", "$(", "@ruri.user", "@", "\"a\"", "\"a\" \"b\"",
    "\"open", "'q'", "'open", "#c", "#!subst", "!!define X", "!!subst", "/* c */", "/* /* n */ */", "/*", "// l",
  ];

  it("lexes random fragment soups the same", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => expectSameLexing(parts.join(""))),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it("lexes random ASCII the same", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 40 }), expectSameLexing),
      { numRuns: 3000, seed: 20261127 },
    );
  });
});
