/**
 * Runtime errors carry a stable `code` (`KEMITS_ERR_*`, see docs/runtime.md). Start-up errors stop the
 * server before it listens; a per-message error ends that message's run and is logged.
 */

export type KemitsErrorCode =
  /** `config.uses` names KEMI functions no loaded module implements. */
  | "KEMITS_ERR_MISSING_FUNCTIONS"
  /** `config.pvs` names PV classes or transformations no loaded module implements. */
  | "KEMITS_ERR_MISSING_PVS"
  /** A modparam names a parameter its module does not have, or has the wrong type or value. */
  | "KEMITS_ERR_MODPARAM"
  /** A module's `init` refused to start, or a module it binds is not loaded. */
  | "KEMITS_ERR_MODULE_INIT"
  /** The routing module does not export what `config.routes` names. */
  | "KEMITS_ERR_ROUTES"
  /** A listen socket could not be bound. */
  | "KEMITS_ERR_LISTEN"
  /** A KEMI function was called outside a route run (no current message). */
  | "KEMITS_ERR_NO_MESSAGE"
  /** A feature kemits does not implement was used at run time (`KSR.x.modf`, an unknown PV class). */
  | "KEMITS_ERR_UNSUPPORTED"
  /** The routing module could not be loaded (file, transpile or import failure). */
  | "KEMITS_ERR_LOAD";

export class KemitsError extends Error {
  readonly code: KemitsErrorCode;
  /** Every problem when there are several (missing functions, bad modparams). */
  readonly details: readonly string[];

  constructor(code: KemitsErrorCode, message: string, details: readonly string[] = []) {
    super(details.length > 0 ? `${message}:\n  ${details.join("\n  ")}` : message);
    this.name = "KemitsError";
    this.code = code;
    this.details = details;
  }
}

/**
 * What `KSR.x.exit()` and `KSR.x.drop()` throw to end a route run: app_jsdt throws the string
 * "~~ksr~exit~~" (code that catches it and goes on behaves as under Kamailio).
 */
export const EXIT_SENTINEL = "~~ksr~exit~~";
