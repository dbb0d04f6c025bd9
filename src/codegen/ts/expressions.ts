import type {
  BinaryExpression,
  BuiltinCall,
  Expression,
  NumberLiteral,
  PseudoVariable,
  StringLiteral,
  UnaryExpression,
} from "../../ast/index.js";
import { emitModuleCall } from "./calls.js";
import { emitCondition } from "./conditions.js";
import type { EmitContext } from "./context.js";
import { constantFor } from "./constants.js";
import { emitCoreAction } from "./core-actions.js";
import { emitRouteCall } from "./routes-call.js";
import { type Typed, asCondition, asInt, asStr, asValue, bool, int, literalInt, str, value } from "./typed.js";

/** TypeScript for a cfg expression, with what it holds (see `Typed`). */
export function emitExpression(e: Expression, ctx: EmitContext): Typed {
  switch (e.type) {
    case "NumberLiteral":
      return int(numberCode(e, ctx));
    case "StringLiteral":
      return str(stringCode(e, ctx));
    case "PseudoVariable":
      return emitPvRead(e, ctx);
    case "Select":
      return value(ctx.pvs.get(`$sel(${e.text.slice(1)})`));
    case "BinaryExpression":
      return emitBinary(e, ctx);
    case "UnaryExpression":
      return emitUnary(e, ctx);
    case "BuiltinCall":
      return emitBuiltin(e, ctx);
    case "CallExpression":
      return emitModuleCall(e, ctx);
    case "RouteCall":
      return emitRouteCall(e, ctx);
    case "Condition":
      return bool(emitCondition(e, ctx));
    case "CoreAction":
      return emitCoreAction(e, ctx);
    case "Identifier":
      ctx.report("NotAValue", e, `'${e.name}' is a bare word, not a value here; quote it to make it a string`);
      return value("null");
    case "ActionsValue":
    case "AssignValue":
      ctx.report("UnsupportedAction", e, "an action block or assignment used as a value is not translated by kemits yet");
      return value("null");
    case "Invalid":
      return value("null");
  }
}

export function numberCode(e: NumberLiteral, ctx: EmitContext): string {
  if (e.origin) return constantFor(e.origin, String(e.value), "int", ctx);
  return String(e.value);
}

export function stringCode(e: StringLiteral, ctx: EmitContext): string {
  if (e.origin) return constantFor(e.origin, JSON.stringify(e.value), "str", ctx);
  return JSON.stringify(e.value);
}

/** `$rc`, `$?` and `$retcode` are the code of the last call; everything else goes through KSR.pv. */
export function emitPvRead(pv: PseudoVariable, ctx: EmitContext): Typed {
  const name = pv.spec?.name;
  if (name === "rc" || name === "retcode" || name === "?") return int("rc");
  if (name === "null") return value("null");
  return value(ctx.pvs.get(pv.text));
}

/**
 * Operands are always parenthesised: an operand's code may be any expression (`(6) | (1)`,
 * `c ? a : b`), and JavaScript's precedence differs from Kamailio's. Prettier drops the ones that
 * are not needed.
 */
