/**
 * `kemits run FILE.cfg|FILE.ts [-D NAME[=VALUE]]... [--watch]`: serve SIP with the routing module
 * until SIGTERM/SIGINT (graceful: stop accepting, close connections, destroy modules). SIGHUP, and
 * with --watch any change to FILE, reloads the routing module in place: sockets, `$var` values and
 * other module state stay. Exit: 0 after a clean stop, 1 when it cannot start.
 */

import { watch } from "node:fs";
import { KemitsError } from "../../runtime/engine/errors.js";
import { loadRoutingModule } from "../../runtime/engine/load-routing.js";
import { type Server, startServer } from "../../runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../runtime/modules/index.js";
import type { ListenSocket } from "../../semantics/config.js";
import { UsageError, parseCommandArgs } from "../args.js";

export async function runCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, {
    watch: { type: "boolean" },
    listen: { type: "string", short: "l", multiple: true },
  });
  const listen = ((values.listen as string[] | undefined) ?? []).map(parseListen);
  // Like `kamailio -l`: sockets given on the command line replace the cfg's listen= lines.
  const load = async () => {
    const routing = await loadRoutingModule(cfg.file, cfg.defines);
    if (routing.config.engine !== "native") {
      throw new KemitsError(
        "KEMITS_ERR_LOAD",
        `${cfg.file} has cfgengine "${routing.config.engine}": its routing is a ${routing.config.engine} script kemits does not translate, so there is nothing to run`,
      );
    }
    return listen.length > 0 ? { ...routing, config: { ...routing.config, listen } } : routing;
  };
  let server: Server;
  try {
    const routing = await load();
    server = await startServer(routing, { modules: BUILTIN_MODULES });
  } catch (e) {
    if (!(e instanceof KemitsError)) throw e;
    process.stderr.write(`kemits: cannot start: ${e.message} [${e.code}]\n`);
    return 1;
  }
  const log = server.engine.log;

  let reloading = Promise.resolve();
  const reload = (why: string) => {
    reloading = reloading.then(async () => {
      try {
        server.reload(await load());
        log.info(`routing module reloaded (${why})`);
      } catch (e) {
        log.error(`reload failed, keeping the running routing module: ${(e as Error).message}`);
      }
    });
  };

  let timer: NodeJS.Timeout | undefined;
  const watcher = values.watch
    ? watch(cfg.file, () => {
        // Editors write in several steps: reload once things settle.
        clearTimeout(timer);
        timer = setTimeout(() => reload("file changed"), 150);
      })
    : undefined;

  const onHup = () => reload("SIGHUP");
  process.on("SIGHUP", onHup);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info(`${signal}: stopping`);
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  process.off("SIGHUP", onHup);
  watcher?.close();
  clearTimeout(timer);
  await reloading;
  await server.stop();
  return 0;
}

/** `-l proto:address:port` (`udp:127.0.0.1:5060`, `tcp:[::1]:5060`, `127.0.0.1`), as kamailio -l takes it. */
function parseListen(text: string): ListenSocket {
  const m = /^(?:(udp|tcp):)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new UsageError(`-l ${text}: expected [udp|tcp:]address[:port]`);
  const host = m[2]!.replace(/^\[|\]$/g, "");
  return { proto: (m[1] as "udp" | "tcp" | undefined) ?? "any", host, ...(m[3] ? { port: Number(m[3]) } : {}) };
}
