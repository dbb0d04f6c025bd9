import { type RouteBlock, routeKind } from "../../ast/index.js";

/**
 * Names of the generated route functions. Fixed names are the KEMI entry points the engines call
 * (`ksr_request_route`, `ksr_reply_route`, `ksr_onsend_route`); named routes keep the cfg's name,
 * case included, because native route names are case-sensitive (`route(foo)` never reaches
 * `route[FOO]`), so lower-casing as Kamailio's hand translations do could merge two routes:
 *
 * | cfg block                    | function                                   |
 * |------------------------------|--------------------------------------------|
 * | `request_route`, `route{}`    | `ksr_request_route`                        |
 * | `route[RELAY]`               | `ksr_route_RELAY`                          |
 * | `failure_route[X]`           | `ksr_failure_route_X` (given to `t_on_failure`) |
 * | `branch_route[X]`            | `ksr_branch_route_X`                       |
 * | `onreply_route[X]`           | `ksr_onreply_route_X`                      |
 * | `reply_route`, `onreply_route{}` | `ksr_reply_route`                      |
 * | `onsend_route`               | `ksr_onsend_route`                         |
 * | `event_route[htable:mod-init]` | `ksr_event_route_htable__mod_2d_init`    |
 *
 * Characters that cannot appear in a JavaScript name are written `_xx` with their hex code
 * (`route["my-route"]` is `ksr_route_my_2d_route`), and an event name's colons `__`, which keeps
 * every name distinct.
 */
export function routeFunctionName(kind: ReturnType<typeof routeKind>, name: string | undefined): string {
  switch (kind) {
    case "request":
      return "ksr_request_route";
    case "reply":
      return "ksr_reply_route";
    case "onsend":
      return "ksr_onsend_route";
    case "named":
      return `ksr_route_${identifierPart(name ?? "")}`;
    case "failure":
      return `ksr_failure_route_${identifierPart(name ?? "")}`;
    case "branch":
      return `ksr_branch_route_${identifierPart(name ?? "")}`;
    case "onreply":
      return `ksr_onreply_route_${identifierPart(name ?? "")}`;
    case "event":
      return `ksr_event_route_${(name ?? "").split(":").map(identifierPart).join("__")}`;
  }
}

export function blockFunctionName(block: RouteBlock): string {
  return routeFunctionName(routeKind(block), block.name?.value);
}

/** The event callback that receives all of one module's events (`ksr_event_htable`). */
export function eventCallbackName(module: string): string {
  return `ksr_event_${identifierPart(module)}`;
}

function identifierPart(name: string): string {
  let out = "";
  for (const ch of name) {
    out += /[A-Za-z0-9_]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16).padStart(2, "0")}`;
  }
  return out;
}
