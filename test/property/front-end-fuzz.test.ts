// Random mutations of real configs never crash the front end, and every failure it reports is a
// diagnostic with a position in the user's file.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/parse/index.js";
import { preprocessText } from "../../src/preprocess/index.js";

const CORPUS = [
  "/etc/kamailio/kamailio.cfg",
  "/usr/share/doc/kamailio/examples/kemi/kamailio-basic-kemi-native.cfg",
  "/usr/share/doc/kamailio/examples/mixed/kamailio-minimal-proxy.cfg",
];

const SYNTAX = ["{", "}", "(", ")", '"', "'", "$", "$(", "#!", "#!ifdef X\n", "#!endif\n", "/*", "*/", "\\", ";", "\n", "=", "==", "[", "]", "@", "route", "if", "else", "switch", "case 1:", "\x00", "\u00e9", "{s.len}"];

type Mutation =
  | { kind: "delete"; at: number; len: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicate"; at: number; len: number };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
);

function apply(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const at = m.at % (t.length + 1);
    if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === "insert") t = t.slice(0, at) + m.text + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
  }
  return t;
}

describe("front end under random mutations", () => {
  for (const file of CORPUS) {
    const original = readFileSync(file, "utf8");
    it(`never throws on mutations of ${file}`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
          const text = apply(original, muts);
          const pre = preprocessText("mutated.cfg", text, { env: {}, readFile: () => undefined });
          const { diagnostics } = parse(pre);
          for (const d of [...pre.diagnostics, ...diagnostics]) {
            expect(d.loc, `${d.code}: ${d.message}`).toBeDefined();
            expect(d.loc!.start).toBeGreaterThanOrEqual(0);
            expect(d.loc!.end).toBeLessThanOrEqual(d.loc!.file.text.length);
          }
        }),
        { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
      );
    });
  }
});
