import type CodeBlockWriter from "code-block-writer";
import type {
  AssignStatement,
  Comment,
  Expression,
  ReturnStatement,
  Statement,
  SwitchStatement,
  WhileStatement,
} from "../../ast/index.js";
import type { EmitContext } from "./context.js";
import { emitExpression } from "./expressions.js";
import { type Typed, asCondition, asInt, asStr, literalInt } from "./typed.js";

/**
 * Where a statement list sits in a route whose value someone reads (`route(X)` in an expression,
 * `$rc`, reply forwarding). Natively a route's value is the code of the last action executed, so
 * the statement that runs last hands its code on: `return` it (`"return"`), or store it in a
 * variable (`{ assign }`) when it sits in a loop or switch. `"none"`: nobody reads the value.
 */
export type Tail = "none" | "return" | { readonly assign: string };

export interface StatementScope {
  /** Inside a while or switch: `break` leaves that, not the route. */
  readonly breakable: boolean;
  /** The route returns its native code (the route's value is read). */
  readonly valueNeeded: boolean;
  /**
   * An entry point (request, reply, failure… route) rather than a `route[X]` called by another:
   * there `return 0` just ends the route with code 0 (which a reply route's caller reads).
   */
  readonly topLevel?: boolean;
}

/** The value of a literal int, `-N` included; undefined for anything computed or from a define. */
function constantInt(e: Expression): number | undefined {
  if (e.type === "NumberLiteral") return e.origin ? undefined : e.value;
  if (e.type === "UnaryExpression" && e.operator === "-" && e.argument.type === "NumberLiteral" && !e.argument.origin) {
    return -e.argument.value;
  }
  return undefined;
}

export function emitStatements(list: readonly Statement[], w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope, tail: Tail): void {
  const last = lastMeaningful(list);
  for (const [i, s] of list.entries()) emitStatement(s, w, ctx, scope, i === last ? tail : "none");
  if (last < 0) finishTail(tail, "1", w);
}

function emitStatement(s: Statement, w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope, tail: Tail): void {
  writeComments(s.leadingComments, w);
  switch (s.type) {
    case "ExpressionStatement": {
      const t = emitExpression(s.expression, ctx);
      if (tail === "return") w.write(`return ${codeOf(t, ctx)};`);
      else if (tail !== "none") w.write(`${tail.assign} = ${codeOf(t, ctx)};`);
      else if (t.type === "call") {
        if (t.stmt) w.write(`${t.stmt};`);
      } else if (s.expression.type === "CoreAction" && s.expression.action === "ERROR") {
        w.write(`// ${s.expression.keyword}(…): does nothing in Kamailio`);
      } else w.write(`${t.code};`);
      break;
    }
    case "AssignStatement":
      emitAssignment(s, w, ctx);
      finishTail(tail, "1", w, true);
      break;
    case "IfStatement": {
      const test = emitExpression(s.test, ctx);
      if (typeof tail === "object" && !s.alternate) w.writeLine(`${tail.assign} = 1;`);
      w.write(`if (${asCondition(test, ctx.use)}) `).inlineBlock(() => emitBody(s.consequent, w, ctx, scope, tail));
      if (s.alternate) {
        w.write(" else ");
        if (s.alternate.type === "IfStatement") emitStatement(s.alternate, w, ctx, scope, tail);
        else w.inlineBlock(() => emitBody(s.alternate!, w, ctx, scope, tail));
      } else if (tail === "return") {
        w.newLine().write("return 1;");
      }
      break;
    }
    case "WhileStatement":
      emitWhile(s, w, ctx, scope, tail);
      break;
    case "SwitchStatement":
      emitSwitch(s, w, ctx, scope, tail);
      break;
    case "ReturnStatement":
      emitReturn(s, w, ctx, scope);
      break;
    case "BreakStatement":
      // Outside a loop or switch, break ends the route with code 0 and the caller goes on.
      if (scope.breakable) w.write("break;");
      else w.write(scope.valueNeeded ? "return 0;" : "return;");
      break;
    case "Block":
      emitStatements(s.body, w, ctx, scope, tail);
      break;
    case "EmptyStatement":
      finishTail(tail, "1", w);
      break;
    case "Invalid":
      w.write(`// (not translated: ${ctx.where(s)} could not be parsed)`);
      break;
  }
  writeTrailingComments(s.trailingComments, w);
  w.newLineIfLastNot();
}

function emitBody(s: Statement, w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope, tail: Tail): void {
  if (s.type === "Block") emitStatements(s.body, w, ctx, scope, tail);
  else emitStatements([s], w, ctx, scope, tail);
}

function codeOf(t: Typed, ctx: EmitContext): string {
  return t.type === "call" ? t.code : asInt(t, ctx.use);
}

function finishTail(tail: Tail, code: string, w: CodeBlockWriter, afterStatement = false): void {
  if (tail === "none") return;
  if (afterStatement) w.newLineIfLastNot();
  if (tail === "return") w.write(`return ${code};`);
  else w.write(`${tail.assign} = ${code};`);
}

/**
 * `while` stops after `max_while_loops` (100) iterations with "runaway while", and the script goes
 * on; its condition holds when non-zero (unlike `if`, which wants > 0).
 */