function emitBinary(e: BinaryExpression, ctx: EmitContext): Typed {
  const { use } = ctx;
  const l = emitExpression(e.left, ctx);
  const r = emitExpression(e.right, ctx);
  switch (e.operator) {
    case "||":
      return bool(`(${asCondition(l, use)}) || (${asCondition(r, use)})`);
    case "&&":
      return bool(`(${asCondition(l, use)}) && (${asCondition(r, use)})`);
    case "+":
      // The left operand's type decides: int addition or string concatenation.
      if (l.type === "int" || l.type === "bool" || l.type === "call") return int(`(${asInt(l, use)}) + (${asInt(r, use)})`);
      if (l.type === "str") return str(`(${l.code}) + (${asStr(r, use)})`);
      return value(`${use("add")}(${l.code}, ${asValue(r, use)})`);
    case "-":
      return int(`(${asInt(l, use)}) - (${asInt(r, use)})`);
    case "*":
      return int(`(${asInt(l, use)}) * (${asInt(r, use)})`);
    case "/":
      return int(`${use("div")}(${asInt(l, use)}, ${asInt(r, use)})`);
    case "mod":
      return int(`${use("mod")}(${asInt(l, use)}, ${asInt(r, use)})`);
    case "|":
    case "&":
    case "^":
    case "<<":
    case ">>":
      return int(`(${asInt(l, use)}) ${e.operator} (${asInt(r, use)})`);
    case "<":
    case ">":
    case "<=":
    case ">=":
      return bool(`(${asInt(l, use)}) ${e.operator} (${asInt(r, use)})`);
    case "==":
    case "!=":
      return bool(equality(l, r, e.operator === "!=", ctx));
    case "eq":
    case "ne":
      return bool(`(${asStr(l, use)}) ${e.operator === "eq" ? "===" : "!=="} (${asStr(r, use)})`);
    case "ieq":
    case "ine":
      return bool(`(${asInt(l, use)}) ${e.operator === "ieq" ? "===" : "!=="} (${asInt(r, use)})`);
    case "=~":
      return bool(`${use("matches")}(${asStr(l, use)}, ${asStr(r, use)})`);
  }
}

/** `==` compares as the left operand's type; an undefined left takes the right's. */
function equality(l: Typed, r: Typed, negate: boolean, ctx: EmitContext): string {
  const { use } = ctx;
  const op = negate ? "!==" : "===";
  if (l.type === "int" || l.type === "bool" || l.type === "call") {
    const [a, b] = [asInt(l, use), asInt(r, use)];
    // Two literals: TypeScript rejects comparing distinct literal types, so fold as Kamailio does.
    const [x, y] = [literalInt(a), literalInt(b)];
    if (x !== undefined && y !== undefined) return String(negate ? x !== y : x === y);
    return `(${a}) ${op} (${b})`;
  }
  if (l.type === "str") return `(${l.code}) ${op} (${asStr(r, use)})`;
  if (r.type === "value" && r.code === "null") return `(${l.code}) ${op} null`;
  return `${negate ? "!" : ""}${use("eq")}(${l.code}, ${asValue(r, use)})`;
}

function emitUnary(e: UnaryExpression, ctx: EmitContext): Typed {
  const { use } = ctx;
  const a = emitExpression(e.argument, ctx);
  switch (e.operator) {
    case "!":
      // `!f()` on an int KEMI call reads best as `f() <= 0`.
      if (a.type === "call" && a.cond.endsWith(" > 0")) return bool(`${a.cond.slice(0, -4)} <= 0`);
      return bool(`!(${asCondition(a, use)})`);
    case "~":
      return int(`~(${asInt(a, use)})`);
    case "-":
      return int(`-(${asInt(a, use)})`);
    case "defined":
      return bool(a.type === "value" ? `${a.code} !== null` : "true");
    case "(int)":
      return int(asInt(a, use));
    case "(str)":
      return str(asStr(a, use));
  }
}

function emitBuiltin(e: BuiltinCall, ctx: EmitContext): Typed {
  const { use } = ctx;
  const args = e.args.map((a) => emitExpression(a, ctx));
  switch (e.name) {
    case "strlen":
      return int(`(${asStr(args[0]!, use)}).length`);
    case "strempty":
      return bool(`(${asStr(args[0]!, use)}) === ""`);
    case "selval": {
      const [c, a, b] = args as [Typed, Typed, Typed];
      const t = a.type === b.type && a.type !== "call" ? a.type : "value";
      const pick = (x: Typed) => (t === "value" ? asValue(x, use) : x.code);
      return { type: t, code: `${asCondition(c, use)} ? ${pick(a)} : ${pick(b)}` } as Typed;
    }
  }
}
