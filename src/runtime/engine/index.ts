/**
 * The kemits runtime engine: module contract, message context, routing engine, server lifecycle.
 * Design: docs/runtime.md; writing modules: docs/runtime-modules.md; lifecycle: docs/lifecycle.md.
 */

export { MsgContext, type OutgoingInfo, type PvValue, type RouteKind } from "./context.js";
export { Engine, type EngineOptions, type RoutingModule } from "./engine.js";
export { EXIT_SENTINEL, KemitsError, type KemitsErrorCode } from "./errors.js";
export { type Define, loadRoutingModule } from "./load-routing.js";
export { DEFAULT_DEBUG, Logger, LogLevel, type LogLevelName, type LogSink, stderrSink } from "./log.js";
export {
  defineModule,
  type InitContext,
  intParam,
  type KemiModuleName,
  type ModuleContext,
  type ModuleDefinition,
  type ModuleTable,
  type ParamDef,
  type ParamValues,
  strListParam,
  strParam,
} from "./module.js";
export { toKemiInt, toKemiStr } from "./registry.js";
export { type ServerOptions, Server, startServer } from "./server.js";
export type { Destination, LocalSocket, Proto, RuntimeServices } from "./services.js";
