import type { RouteCall } from "../../ast/index.js";
import type { EmitContext } from "./context.js";
import { emitExpression } from "./expressions.js";
import { routeFunctionName } from "./naming.js";
import { type Typed, asStr } from "./typed.js";

/**
 * `route(NAME)` is a direct call of the route's function; `route($var(r))` looks the name up at run
 * time in the module's `ROUTES` table (an unknown name logs an error and the script goes on, as
 * natively). The call's value is the route's native code.
 */
export function emitRouteCall(e: RouteCall, ctx: EmitContext): Typed {
  const name = staticRouteName(e);
  let call: string;
  if (name !== undefined) {
    call = `${routeFunctionName("named", name)}()`;
  } else {
    call = `${ctx.use("callRoute")}(ROUTES, ${asStr(emitExpression(e.target, ctx), ctx.use)})`;
  }
  const code = ctx.usesRc ? `(rc = ${call})` : call;
  return { type: "call", code, cond: `${code} > 0`, stmt: ctx.usesRc ? `rc = ${call}` : call };
}

/** The route a `route()` call names when it is known at compile time. */
export function staticRouteName(e: RouteCall): string | undefined {
  const t = e.target;
  if (t.type === "Identifier") return t.name;
  if (t.type === "StringLiteral") return t.value;
  if (t.type === "NumberLiteral") return String(t.value);
  return undefined;
}
