import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** The installed command (package.json "bin"): a shell script that starts `parse` from the build's snapshot. */
const KEMITS = resolve(import.meta.dirname, "../../bin/kemits");
/** The Node entry every command can run through. */
const KEMITS_JS = resolve(import.meta.dirname, "../../bin/kemits.js");

type Options = { env?: Record<string, string>; cwd?: string };

function run(cmd: string, args: string[], opts: Options) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...opts.env }, cwd: opts.cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built `kemits` command as a user would; returns its exit code and output. */
export function kemits(args: string[], opts: Options = {}) {
  return run(KEMITS, args, opts);
}

/** The same through `node bin/kemits.js`, which never uses the startup snapshot. */
export function kemitsJs(args: string[], opts: Options = {}) {
  return run(process.execPath, [KEMITS_JS, ...args], opts);
}
