import type { CallExpression, Expression } from "../../ast/index.js";
import type { ArgConversion, NativeCallMapping } from "../../catalog/types.js";
import type { EmitContext } from "./context.js";
import { STANDARD_METHODS } from "./methods.js";
import { emitExpression, numberCode } from "./expressions.js";
import { emitFormat, singlePv } from "./pvformat.js";
import { routeFunctionName } from "./naming.js";
import { type Typed, asInt, asStr } from "./typed.js";

/**
 * A module function call, mapped through the catalog to its KEMI export. Its value is the native
 * code: KEMI int results are native codes already, booleans become 1/-1. A function that can
 * return 0 ends the script natively, so its code goes through `exitIfZero`.
 */
export function emitModuleCall(e: CallExpression, ctx: EmitContext): Typed {
  const mapping = ctx.analysis.calls.get(e);
  if (mapping?.status !== "kemi") return emitUnmapped(e, mapping, ctx);
  const idiom = methodIdiom(e, mapping);
  const args = mapping.args.map((a) => emitArg(a, e, mapping.module, ctx));
  const target = mapping.target;
  const path = target.ksr;
  let raw = idiom ?? `${path}(${args.join(", ")})`;
  // sl_reply_error() right after a t_relay answers from the error that call left (error-replies.ts).
  if (ctx.analysis.errorReplies.keepers.has(e)) raw = `${ctx.use("keepError")}(${raw})`;
  if (ctx.analysis.errorReplies.replies.has(e)) raw = `${ctx.use("slReplyError")}()`;
  let code: string;
  let cond: string;
  if (target.ret === "bool") {
    code = `${ctx.use("boolCode")}(${raw})`;
    cond = mapping.result === "negate" ? `!${raw}` : raw;
    if (mapping.result === "negate") code = `${ctx.use("boolCode")}(!${raw})`;
  } else {
    if (failureEnds(mapping, ctx)) raw = `${ctx.use("exitIfFailed")}(${raw})`;
    else if (ctx.analysis.mayReturnZero(target)) raw = `${ctx.use("exitIfZero")}(${raw})`;
    code = mapping.result === "negate" ? `-(${raw})` : raw;
    cond = `${code} > 0`;
  }
  let stmt = raw;
  if (ctx.usesRc) {
    stmt = `rc = ${code}`;
    code = `(rc = ${code})`;
    cond = target.ret === "bool" ? `(rc = ${ctx.use("boolCode")}(${cond})) > 0` : `${code} > 0`;
  }
  return { type: "call", code, cond, stmt };
}

/** Whether the call's failure ends the script natively, given the module's modparams (see KemiResult). */
function failureEnds(mapping: Extract<NativeCallMapping, { status: "kemi" }>, ctx: EmitContext): boolean {
  const r = mapping.result;
  if (r === undefined || r === "negate") return false;
  return Number(ctx.analysis.modparamValue(mapping.module, r.failureEnds.modparam) ?? r.failureEnds.default) !== 0;
}

function emitArg(a: ArgConversion, call: CallExpression, module: string, ctx: EmitContext): string {
  const arg: Expression | undefined = a.nativeIndex === undefined ? undefined : call.args[a.nativeIndex];
  switch (a.action) {
    case "constant":
    case "modparam":
      return JSON.stringify(a.action === "modparam" ? (ctx.analysis.modparamValue(module, a.modparam!) ?? a.value) : a.value);
    case "template":
      return JSON.stringify(fillTemplate(a.template ?? "", call, ctx));
    case "routeFunction": {
      const name = arg && literalOf(arg);
      const kind = a.route === "failure" ? "failure" : a.route === "branch" ? "branch" : a.route === "onreply" ? "onreply" : "named";
      if (name === undefined) return arg ? asStr(emitExpression(arg, ctx), ctx.use) : '""';
      return JSON.stringify(a.route === "branch_failure" ? `ksr_event_route_tm__branch_2d_failure__${name}` : routeFunctionName(kind, name));
    }
    case "number":
      return numberArg(arg, ctx);
    case "evaluate":
      if (arg?.type === "StringLiteral") return a.kemiType === "int" ? intFromFormat(arg, ctx) : emitFormat(arg, ctx);
      return arg ? convert(emitExpression(arg, ctx), a, ctx) : '""';
    case "valueOrLiteral":
      if (arg?.type === "StringLiteral") {
        const pv = singlePv(arg);
        if (pv) return `${ctx.use(a.kemiType === "int" ? "toInt" : "toStr")}(${ctx.pvs.get(pv)})`;
        return a.kemiType === "int" ? numberArg(arg, ctx) : JSON.stringify(arg.value);
      }
      return arg ? convert(emitExpression(arg, ctx), a, ctx) : '""';
    case "verbatim":
    case "string":
      if (arg?.type === "StringLiteral") {
        // The KEMI side expands a verbatim format: its PVs are read at run time all the same.
        if (a.action === "verbatim") ctx.pvs.format(arg.value);
        return emitExpression(arg, ctx).code;
      }
      return arg ? convert(emitExpression(arg, ctx), a, ctx) : '""';
  }
}