function emitWhile(s: WhileStatement, w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope, tail: Tail): void {
  const test = emitExpression(s.test, ctx);
  const n = literalInt(test.code);
  const cond =
    test.type === "bool" ? test.code : test.type === "call" ? test.cond : n !== undefined ? String(n !== 0) : `${asInt(test, ctx.use)} !== 0`;
  const id = ctx.nextId();
  const loop = `loop${id}`;
  const inner: Tail = tail === "none" ? "none" : { assign: `code${id}` };
  if (inner !== "none") w.writeLine(`let ${inner.assign} = 1;`);
  w.write(`for (let ${loop} = 1; ${cond}; ${loop}++) `).inlineBlock(() => {
    w.write(`if (${loop} > ${ctx.use("MAX_WHILE_LOOPS")}) `).inlineBlock(() => {
      w.writeLine(`${ctx.use("runawayWhile")}(${JSON.stringify(ctx.where(s))});`);
      if (inner !== "none") w.writeLine(`${inner.assign} = -1;`);
      w.write("break;");
    });
    w.newLine();
    emitBody(s.body, w, ctx, { ...scope, breakable: true }, inner);
  });
  if (inner !== "none") {
    w.newLine();
    finishTail(tail, inner.assign, w);
  }
}

/**
 * Kamailio's switch falls through like C's. Int labels make an int switch (the value converted to
 * int), string labels a string switch; regex labels (`case /"re":`, case-sensitive) make the
 * cases tests evaluated in source order, which `switch (true)` expresses with the same fall-through.
 */
function emitSwitch(s: SwitchStatement, w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope, tail: Tail): void {
  const value = emitExpression(s.discriminant, ctx);
  const intSwitch = s.cases.some((c) => c.test?.type === "NumberLiteral" || (c.test && c.test.type !== "StringLiteral"));
  const hasRegex = s.cases.some((c) => c.regex);
  const subject = intSwitch ? asInt(value, ctx.use) : asStr(value, ctx.use);
  const inner: Tail = tail === "none" ? "none" : { assign: `code${ctx.nextId()}` };
  if (inner !== "none") w.writeLine(`let ${inner.assign} = 1;`);
  const label = (test: SwitchStatement["cases"][number]["test"], regex: boolean): string => {
    if (!test) return "default:";
    const t = emitExpression(test, ctx);
    if (!hasRegex) return `case ${intSwitch ? asInt(t, ctx.use) : asStr(t, ctx.use)}:`;
    if (regex) return `case ${ctx.use("matchesCase")}(subject, ${asStr(t, ctx.use)}):`;
    return `case subject === ${intSwitch ? asInt(t, ctx.use) : asStr(t, ctx.use)}:`;
  };
  const body = () => {
    for (const c of s.cases) {
      writeComments(c.leadingComments, w);
      w.writeLine(label(c.test, c.regex));
      w.indent(() => emitStatements(c.body, w, ctx, { ...scope, breakable: true }, inner));
    }
  };
  if (hasRegex) {
    w.inlineBlock(() => {
      w.writeLine(`const subject = ${subject};`);
      w.write("switch (true) ").inlineBlock(body);
    });
  } else {
    w.write(`switch (${subject}) `).inlineBlock(body);
  }
  if (inner !== "none") {
    w.newLine();
    finishTail(tail, inner.assign, w);
  }
}

function emitReturn(s: ReturnStatement, w: CodeBlockWriter, ctx: EmitContext, scope: StatementScope): void {
  if (s.keyword === "drop") {
    w.write("KSR.x.drop();");
    return;
  }
  if (s.keyword === "exit") {
    w.write("KSR.x.exit();");
    return;
  }
  // `return 0` (or a value that turns out 0) ends the whole script, like exit.
  if (!s.argument) {
    w.write(scope.valueNeeded ? "return 1;" : "return;");
    return;
  }
  const constant = constantInt(s.argument);
  if (constant !== undefined) {
    if (constant === 0 && !scope.topLevel) w.write("KSR.x.exit();");
    else if (scope.valueNeeded) w.write(`return ${constant};`);
    else w.write(constant === 0 ? "KSR.x.exit();" : "return;");
    return;
  }
  const code = `${ctx.use("exitIfZero")}(${asInt(emitExpression(s.argument, ctx), ctx.use)})`;
  w.write(scope.valueNeeded ? `return ${code};` : `${code};\nreturn;`);
}

/** `$pv = value`: ints with `seti`, strings with `sets`, `$null` with `unset`, run-time types with `assign`. */
function emitAssignment(s: AssignStatement, w: CodeBlockWriter, ctx: EmitContext): void {
  const name = ctx.pvs.set(s.target.text);
  const v = emitExpression(s.value, ctx);
  if (v.type === "value" && v.code === "null") {
    w.write(`KSR.pv.unset(${name});`);
    return;
  }
  switch (v.type) {
    case "int":
    case "bool":
      w.write(`KSR.pv.seti(${name}, ${asInt(v, ctx.use)});`);
      return;
    case "call":
      w.write(`KSR.pv.seti(${name}, ${v.code});`);
      return;
    case "str":
      w.write(`KSR.pv.sets(${name}, ${v.code});`);
      return;
    case "value":
      w.write(`${ctx.use("assign")}(${name}, ${v.code});`);
      return;
  }
}

/** Index of the last statement that can run (comments and empty statements do not count). */
function lastMeaningful(list: readonly Statement[]): number {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.type !== "EmptyStatement") return i;
  return list.length - 1;
}

export function writeComments(comments: readonly Comment[] | undefined, w: CodeBlockWriter): void {
  for (const c of comments ?? []) w.writeLine(commentText(c));
}

function writeTrailingComments(comments: readonly Comment[] | undefined, w: CodeBlockWriter): void {
  if (!comments?.length) return;
  w.write(` ${comments.map(commentText).join(" ")}`);
}

/** cfg comments in TypeScript: `# x` becomes `// x`; block comments stay. */
export function commentText(c: Comment): string {
  if (c.kind === "block") return c.text.replace(/\*\/(?=.)/g, "* /");
  const body = c.text.startsWith("//") ? c.text.slice(2) : c.text.slice(1);
  return `//${body}`;
}
