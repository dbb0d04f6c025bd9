import {
  type CallExpression,
  moduleName,
  type Node,
  type Program,
  type RouteBlock,
  type RouteKind,
  routeKind,
  walk,
} from "../ast/index.js";
import { mapCall, moduleParams, nativeModule, nativeModuleNames } from "../catalog/index.js";
import type { KemiRow, NativeCallMapping } from "../catalog/types.js";
import { DiagnosticSink } from "../diag/index.js";
import { ANALYZE_CODES } from "./codes.js";
import { type ErrorReplies, findErrorReplies } from "./error-replies.js";
import { mayReturnZero } from "./zero-returns.js";

export { ANALYZE_CODES } from "./codes.js";

/** Route blocks by kind and name. */
export interface RouteTables {
  /** `request_route` blocks in file order (Kamailio concatenates them). */
  readonly request: RouteBlock[];
  readonly reply: RouteBlock[];
  readonly onsend: RouteBlock[];
  readonly named: Map<string, RouteBlock>;
  readonly failure: Map<string, RouteBlock>;
  readonly branch: Map<string, RouteBlock>;
  readonly onreply: Map<string, RouteBlock>;
  readonly event: Map<string, RouteBlock>;
}

/** What the code generator needs to know beyond the AST, found once before emitting. */
export interface Analysis {
  readonly routes: RouteTables;
  /** Loaded module names (`loadmodule "modules/tm/tm.so"` is `tm`), in cfg order. */
  readonly modules: string[];
  /** Each module function call and how it maps to KEMI. */
  readonly calls: Map<CallExpression, NativeCallMapping>;
  /**
   * Route blocks that read `$rc`/`$retcode`/`$?`: in them every call's code is kept in `rc`.
   * Tracking stops at the route's edge: `$rc` read by a route sees the calls that route made (and
   * the codes of the routes it called), which is where configs read it.
   */
  readonly rcRoutes: Set<RouteBlock>;
  /** `sl_reply_error()` calls answered from the error the t_relay before them left (see error-replies.ts). */
  readonly errorReplies: ErrorReplies;
  /** Some `route()` names its route at run time: the module needs a name → function table. */
  readonly usesDynamicRoutes: boolean;
  /** Named routes whose value someone reads; their functions return the native code. */
  readonly valueNeeded: Set<string>;
  /** `flags NAME[:bit]` declarations. */
  readonly flagBits: Map<string, number>;
  /** `cfgengine`, `native` when absent. */
  readonly engine: string;
  /** A modparam's value as the cfg sets it for a module, if it does. */
  modparamValue(module: string, param: string): number | string | undefined;
  /** Whether a KEMI int function can return 0, which ends the script natively. */
  mayReturnZero(row: KemiRow): boolean;
}