/** `is_method("INVITE")` reads best as `KSR.is_INVITE()`, which is the same test. */
function methodIdiom(e: CallExpression, mapping: Extract<NativeCallMapping, { status: "kemi" }>): string | undefined {
  if (mapping.target.ksr !== "KSR.is_method") return undefined;
  const arg = e.args[0];
  if (arg?.type !== "StringLiteral") return undefined;
  const method = arg.value.toUpperCase();
  return STANDARD_METHODS.has(method) ? `KSR.is_${method}()` : undefined;
}

function convert(t: Typed, a: ArgConversion, ctx: EmitContext): string {
  return a.kemiType === "int" ? asInt(t, ctx.use) : asStr(t, ctx.use);
}

/** An int parameter: numeric literals are folded (`"10"` is 10), PVs read as ints at run time. */
function numberArg(arg: Expression | undefined, ctx: EmitContext): string {
  if (!arg) return "0";
  if (arg.type === "NumberLiteral") return numberCode(arg, ctx);
  if (arg.type === "StringLiteral") {
    const n = parseNativeInt(arg.value);
    if (n !== undefined) return arg.origin ? emitExpression(arg, ctx).code : String(n);
    if (singlePv(arg) || arg.value.includes("$")) return intFromFormat(arg, ctx);
    return String(parseNativeInt(arg.value) ?? 0);
  }
  return asInt(emitExpression(arg, ctx), ctx.use);
}

function intFromFormat(s: Expression & { type: "StringLiteral" }, ctx: EmitContext): string {
  const pv = singlePv(s);
  if (pv) return `${ctx.use("toInt")}(${ctx.pvs.get(pv)})`;
  const n = parseNativeInt(s.value);
  if (n !== undefined) return String(n);
  return `${ctx.use("toInt")}(${emitFormat(s, ctx)})`;
}

/** Kamailio's str2sint: optional sign, decimal digits; hex with 0x. */
function parseNativeInt(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  return undefined;
}

function literalOf(e: Expression): string | undefined {
  if (e.type === "StringLiteral") return e.value;
  if (e.type === "NumberLiteral") return String(e.value);
  if (e.type === "Identifier") return e.name;
  return undefined;
}

function fillTemplate(template: string, call: CallExpression, ctx: EmitContext): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => {
    const arg = call.args[Number(i)];
    const text = arg ? literalOf(arg) : undefined;
    if (text === undefined && arg) ctx.report("NotAValue", arg, "this argument must be a literal here");
    return text ?? "";
  });
}

function emitUnmapped(e: CallExpression, mapping: NativeCallMapping | undefined, ctx: EmitContext): Typed {
  // Analysis has reported why (unknown function, no KEMI export); emit a call that keeps the
  // module compilable and visibly wrong, never a silent gap.
  if (mapping && (mapping.status === "none" || mapping.status === "unmapped") && mapping.modf) {
    const args = e.args.map((a) => asStr(emitExpression(a, ctx), ctx.use));
    const code = `KSR.x.modf(${[JSON.stringify(e.callee), ...args].join(", ")})`;
    return { type: "call", code, cond: `${code} > 0`, stmt: code };
  }
  return { type: "call", code: "-1", cond: "false", stmt: "" };
}
