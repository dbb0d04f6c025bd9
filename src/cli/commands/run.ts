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
import { parseCommandArgs } from "../args.js";

export async function runCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, { watch: { type: "boolean" } });
  let server: Server;
  try {
    const routing = await loadRoutingModule(cfg.file, cfg.defines);
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
        server.reload(await loadRoutingModule(cfg.file, cfg.defines));
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
