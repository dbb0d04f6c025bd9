import type { IRecognitionException, IToken } from "chevrotain";
import type { Comment, Program, TopLevel } from "../ast/nodes.js";
import { type Diagnostic, DiagnosticSink } from "../diag/index.js";
import type { PreprocessResult } from "../preprocess/types.js";
import { AstBuilder, type Report } from "./build-ast.js";
import { checkProgram } from "./checks.js";
import { PARSE_CODES, type ParseCode } from "./codes.js";
import { attachComments } from "./comments.js";
import { cfgParser } from "./grammar.js";
import { tokenize } from "./scanner.js";
import * as T from "./tokens.js";

export { PARSE_CODES } from "./codes.js";

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/** Parses the preprocessor's expanded text. Never throws for bad input: problems are diagnostics. */
export function parse(pre: PreprocessResult): ParseResult {
  const { text, map } = pre;
  const sink = new DiagnosticSink(PARSE_CODES);
  const report: Report = (code: ParseCode, start, end, message) => {
    sink.report(code, map.locate(start, Math.max(end, start + 1)), message, map.notes(start));
  };

  const lexed = tokenize(text);
  for (const e of lexed.errors) {
    report("UnexpectedCharacter", e.offset, e.offset + e.length, `unexpected character ${JSON.stringify(text.slice(e.offset, e.offset + 1))}: Kamailio echoes it and skips it`);
  }
  const comments: Comment[] = [];
  // An unclosed `/*` is reported by the preprocessor, which reads comments first.
  for (const t of lexed.groups.comments ?? []) {
    comments.push({ kind: t.tokenType === T.BlockComment ? "block" : "line", text: t.image, span: { start: t.startOffset, end: t.startOffset + t.image.length } });
  }

  // The AST is built item by item while parsing; what the builder reports is held back so that
  // syntax errors come first, as when the whole CST was built before the AST.
  const held: Parameters<Report>[] = [];
  const builder = new AstBuilder(text, map, (...args) => held.push(args), pre.mode === "kamailio");
  const body: TopLevel[] = [];
  const parser = cfgParser();
  parser.parseProgram(lexed.tokens, (item) => body.push(builder.topLevel(item)));
  // One error per line: after the first, recovery often trips over the rest of the same line.
  let lastLine = -2; // lastIndexOf gives -1 on the first line
  for (const e of parser.errors) {
    const at = Number.isNaN(e.token.startOffset) ? text.length : e.token.startOffset;
    const lineStart = text.lastIndexOf("\n", at - 1);
    if (lineStart === lastLine) continue;
    lastLine = lineStart;
    reportSyntaxError(e, lexed.tokens, text, report);
  }

  for (const args of held) report(...args);
  checkProgram(body, report);

  const program: Program = {
    type: "Program",
    span: { start: 0, end: text.length },
    body,
    danglingComments: [],
    map,
    defines: pre.defines,
    mode: pre.mode,
  };
  attachComments(program, comments, text);
  return { program, diagnostics: sink.items };
}

/** Chevrotain's exceptions, reworded for cfg authors. */
type RecognitionError = IRecognitionException & { previousToken?: IToken };

function reportSyntaxError(e: RecognitionError, tokens: IToken[], text: string, report: Report): void {
  const t = e.token;
  const at = Number.isNaN(t.startOffset) ? (e.previousToken?.startOffset ?? text.length) : t.startOffset;
  const end = Number.isNaN(t.startOffset) ? at : at + t.image.length;
  const hint = operatorHint(t, tokens, text);
  if (hint) {
    report("UnsupportedOperator", hint.start, hint.end, hint.message);
    return;
  }
  if (t.tokenType === T.NumId && /^[0-9]+$/.test(t.image)) {
    report("InvalidNumber", at, end, `\`${t.image}\` is not a number: a leading 0 means octal, which has no 8 or 9`);
    return;
  }
  const prev = e.previousToken;
  if (t.tokenType === T.Assign && prev?.tokenType === T.Identifier && e.context.ruleStack.at(-1) === "cfgVar") {
    report("UnknownParameter", prev.startOffset, prev.startOffset + prev.image.length, `\`${prev.image}\` is not a core parameter`);
    return;
  }
  const found = Number.isNaN(t.startOffset) || t.tokenType.name === "EOF" ? "the end of the file" : `\`${t.image}\``;
  if ((t.tokenType === T.DoubleString || t.tokenType === T.SingleString) && prev && (prev.tokenType === T.DoubleString || prev.tokenType === T.SingleString)) {
    report("SyntaxError", at, end, "two strings in a row: adjacent strings are joined only when both use double quotes and just blanks separate them");
    return;
  }
  report("SyntaxError", at, end, `unexpected ${found} ${describeContext(e)}`);
}

function describeContext(e: IRecognitionException): string {
  const rule = e.context.ruleStack[e.context.ruleStack.length - 1] ?? "";
  const words: Record<string, string> = {
    program: "at top level",
    topLevel: "at top level",
    block: "in this block",
    statement: "where a statement should start",
    expression: "in this expression",
    unary: "where a value should be",
    primary: "where a value should be",
    functionCall: "in this function call",
    routeBlock: "in this route header",
    ifStatement: "in this if statement",
    switchStatement: "in this switch",
    switchCase: "in this case",
    assignStatement: "in this assignment (only `=` exists)",
    callStatement: "after this call (a `;` is missing?)",
    returnStatement: "after return/exit/drop (a `;` is missing?)",
    globalParam: "in this parameter setting",
    listenParam: "in this listen/alias setting",
    modParam: 'in modparam("module", "name", value)',
    coreAction: "in the arguments of this core action",
    builtinCall: "in strlen/strempty/selval (they need parentheses)",
    cfgVar: "in this cfg variable (`group.name = value`)",
    cfgVarId: "in this cfg variable name (keywords cannot be names)",
    eventRouteBlock: "in this event_route name (it is `module:event`)",
    "": "at top level",
  };
  return words[rule] ?? `(in ${rule})`;
}

function operatorHint(t: IToken, tokens: IToken[], text: string): { start: number; end: number; message: string } | undefined {
  if (Number.isNaN(t.startOffset)) return undefined;
  const s = t.startOffset;
  if (t.tokenType === T.Percent) return { start: s, end: s + 1, message: "`%` is not an operator in Kamailio; write `mod` for the remainder" };
  if (t.tokenType === T.PlusAssign) return { start: s, end: s + 2, message: "there is no `+=`; write `$x = $x + value;`" };
  if (t.tokenType === T.Assign && text[s - 1] === ":") return { start: s - 1, end: s + 1, message: "there is no `:=`; assignments use `=`" };
  if (t.tokenType === T.Tilde && text[s - 1] === "!") return { start: s - 1, end: s + 1, message: "there is no `!~`; write `!(a =~ re)`" };
  const i = tokens.indexOf(t);
  const next = tokens[i + 1];
  if (t.tokenType === T.Bang && next?.tokenType === T.Tilde && next.startOffset === s + 1) {
    return { start: s, end: s + 2, message: "there is no `!~`; write `!(a =~ re)`" };
  }
  if (t.tokenType === T.Colon && next?.tokenType === T.Assign && next.startOffset === s + 1) {
    return { start: s, end: s + 2, message: "there is no `:=`; assignments use `=`" };
  }
  return undefined;
}

