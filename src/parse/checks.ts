import type * as A from "../ast/nodes.js";
import { routeKind } from "../ast/nodes.js";
import { walk } from "../ast/walk.js";
import { ONSEND_ALLOWED_ACTIONS } from "./core-actions.js";
import type { Report } from "./build-ast.js";

const ONSEND_FIELDS = new Set(["snd_ip", "snd_port", "snd_proto", "to_proto", "snd_af", "to_af", "to_ip", "to_port"]);
const MAX_ARGS = 6;

/** Checks Kamailio makes while parsing (cfg.y actions), plus the route warnings. */
export function checkProgram(body: readonly A.TopLevel[], report: Report): void {
  const defined = new Map<string, A.RouteBlock>();
  const calls: A.Identifier[] = [];
  // Unnamed request blocks (`request_route`, `route {}`) are concatenated; `route[0]` is checked
  // as a name and clashes with any request block before it. Reply blocks never clash.
  let requestSeen = false;
  // Flags must be declared before use: Kamailio checks each name while it parses.
  const flags = new Set<string>();
  for (const item of body) {
    if (item.type === "FlagsDecl" && item.keyword !== "avpflags") for (const f of item.flags) flags.add(f.name);
    if (item.type !== "RouteBlock") continue;
    const kind = routeKind(item);
    if (kind === "request") {
      if (item.name && requestSeen) duplicate(item, report);
      requestSeen = true;
    } else if (kind !== "reply") {
      const key = `${kind}:${item.name?.value ?? ""}`;
      if (defined.has(key)) duplicate(item, report);
      else defined.set(key, item);
    }
    checkRoute(item, kind, report, calls, flags);
  }
  for (const id of calls) {
    if (!defined.has(`named:${id.name}`)) {
      report("UndefinedRoute", id.span.start, id.span.end, `no \`route[${id.name}]\` block defines the route called here`);
    }
  }
}

function duplicate(item: A.RouteBlock, report: Report): void {
  // From the name to the end of the block: Kamailio reports the block's last line.
  report("DuplicateRoute", (item.name ?? item).span.start, item.span.end, `route \`${item.name?.value ?? item.keyword}\` is already defined`);
}

const FLAG_ACTIONS = new Set(["SETFLAG", "RESETFLAG", "ISFLAGSET"]);

function checkRoute(route: A.RouteBlock, kind: A.RouteKind, report: Report, calls: A.Identifier[], flags: ReadonlySet<string>): void {
  const onsend = kind === "onsend";
  walk(route.body, {
    enter(node) {
      switch (node.type) {
        case "SwitchStatement":
          checkSwitch(node, report);
          break;
        case "CallExpression":
          if (node.args.length > MAX_ARGS) {
            report("TooManyArguments", node.span.start, node.span.end, `\`${node.callee}\` has ${node.args.length} arguments; at most ${MAX_ARGS} are allowed`);
          }
          for (const arg of node.args) {
            walk(arg, {
              enter(inner) {
                if (inner.type === "CallExpression") {
                  report("NestedFunctionCall", inner.span.start, inner.span.end, "a function call cannot be used inside the arguments of another function; assign it to a variable first");
                  return false;
                }
                return undefined;
              },
            });
          }
          break;
        case "RouteCall":
          if (node.target.type === "Identifier") calls.push(node.target);
          else if (node.target.type === "StringLiteral" || node.target.type === "NumberLiteral") {
            const name = node.target.type === "StringLiteral" ? node.target.value : String(node.target.value);
            calls.push({ type: "Identifier", span: node.target.span, name });
          }
          if (onsend) report("NotAllowedInOnsend", node.span.start, node.span.end, "`route()` is not allowed in onsend_route");
          break;
        case "CoreAction":
          if (FLAG_ACTIONS.has(node.action)) checkFlag(node, flags, report);
          if (onsend && !ONSEND_ALLOWED_ACTIONS.has(node.action)) {
            report("NotAllowedInOnsend", node.span.start, node.span.end, `\`${node.keyword}\` is not allowed in onsend_route`);
          }
          break;
        case "Condition":
          if (!onsend && ONSEND_FIELDS.has(node.field)) {
            report("OnsendOnly", node.span.start, node.span.end, `\`${node.field}\` can only be used in onsend_route`);
          }
          break;
        case "BinaryExpression":
          checkConstantTypes(node, report);
          break;
      }
      return undefined;
    },
  });
}

