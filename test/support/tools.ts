import { spawnSync } from "node:child_process";

const INSTALL = "apt-get install -y kamailio sip-tester";

function onPath(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;
}

/** Fails (never skips) when real Kamailio is missing: the differential tests need it. */
export function requireKamailio(): void {
  if (!onPath("kamailio")) throw new Error(`kamailio is not installed; install it with: ${INSTALL}`);
}

export function requireSipp(): void {
  if (!onPath("sipp")) throw new Error(`sipp is not installed; install it with: ${INSTALL}`);
}

/**
 * Errors Kamailio's parser reports that come from loading modules, not from the language: a module
 * that is not installed, and then its functions, parameters and pseudo-variables being unknown.
 */
const NOT_SYNTAX = /^(failed to load module|Can't set module parameter|unknown command, missing loadmodule\?|Can't get from cache: .*)$/;

export interface KamailioCheck {
  /** true when `kamailio -c` accepted the file */
  ok: boolean;
  /** Syntax errors Kamailio reported: the file and line of each (parse errors and lexer/include errors). */
  syntaxErrors: { file: string; line?: number }[];
  output: string;
  /**
   * Kamailio gives up parsing at an unknown pseudo-variable ("Can't get from cache", fatal): the
   * file and line where it stopped, when it did. Nothing after it was checked.
   */
  stoppedAt?: { file: string; line: number };
}

/**
 * Runs `kamailio -c -f FILE` (cwd = the file's folder, as the examples expect) and classifies its
 * verdict. Module-not-found, unknown-command and unknown-PV errors are not syntax errors: they come
 * from loading modules, which kemits' front end does not do.
 */
export function kamailioCheck(file: string, defines: readonly string[] = [], cwd?: string): KamailioCheck {
  requireKamailio();
  const args = ["-c", "-f", file];
  for (const d of defines) args.push("-A", d);
  const r = spawnSync("kamailio", args, { encoding: "utf8", cwd, timeout: 20_000 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  const syntaxErrors: { file: string; line?: number }[] = [];
  for (const m of output.matchAll(/parse error in config file (.+?), line (\d+), column [\d-]+: (.*)/g)) {
    if (!NOT_SYNTAX.test(m[3]!)) syntaxErrors.push({ file: m[1]!, line: Number(m[2]) });
  }
  for (const m of output.matchAll(/yylex\(\): error at (?:cfg|(\S+)) line (\d+)/g)) {
    syntaxErrors.push({ file: m[1] ?? file, line: Number(m[2]) });
  }
  const abort = /parse error in config file (.+?), line (\d+), column [\d-]+: Can't get from cache/.exec(output);
  const stoppedAt = abort ? { file: abort[1]!, line: Number(abort[2]) } : undefined;
  // Unbalanced #!ifdef/#!endif: Kamailio rejects the file at the end, without a line.
  if (/pp_ifdef_level_error/.test(output)) syntaxErrors.push({ file });
  return { ok: r.status === 0, syntaxErrors, output, ...(stoppedAt ? { stoppedAt } : {}) };
}
