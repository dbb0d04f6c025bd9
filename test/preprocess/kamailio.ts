import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const INSTALL_HINT = "kamailio is not installed: apt-get install -y kamailio";

export interface KamailioRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real kamailio binary; fails (never skips) when it is not installed. */
export function runKamailio(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): KamailioRun {
  const r = spawnSync("kamailio", args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 10_000,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(INSTALL_HINT);
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The stock configuration the Debian package installs. */
export function stockConfigPath(): string {
  const path = "/etc/kamailio/kamailio.cfg";
  if (!existsSync(path)) throw new Error(`${path} is missing: ${INSTALL_HINT}`);
  return path;
}

export function defineArgs(defines: readonly string[]): string[] {
  return defines.flatMap((d) => ["-A", d]);
}

/**
 * `--cfg-print` keeps the indentation of a removed directive line in front of the next line, and
 * prints blank lines where we drop them: compare lines without surrounding blanks, skipping empty ones.
 */
export function normalizePrint(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("\n");
}
