/**
 * A running kemits server: the engine over network transports. `startServer` refuses to start
 * (KemitsError) on any load problem before binding; `reload` swaps the routing module without
 * touching sockets or module state; `stop` closes listeners and connections, then destroys modules.
 */

import { listenDefaults, NetTransports, resolveListen } from "../transport/index.js";
import { Engine, type RoutingModule } from "./engine.js";
import type { LogSink } from "./log.js";
import type { ModuleDefinition } from "./module.js";

export interface ServerOptions {
  readonly modules: readonly ModuleDefinition[];
  readonly logSink?: LogSink;
  /** Idle TCP connections close after this many ms (default: `tcp_connection_lifetime` or 120 s). */
  readonly tcpLifetimeMs?: number;
}

export class Server {
  readonly engine: Engine;
  private readonly transports: NetTransports;
  private stopped: Promise<void> | null;

  constructor(engine: Engine, transports: NetTransports) {
    this.engine = engine;
    this.transports = transports;
    this.stopped = null;
  }

  reload(routing: RoutingModule): void {
    this.engine.reload(routing);
  }

  /** Stops accepting, lets routing in progress finish (it is synchronous), closes everything. */
  stop(): Promise<void> {
    if (this.stopped === null) {
      this.stopped = (async () => {
        await this.transports.close();
        this.engine.destroy();
      })();
    }
    return this.stopped;
  }
}

export async function startServer(routing: RoutingModule, options: ServerOptions): Promise<Server> {
  const sockets = await resolveListen(routing.config.listen, listenDefaults(routing.config.core));
  const engine = new Engine(routing, { modules: options.modules, sockets, ...(options.logSink ? { logSink: options.logSink } : {}) });
  const lifetime = options.tcpLifetimeMs ?? lifetimeFromConfig(routing.config.core.tcp_connection_lifetime);
  const transports = await NetTransports.open(sockets, engine.receive, lifetime === undefined ? {} : { tcpLifetimeMs: lifetime });
  engine.attach(transports);
  for (const s of sockets) engine.log.info(`listening on ${s.proto}:${s.family === 6 ? `[${s.address}]` : s.address}:${s.port}`);
  return new Server(engine, transports);
}

function lifetimeFromConfig(v: number | string | undefined): number | undefined {
  return typeof v === "number" && v > 0 ? v * 1000 : undefined;
}