/** Semantic analysis: what Kamailio checks when it loads modules and fixes the routes. */
export function analyze(program: Program): { analysis: Analysis; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink(ANALYZE_CODES);
  const report = (code: keyof typeof ANALYZE_CODES, node: Node, message: string, notes: { message: string }[] = []) =>
    sink.report(code, program.map.locate(node.span.start, node.span.end), message, [...notes, ...program.map.notes(node.span.start)]);

  const routes: RouteTables = {
    request: [],
    reply: [],
    onsend: [],
    named: new Map(),
    failure: new Map(),
    branch: new Map(),
    onreply: new Map(),
    event: new Map(),
  };
  const modules: string[] = [];
  const modparams: { module: string; name: string; value: number | string }[] = [];
  const flagBits = new Map<string, number>();
  let engine = "native";

  for (const item of program.body) {
    switch (item.type) {
      case "LoadModule": {
        const name = moduleName(item.path.value);
        modules.push(name);
        if (!nativeModule(name)) report("UnknownModule", item, `module '${name}' is not a Kamailio 5.6 module kemits knows`);
        break;
      }
      case "ModParam":
        checkModparam(item, modules, report, modparams);
        break;
      case "CfgEngine":
        engine = item.engine.value;
        if (engine !== "native") {
          const script = modparams.find((p) => /^app_/.test(p.module) && (p.name === "load" || p.name === "script_name"));
          const which = script ? ` (${script.value})` : "";
          report("ForeignRouting", item, `cfgengine "${engine}": the routing lives in a ${engine} script${which}, which kemits does not translate; only the configuration is compiled, and kemits run will refuse to start it`);
        }
        break;
      case "FlagsDecl":
        declareFlags(item.flags, flagBits);
        break;
      case "RouteBlock":
        addRoute(item, routes);
        break;
      default:
        break;
    }
  }

  const calls = new Map<CallExpression, NativeCallMapping>();
  const rcRoutes = new Set<RouteBlock>();
  const calledFrom = new Map<RouteBlock, Set<string>>();
  let usesDynamicRoutes = false;
  const valueNeeded = new Set<string>();
  const dynamicInValue = { seen: false };
  for (const item of program.body) {
    if (item.type !== "RouteBlock") continue;
    const kind = routeKind(item);
    const called = new Set<string>();
    calledFrom.set(item, called);
    walk(item.body, {
      enter(node, parent) {
        if (node.type === "PseudoVariable" && /^\$(rc|retcode|\?)$/.test(node.text)) rcRoutes.add(item);
        if (node.type === "RouteCall") {
          const inValue = parent?.type !== "ExpressionStatement";
          const name = staticName(node.target);
          if (name === undefined) {
            usesDynamicRoutes = true;
            if (inValue) dynamicInValue.seen = true;
          } else if (!routes.named.has(name)) {
            report("UndefinedRoute", node.target, `route(${name}) calls a route that is not defined (Kamailio refuses to start: route "${name}" not found)`);
          } else {
            called.add(name);
            if (inValue) valueNeeded.add(name);
          }
        }
        if (node.type === "CallExpression") {
          const mapping = checkCall(node, kind, modules, routes, report);
          calls.set(node, mapping);
        }
        return undefined;
      },
    });
  }
  const errorReplies: ErrorReplies = { replies: new Set(), keepers: new Set() };
  for (const item of program.body) if (item.type === "RouteBlock") findErrorReplies(item, calls, errorReplies);
  // A route called where `$rc` is tracked hands its code to `$rc`.
  for (const r of rcRoutes) for (const name of calledFrom.get(r) ?? []) valueNeeded.add(name);
  if (dynamicInValue.seen || (rcRoutes.size > 0 && usesDynamicRoutes)) for (const name of routes.named.keys()) valueNeeded.add(name);

  const analysis: Analysis = {
    routes,
    modules,
    calls,
    rcRoutes,
    errorReplies,
    usesDynamicRoutes,
    valueNeeded,
    flagBits,
    engine,
    modparamValue(module, param) {
      for (let i = modparams.length - 1; i >= 0; i--) {
        const p = modparams[i]!;
        if (p.name === param && moduleMatches(p.module, module)) return p.value;
      }
      return undefined;
    },
    mayReturnZero,
  };
  return { analysis, diagnostics: sink };
}

type Report = (code: keyof typeof ANALYZE_CODES, node: Node, message: string, notes?: { message: string }[]) => void;

function addRoute(block: RouteBlock, routes: RouteTables): void {
  const kind = routeKind(block);
  const name = block.name?.value ?? "";
  switch (kind) {
    case "request":
      routes.request.push(block);
      return;
    case "reply":
      routes.reply.push(block);
      return;
    case "onsend":
      routes.onsend.push(block);
      return;
    default:
      // Duplicates are parse errors (reported by the parser); the first definition wins here.
      if (!routes[kind].has(name)) routes[kind].set(name, block);
  }
}

function staticName(target: Node): string | undefined {
  if (target.type === "Identifier") return target.name;
  if (target.type === "StringLiteral") return target.value;
  if (target.type === "NumberLiteral") return String(target.value);
  return undefined;
}

/** Native route kinds of the catalog, for a block: a plain route[X] is checked as a request route. */
const CATALOG_KIND: Record<RouteKind, string> = {
  request: "request",
  named: "request",
  failure: "failure",
  branch: "branch",
  onreply: "onreply",
  reply: "reply",
  onsend: "onsend",
  event: "event",
};

