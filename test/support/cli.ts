import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const BIN = resolve(import.meta.dirname, "../../bin/kemits.js");

/** Runs the built `kemits` CLI as a user would; returns its exit code and output. */
export function kemits(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...opts.env }, cwd: opts.cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
