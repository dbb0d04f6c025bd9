import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Listen, type RunningServer, track } from "../kamailio-process.js";
import { parseDefine } from "../../../src/cli/args.js";
import { compileToKamailio } from "../../kamailio-target/support.js";
import { requireKamailio } from "../tools.js";

export type { Listen, RunningServer };

export interface StartOptions {
  /** The only sockets the server may listen on; they also make up `myself`. */
  readonly listen: readonly Listen[];
  /** Preprocessor defines, `NAME` or `NAME=VALUE` (kamailio -A). */
  readonly defines?: readonly string[];
  /** Extra environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A SIP server that runs a native kamailio.cfg: real Kamailio, or kemits. */
export interface ServerUnderTest {
  readonly name: "kamailio" | "kemits" | "kemits --target kamailio";
  /** Starts the server and resolves once every listen socket is bound; always call stop(). */
  start(cfgPath: string, options: StartOptions): Promise<RunningServer>;
}

function listenArgs(listen: readonly Listen[]): string[] {
  return listen.flatMap((l) => ["-l", l]);
}

function defineArgs(defines: readonly string[] = []): string[] {
  return defines.flatMap((d) => ["-A", d]);
}

/**
 * Kamailio 5.6.3 in the foreground (-DD), logging to stderr (-E), one worker per socket (-n 1),
 * with its own working and runtime directory (so the ctl and jsonrpcs sockets of two instances do
 * not meet), listening only on `listen` (-l), which makes `myself` exactly those addresses (plus
 * the aliases Kamailio derives from them).
 */
export const kamailio: ServerUnderTest = {
  name: "kamailio",
  async start(cfgPath, options) {
    requireKamailio();
    const dir = mkdtempSync(join(tmpdir(), "kemits-conf-kam-"));
    const args = ["-f", cfgPath, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-P", join(dir, "pid"), "-m", "64", "-M", "8"];
    args.push(...listenArgs(options.listen), ...defineArgs(options.defines));
    const child = spawn("kamailio", args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env }, detached: true });
    return track(child, [...options.listen], () => rmSync(dir, { recursive: true, force: true }));
  },
};

/**
 * kemits' runtime through its CLI, as a user runs it: `kemits run CFG -l SOCKET... -A DEFINE...`,
 * with the same sockets Kamailio gets. Until `kemits run` serves these cfgs (and takes `-l`), start()
 * rejects with what the CLI printed.
 */
const KEMITS_BIN = fileURLToPath(new URL("../../../bin/kemits.js", import.meta.url));

export const kemits: ServerUnderTest = {
  name: "kemits",
  async start(cfgPath, options) {
    const args = [KEMITS_BIN, "run", cfgPath, ...listenArgs(options.listen), ...defineArgs(options.defines)];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
    return track(child, [...options.listen], () => {});
  },
};

/**
 * The compiled routing on real Kamailio: `kemits compile --target kamailio` output (a native cfg
 * holding the global section, and the routes as ES5 for app_jsdt), run like `kamailio` above.
 */
export const kemitsOnKamailio: ServerUnderTest = {
  name: "kemits --target kamailio",
  async start(cfgPath, options) {
    requireKamailio();
    const dir = mkdtempSync(join(tmpdir(), "kemits-conf-jsdt-"));
    const defines = (options.defines ?? []).map(parseDefine);
    const { files, diagnostics } = await compileToKamailio(cfgPath, join(dir, "out"), { defines });
    if (!files) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`kemits could not compile ${cfgPath} for Kamailio:\n${diagnostics.join("\n")}`);
    }
    const args = ["-f", join(dir, "out", "kamailio.cfg"), "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-P", join(dir, "pid"), "-m", "64", "-M", "8"];
    args.push(...listenArgs(options.listen));
    const child = spawn("kamailio", args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env }, detached: true });
    return track(child, [...options.listen], () => rmSync(dir, { recursive: true, force: true }));
  },
};
