import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as A from "../../src/ast/nodes.js";
import { printProgram } from "../../src/codegen/cfg/print.js";
import { parse } from "../../src/parse/index.js";
import { preprocessText } from "../../src/preprocess/index.js";
import { stripForCompare } from "./strip.js";

/*
 * Random route bodies built as ASTs, printed, parsed back: the tree must come back the same and
 * printing it again must give the same text. Spans are dummies; the printer never reads them.
 */

const span = { start: 0, end: 0 };
const BINARY: A.BinaryOperator[] = ["||", "&&", "|", "&", "^", "<<", ">>", "==", "!=", "=~", "eq", "ne", "ieq", "ine", "<", ">", "<=", ">=", "+", "-", "*", "/", "mod"];
const UNARY: A.UnaryExpression["operator"][] = ["!", "~", "-", "(int)", "(str)"];

const pv = fc.constantFrom("$ru", "$rU", "$var(x)", "$avp(y)", "$hdr(From)", "$(ru{s.len})", "$T_reply_code", "$xavp(a=>b)").map(
  (text): A.PseudoVariable => ({ type: "PseudoVariable", span, text }),
);
const number = fc.nat({ max: 100000 }).map((n): A.NumberLiteral => ({ type: "NumberLiteral", span, value: n, raw: String(n) }));
/** Characters that need escapes or that look like escapes when a backslash precedes them. */
const stringValue = fc.string({ unit: fc.constantFrom("a", "Z", " ", "\\", '"', "'", "\n", "\t", "\r", "\x07", "x", "1", "7", "n", "d", "$", "{", "}", ":", "\x01"), maxLength: 12 });
const string = fc.tuple(stringValue, fc.constantFrom<'"' | "'">('"', "'")).map(([value, q]): A.StringLiteral => {
  const quote = q === "'" && !value.includes("'") ? "'" : '"';
  return { type: "StringLiteral", span, value, raw: "", quote };
});

const leaf: fc.Arbitrary<A.Expression> = fc.oneof(pv, number, string);

const { expression } = fc.letrec<{ expression: A.Expression }>((tie) => ({
  expression: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...BINARY), tie("expression"), tie("expression")).map(
      ([operator, left, right]): A.Expression => ({ type: "BinaryExpression", span, operator, left, right }),
    ),
    fc.tuple(fc.constantFrom(...UNARY), tie("expression")).map(([operator, argument]): A.Expression => ({ type: "UnaryExpression", span, operator, argument })),
    pv.map((argument): A.Expression => ({ type: "UnaryExpression", span, operator: "defined", argument })),
    fc.array(leaf, { maxLength: 3 }).map((args): A.Expression => ({ type: "CallExpression", span, callee: "f_call", args })),
    fc.tuple(fc.constantFrom<A.ConditionField>("method", "uri", "status", "src_port"), fc.constantFrom<A.BinaryOperator>("==", "!=", "=~"), leaf).map(
      ([field, operator, value]): A.Expression => ({ type: "Condition", span, field, operator, value, reversed: false }),
    ),
    fc.constant<A.Expression>({ type: "Condition", span, field: "uri", operator: "==", value: { type: "Myself", span }, reversed: false }),
    fc.array(tie("expression"), { minLength: 1, maxLength: 1 }).map((args): A.Expression => ({ type: "BuiltinCall", span, name: "strlen", args })),
  ),
}));

const simple: fc.Arbitrary<A.Statement> = fc.oneof(
  fc.tuple(pv.filter((p) => p.text.startsWith("$var") || p.text.startsWith("$avp")), expression).map(
    ([target, value]): A.Statement => ({ type: "AssignStatement", span, target, value }),
  ),
  fc.array(leaf, { maxLength: 3 }).map((args): A.Statement => ({ type: "ExpressionStatement", span, expression: { type: "CallExpression", span, callee: "f_call", args } })),
  fc.option(number, { nil: undefined }).map((argument): A.Statement => ({ type: "ReturnStatement", span, keyword: "return", emptyParens: false, ...(argument ? { argument } : {}) })),
  fc.constant<A.Statement>({ type: "BreakStatement", span }),
);

const { statement } = fc.letrec<{ statement: A.Statement; block: A.Block }>((tie) => ({
  block: fc.array(tie("statement"), { minLength: 1, maxLength: 3 }).map((body): A.Block => ({ type: "Block", span, body })),
  statement: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    simple,
    fc.tuple(expression, tie("block"), fc.option(fc.oneof(tie("block"), tie("statement")), { nil: undefined })).map(([test, consequent, alternate]): A.Statement => {
      // A bare `if` as the else branch is `else if`; other bare statements need no braces.
      const alt = alternate && alternate.type !== "Block" && alternate.type !== "IfStatement" ? alternate : alternate;
      return { type: "IfStatement", span, test, consequent: consequent as A.Block, ...(alt ? { alternate: alt as A.Statement } : {}) };
    }),
    fc.tuple(expression, simple).map(([test, consequent]): A.Statement => ({ type: "IfStatement", span, test, consequent })),
    fc.tuple(expression, tie("block")).map(([test, body]): A.Statement => ({ type: "WhileStatement", span, test, body: body as A.Block })),
    fc.tuple(pv, fc.array(fc.array(simple, { maxLength: 2 }), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([discriminant, bodies, withDefault]): A.Statement => {
      const cases: A.SwitchCase[] = bodies.map((body, i) => ({ type: "SwitchCase", span, regex: false, body, test: { type: "NumberLiteral", span, value: i, raw: String(i) } }));
      if (withDefault) cases.push({ type: "SwitchCase", span, regex: false, body: [{ type: "BreakStatement", span }] });
      return { type: "SwitchStatement", span, discriminant, cases };
    }),
  ),
}));

function programOf(body: A.Statement[]): A.Program {
  const route: A.RouteBlock = { type: "RouteBlock", span, keyword: "request_route", body: { type: "Block", span, body } };
  return { type: "Program", span, body: [route], danglingComments: [], map: undefined as never, defines: new Map() };
}

describe("printProgram on generated trees", () => {
  it("parses back to the same tree and prints the same text again", () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (body) => {
        const program = programOf(body);
        const printed = printProgram(program);
        const again = parse(preprocessText("gen.cfg", printed, { env: {} })).program;
        const back = stripForCompare(again, { derived: false }) as { body: { body: unknown[] } }[];
        const want = stripForCompare(program, { derived: false }) as { body: { body: unknown[] } }[];
        expect(back).toEqual(want);
        expect(printProgram(again)).toBe(printed);
      }),
      { numRuns: 150 },
    );
  });
});
