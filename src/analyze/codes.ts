import { defineCodes } from "../diag/index.js";

/** Diagnostics of semantic analysis: what Kamailio checks when it loads modules and fixes routes. */
export const ANALYZE_CODES = defineCodes({
  UndefinedRoute: { severity: "error", summary: "route(NAME) names a route block that does not exist (Kamailio refuses to start)" },
  UndefinedFailureRoute: { severity: "error", summary: "t_on_failure/t_on_branch/t_on_reply names a route block that does not exist" },
  UnknownFunction: { severity: "error", summary: "no loaded module exports a function of this name and argument count" },
  FunctionNotAllowedHere: { severity: "error", summary: "the function exists but not for this kind of route block" },
  UnknownModparam: { severity: "error", summary: "modparam names a parameter the module does not have" },
  ModparamType: { severity: "error", summary: "modparam value has the wrong type for the parameter" },
  ModparamNoModule: { severity: "error", summary: "modparam's module pattern matches no loaded module" },
  UnknownModule: { severity: "warning", summary: "loadmodule names a module kemits knows nothing about" },
  ForeignRouting: { severity: "warning", summary: "cfgengine names another engine: the routing lives in a script kemits does not translate" },
  NotAValue: { severity: "error", summary: "a bare word where a value is needed" },
  UnsupportedCondition: { severity: "error", summary: "a legacy condition with no KEMI equivalent" },
  UnsupportedAction: { severity: "error", summary: "a core action with no KEMI equivalent" },
  NoKemiExport: { severity: "error", summary: "a native function with no KEMI export that KSR.x.modf cannot call" },
  ModfFallback: { severity: "warning", summary: "a native function with no KEMI export, called through KSR.x.modf" },
  IgnoredAction: { severity: "warning", summary: "a core action that does nothing in Kamailio (kept as a comment)" },
  UnknownFlag: { severity: "error", summary: "a flag name that no flags declaration defines" },
});
