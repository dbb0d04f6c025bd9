/**
 * `sl_reply_error()` answers from Kamailio's `prev_ser_error`: the internal error the action run
 * just before it left behind (the core resets the error before every action). Natively,
 * `if (!t_relay()) sl_reply_error();` therefore answers `478 Unresolvable destination (478/SL)`
 * when the R-URI has no usable host. Under KEMI no action resets or saves the error, so
 * `KSR.sl.sl_reply_error()` always answers `500 ... (1/SL)`.
 *
 * The functions that leave their error behind are tm's t_relay family, whose negative code is
 * that error. This pass finds each `sl_reply_error()` whose previous action is statically one of
 * them: the first statement of either branch of an `if` testing such a call (negated or not), or
 * the statement right after such a call in a block or a `case`. The generator answers those from the call's code; every
 * other `sl_reply_error()` follows an action that set no error, where 500 is the native answer too.
 */

import type { CallExpression, Expression, ExpressionStatement, RouteBlock, Statement } from "../ast/index.js";
import { walk } from "../ast/index.js";
import type { NativeCallMapping } from "../catalog/types.js";

/** KEMI functions whose negative result is the `ser_error` they leave (all go through tm's t_relay_to). */
const ERROR_SETTERS: ReadonlySet<string> = new Set([
  "KSR.tm.t_relay",
  "KSR.tm.t_relay_to_proto",
  "KSR.tm.t_relay_to_proto_addr",
  "KSR.tm.t_relay_to_flags",
  "KSR.tm.t_relay_to_proxy",
  "KSR.tm.t_relay_to_proxy_flags",
]);

export interface ErrorReplies {
  /** `sl_reply_error()` calls to answer from the kept error. */
  readonly replies: Set<CallExpression>;
  /** The t_relay-family calls right before them, whose code is kept. */
  readonly keepers: Set<CallExpression>;
}

/** Adds the `sl_reply_error()` calls of `route` whose previous action is a call that sets the error. */
export function findErrorReplies(route: RouteBlock, calls: ReadonlyMap<CallExpression, NativeCallMapping>, into: ErrorReplies): void {
  const setter = (e: Expression | ExpressionStatement["expression"] | undefined): CallExpression | undefined => {
    while (e?.type === "UnaryExpression" && e.operator === "!") e = e.argument;
    if (e?.type !== "CallExpression") return undefined;
    const m = calls.get(e);
    return m?.status === "kemi" && ERROR_SETTERS.has(m.target.ksr) ? e : undefined;
  };
  const markFirst = (s: Statement | undefined, keeper: CallExpression): void => {
    const first = s?.type === "Block" ? s.body[0] : s;
    const call = first?.type === "ExpressionStatement" ? first.expression : undefined;
    if (call?.type !== "CallExpression" || call.callee !== "sl_reply_error" || call.args.length !== 0) return;
    into.replies.add(call);
    into.keepers.add(keeper);
  };
  walk(route.body, {
    enter(node) {
      const tested = node.type === "IfStatement" ? setter(node.test) : undefined;
      if (node.type === "IfStatement" && tested) {
        markFirst(node.consequent, tested);
        markFirst(node.alternate, tested);
      }
      if (node.type === "Block" || node.type === "SwitchCase") {
        node.body.forEach((s, i) => {
          const prev = node.body[i - 1];
          const keeper = prev?.type === "ExpressionStatement" ? setter(prev.expression) : undefined;
          if (keeper) markFirst(s, keeper);
        });
      }
      return undefined;
    },
  });
}
