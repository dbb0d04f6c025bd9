import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Listen, type RunningServer, startKamailio, track } from "../support/kamailio-process.js";
import { parseDefine } from "../../src/cli/args.js";
import { compileToKamailio } from "../kamailio-target/support.js";

/**
 * A SIP server the differential tests can run a native cfg on: real Kamailio on the cfg itself,
 * real Kamailio on kemits' `--target kamailio` output, and later the kemits runtime. `start`
 * returns once every listener is bound; the caller always calls `stop()`.
 */
export interface ServerUnderTest {
  readonly name: string;
  /** `defines` are `NAME` or `NAME=VALUE`, as `kamailio -A` takes them. */
  start(cfgFile: string, listens: Listen[], defines?: readonly string[]): Promise<RunningServer>;
}

/** Kamailio 5.6.3 running the native cfg: the reference. */
export const nativeKamailio: ServerUnderTest = {
  name: "kamailio (native cfg)",
  start: (cfg, listens, defines = []) => startKamailio(cfg, listens, [...defines]),
};

/** Kamailio running `kemits compile --target kamailio` output: the cfg's routing as ES5 on app_jsdt. */
export const kemitsOnKamailio: ServerUnderTest = {
  name: "kamailio + app_jsdt (kemits --target kamailio)",
  async start(cfg, listens, defines = []) {
    const dir = mkdtempSync(join(tmpdir(), "kemits-jsdt-"));
    // The defines are the compile's: kamailio.cfg has its #!ifdefs resolved already.
    const { files, diagnostics } = await compileToKamailio(cfg, dir, { defines: defines.map(parseDefine) });
    if (!files) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`kemits could not compile ${cfg} for Kamailio:\n${diagnostics.join("\n")}`);
    }
    return kamailioOwningDir(dir, join(dir, "kamailio.cfg"), listens);
  },
};

/** Kamailio on `cfg`, which lives in the temporary `dir`: the dir is removed when it stops, or fails to start. */
async function kamailioOwningDir(dir: string, cfg: string, listens: Listen[]): Promise<RunningServer> {
  const server = await startKamailio(cfg, listens).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  return {
    log: server.log,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const KEMITS_BIN = resolve(import.meta.dirname, "../../bin/kemits.js");

/** The kemits runtime, as a user runs it: `kemits run CFG -l SOCKET… -A DEFINE…`. */
export const kemitsRuntime: ServerUnderTest = {
  name: "kemits run",
  start(cfg, listens, defines = []) {
    const args = [KEMITS_BIN, "run", cfg, ...listens.flatMap((l) => ["-l", l]), ...defines.flatMap((d) => ["-A", d])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    return track(child, listens, () => {});
  },
};

/** A hand-written KEMI script next to a native cfg, run as is (the official jsdt translation). */
export function scriptOnKamailio(name: string, prepare: (dir: string) => string): ServerUnderTest {
  return {
    name,
    async start(_cfg, listens) {
      const dir = mkdtempSync(join(tmpdir(), "kemits-script-"));
      return kamailioOwningDir(dir, prepare(dir), listens);
    },
  };
}