function checkCall(call: CallExpression, kind: RouteKind, modules: string[], routes: RouteTables, report: Report): NativeCallMapping {
  const arity = call.args.length;
  const mapping = mapCall(call.callee, arity, modules);
  if (mapping.status === "unknown") {
    const elsewhere = nativeModuleNames().filter((m) => nativeModule(m)?.functions.some((f) => f.name === call.callee && f.routes.length > 0));
    const hint = elsewhere.length > 0 ? [{ message: `${call.callee} is exported by module ${elsewhere.join(", ")}: is a loadmodule line missing, or the argument count wrong?` }] : [];
    report("UnknownFunction", call, `unknown function ${call.callee} with ${arity} argument${arity === 1 ? "" : "s"} (no loaded module exports it)`, hint);
    return mapping;
  }
  const allowed = mapping.native.routes;
  const want = CATALOG_KIND[kind];
  if (!allowed.includes(want as never) && !(kind === "event" && allowed.includes("request" as never))) {
    report("FunctionNotAllowedHere", call, `${call.callee}() cannot be used in a ${kind === "named" ? "route[…] (checked as request_route)" : `${kind} route`} block; it is allowed in: ${allowed.join(", ")}`);
  }
  if (mapping.status === "none" || mapping.status === "unmapped") {
    const why = mapping.status === "none" ? "has no KEMI export in Kamailio 5.6" : "has no KEMI mapping in kemits yet";
    if (mapping.modf) report("ModfFallback", call, `${mapping.module}.${call.callee} ${why}; it is called through KSR.x.modf (string arguments only)`);
    else report("NoKemiExport", call, `${mapping.module}.${call.callee} ${why}, and KSR.x.modf cannot call it (it has a fixup); it cannot be translated`);
    return mapping;
  }
  for (const arg of mapping.args) {
    if (arg.action !== "routeFunction" || arg.nativeIndex === undefined) continue;
    const node = call.args[arg.nativeIndex];
    const name = node && staticName(node);
    if (!node || name === undefined) continue;
    const table = arg.route === "failure" ? routes.failure : arg.route === "branch" ? routes.branch : arg.route === "onreply" ? routes.onreply : arg.route === "route" ? routes.named : undefined;
    if (table && !table.has(name)) {
      report("UndefinedFailureRoute", node, `${call.callee}("${name}") names a ${arg.route}_route that is not defined`);
    }
  }
  return mapping;
}

function checkModparam(
  item: Extract<Program["body"][number], { type: "ModParam" }>,
  modules: string[],
  report: Report,
  modparams: { module: string; name: string; value: number | string }[],
): void {
  const pattern = item.module.value;
  const param = item.param.value;
  const matching = modules.filter((m) => moduleMatches(pattern, m));
  const value = item.value.type === "NumberLiteral" ? item.value.value : item.value.type === "StringLiteral" ? item.value.value : undefined;
  if (value !== undefined) modparams.push({ module: pattern, name: param, value });
  if (matching.length === 0) {
    report("ModparamNoModule", item.module, `modparam: no loaded module matches "${pattern}" (modparam must follow the module's loadmodule line)`);
    return;
  }
  if (item.keyword === "modparamx") return;
  for (const m of matching) {
    if (!nativeModule(m)) continue;
    const decl = moduleParams(m).find((p) => p.name === param);
    if (!decl) {
      report("UnknownModparam", item.param, `module ${m} has no parameter "${param}"`);
      continue;
    }
    const given = typeof value === "number" ? "int" : "str";
    if (value !== undefined && !decl.useFunc && !decl.accepts.includes(given) && !decl.accepts.includes("var")) {
      report("ModparamType", item.value, `parameter ${m}.${param} takes ${decl.accepts.join(" or ")}, not ${given === "int" ? "a number" : "a string"}`);
    }
  }
}

/** modparam's first argument is a regular expression matched against the whole module name. */
function moduleMatches(pattern: string, module: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(module);
  } catch {
    return pattern === module;
  }
}

function declareFlags(flags: readonly { name: string; bit?: number }[], bits: Map<string, number>): void {
  const used = new Set(bits.values());
  for (const f of flags) if (f.bit !== undefined) used.add(f.bit);
  for (const f of flags) {
    let bit = f.bit;
    if (bit === undefined) {
      bit = 0;
      while (used.has(bit)) bit++;
      used.add(bit);
    }
    bits.set(f.name, bit);
  }
}
