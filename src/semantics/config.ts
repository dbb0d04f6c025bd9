/**
 * The `config` a generated module exports: the cfg's global section, as data the kemits runtime
 * reads at start-up (and the Kamailio target turns back into native cfg lines). Values of
 * `#!defenv` defines are read from the environment when the module loads.
 */
export interface KemitsConfig {
  /** Where the module came from, e.g. `kamailio.cfg`. */
  readonly source: string;
  /** `cfgengine`: `native` when the cfg's route blocks are its routing. */
  readonly engine: string;
  /** Core parameters by Kamailio name (`debug`, `children`, `auto_aliases`, `log_prefix`…), in cfg order. */
  readonly core: Readonly<Record<string, number | string>>;
  /** `listen=` sockets, in cfg order. */
  readonly listen: readonly ListenSocket[];
  /** `alias=` names that `myself` also matches. */
  readonly alias: readonly AliasName[];
  /** `loadmodule` names (without `.so` or path), in cfg order. */
  readonly modules: readonly string[];
  /** `modparam` settings in cfg order; `module` is the cfg's pattern (a regex over module names). */
  readonly modparams: readonly ModparamSetting[];
  /** cfg-framework variables (`pstn.gw_ip = "" desc "…"`). */
  readonly cfgVars: readonly CfgVarSetting[];
  /** Names of the functions each engine entry point calls; event routes by `module:event`. */
  readonly routes: RouteTable;
  /**
   * Every KEMI function the routing calls, as `module.name` (`.name` for core `KSR.name`), so a
   * runtime can refuse to start when one is missing instead of failing at the first packet.
   */
  readonly uses: readonly string[];
  /**
   * The pseudo-variable classes and transformations the routing uses, so a runtime can refuse to
   * start when one is not implemented instead of reading null. The compiler always writes it; a
   * module written by hand may leave it out (then nothing is checked).
   */
  readonly pvs?: PvUses;
}

/** Classes by name with their `$` (`$hdr`, not `$hdr(From)`); transformations as `class.op` (`s.len`). */
export interface PvUses {
  /** Classes read through `KSR.pv`, in formats a KEMI function expands, in indexes and transformation arguments. */
  readonly read: readonly string[];
  /** Classes assigned (`$x = …`, `KSR.pv.sets/seti/unset`). */
  readonly write: readonly string[];
  readonly transforms: readonly string[];
}

export interface ListenSocket {
  readonly proto: "udp" | "tcp" | "tls" | "sctp" | "ws" | "wss" | "any";
  readonly host: string;
  readonly port?: number;
  readonly advertise?: { readonly host: string; readonly port?: number };
  readonly name?: string;
}

export interface AliasName {
  readonly proto?: string;
  readonly host: string;
  readonly port?: number;
}

export interface ModparamSetting {
  readonly module: string;
  readonly name: string;
  readonly value: number | string;
}

export interface CfgVarSetting {
  readonly group: string;
  readonly name: string;
  readonly value: number | string;
  readonly description?: string;
}

export interface RouteTable {
  readonly request?: string;
  readonly reply?: string;
  readonly onsend?: string;
  readonly events: Readonly<Record<string, string>>;
}
