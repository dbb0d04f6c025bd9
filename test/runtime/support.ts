// Shared helpers for runtime tests: inline routing modules and SIP request text.
import { Engine, type RoutingModule } from "../../src/runtime/engine/engine.js";
import { KemitsError } from "../../src/runtime/engine/errors.js";
import type { LocalSocket } from "../../src/runtime/engine/services.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import type { KemitsConfig } from "../../src/semantics/config.js";

/** A routing module whose request route is `request` (and reply/onsend routes when given). */
export function routingModule(
  routes: { request?: () => void; reply?: () => void; onsend?: () => void },
  config: Partial<KemitsConfig> = {},
): RoutingModule {
  const table: { request?: string; reply?: string; onsend?: string; events: Record<string, string> } = { events: {} };
  const exports: Record<string, unknown> = {};
  for (const kind of ["request", "reply", "onsend"] as const) {
    const fn = routes[kind];
    if (fn) {
      table[kind] = `ksr_${kind}_route`;
      exports[`ksr_${kind}_route`] = fn;
    }
  }
  const full: KemitsConfig = {
    source: "test.cfg",
    engine: "native",
    core: {},
    listen: [{ proto: "any", host: "127.0.37.1", port: 5060 }],
    alias: [],
    modules: ["sl", "xlog"],
    modparams: [],
    cfgVars: [],
    routes: table,
    uses: [],
    ...config,
  };
  return { config: full, ...exports };
}

/** A request with the mandatory headers; `extra` lines go before Content-Length. */
export function request(method: string, ruri = "sip:alice@127.0.37.1", extra: string[] = [], n = 1): string {
  return [
    `${method} ${ruri} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-t${n};rport`,
    `From: "Tester" <sip:tester@127.0.0.1>;tag=from${n}`,
    `To: <${ruri}>`,
    `Call-ID: call-${n}@test`,
    `CSeq: ${n} ${method}`,
    "Max-Forwards: 70",
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/** A routing module that is only its `config` (an empty request route), for start-up checks. */
export function configOnly(over: Partial<KemitsConfig>): RoutingModule {
  const config: KemitsConfig = {
    source: "t.cfg",
    engine: "native",
    core: {},
    listen: [],
    alias: [],
    modules: [],
    modparams: [],
    cfgVars: [],
    routes: { request: "ksr_request_route", events: {} },
    uses: [],
    ...over,
  };
  return { config, ksr_request_route: () => {} };
}

/** The KemitsError an engine over `r` refuses to start with; fails when it starts. */
export function startError(r: RoutingModule, sockets: readonly LocalSocket[]): KemitsError {
  try {
    new Engine(r, { modules: BUILTIN_MODULES, sockets, logSink: () => {} });
  } catch (e) {
    if (e instanceof KemitsError) return e;
    throw e;
  }
  throw new Error("the engine started");
}