function checkFlag(action: A.CoreAction, flags: ReadonlySet<string>, report: Report): void {
  const arg = action.args?.[0];
  if (!arg) return;
  if (arg.type === "NumberLiteral") {
    if (arg.value < 0 || arg.value > 31) report("BadFlagValue", arg.span.start, arg.span.end, `flag ${arg.value} is out of range: flags are 0 to 31`);
    return;
  }
  const name = arg.type === "Identifier" ? arg.name : arg.type === "StringLiteral" ? arg.value : undefined;
  if (name !== undefined && !flags.has(name)) {
    report("FlagNotDeclared", arg.span.start, arg.span.end, `flag \`${name}\` is not declared (declare it with \`flags ${name};\` before this route, or use a number)`);
  }
}

function checkSwitch(sw: A.SwitchStatement, report: Report): void {
  let seenDefault = false;
  let labelKind: "int" | "str" | undefined;
  for (const c of sw.cases) {
    if (!c.test) {
      // On the whole switch, as Kamailio reports it.
      if (seenDefault) report("DuplicateDefault", sw.span.start, sw.span.end, "this switch has more than one `default:` label; only one is allowed");
      seenDefault = true;
      continue;
    }
    const kind = constantKind(c.test);
    if (kind === undefined) {
      report("NonConstantCaseLabel", c.test.span.start, c.test.span.end, "case labels must be constants");
      continue;
    }
    const k = c.regex ? "str" : kind;
    if (labelKind && labelKind !== k) {
      report("MixedCaseLabels", c.test.span.start, c.test.span.end, "a switch cannot mix integer and string case labels");
    }
    labelKind ??= k;
  }
}

/** The type of a constant expression (Kamailio folds these), or undefined when not constant. */
function constantKind(e: A.Expression): "int" | "str" | undefined {
  switch (e.type) {
    case "NumberLiteral":
      return "int";
    case "StringLiteral":
      return "str";
    case "UnaryExpression":
      if (e.operator === "defined") return undefined;
      return constantKind(e.argument) === undefined ? undefined : e.operator === "(str)" ? "str" : "int";
    case "BinaryExpression": {
      const l = constantKind(e.left);
      const r = constantKind(e.right);
      if (l === undefined || r === undefined) return undefined;
      return e.operator === "+" ? l : "int";
    }
    default:
      return undefined;
  }
}

const INT_ONLY = new Set<A.BinaryOperator>(["-", "*", "/", "mod", "&", "|", "^", "<<", ">>", "<", ">", "<=", ">=", "ieq", "ine", "&&", "||"]);

/**
 * `10 == "10"`, `1 + "a"`, `$x - "1"`, `1 eq $x`: Kamailio rejects constants of the wrong type
 * (`rve_check_type`). Checked against 5.6.3: an operator taking ints refuses a constant string on
 * either side whatever the other side is; `eq`/`ne` refuse a constant int on the left; `+`, `==`
 * and `!=` refuse a constant int left with a constant string right.
 */
function checkConstantTypes(e: A.BinaryExpression, report: Report): void {
  const l = constantKind(e.left);
  const r = constantKind(e.right);
  let bad = false;
  if (INT_ONLY.has(e.operator)) bad = l === "str" || r === "str";
  else if (e.operator === "+" || e.operator === "==" || e.operator === "!=") bad = l === "int" && r === "str";
  else if (e.operator === "eq" || e.operator === "ne") bad = l === "int";
  if (bad) report("ConstantTypeMismatch", e.span.start, e.span.end, `\`${e.operator}\` cannot take these constants: a string where a number is needed`);
}
