import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Exchange, type Scenario, loadScenario, normalize, playScenario } from "../support/scenario.js";
import type { ServerUnderTest } from "./servers.js";

/** What one server answered to a scenario, normalised, plus the server's log for failure messages. */
export interface Run {
  readonly server: string;
  readonly exchanges: Exchange[];
  readonly log: string;
}

/**
 * Runs a scenario on one server: starts it on `cfgFile`, plays every request from the UAC
 * address, stops it (always), and returns the normalised replies.
 */
export async function runScenario(
  server: ServerUnderTest,
  s: Scenario,
  cfgFile: string,
  serverIp: string,
  uacIp: string,
  defines: readonly string[] = [],
): Promise<Run> {
  const running = await server.start(cfgFile, [`udp:${serverIp}:5060`], defines);
  try {
    const exchanges = await playScenario(s, { ip: uacIp, port: 5070 }, { ip: serverIp, port: 5060 });
    return { server: server.name, exchanges: exchanges.map((e) => ({ request: e.request, replies: e.replies.map(normalize) })), log: running.log() };
  } finally {
    await running.stop();
  }
}

/**
 * A copy of a scenario whose cfg listens on `127.0.<octet>.1` instead of its own address (every
 * `127.0.N.` in the cfg is rewritten, so address and network matches keep their meaning), so that
 * suites running at the same time never share an address. The caller removes `dir`.
 */
export function relocateScenario(caseDir: string, octet: number): { scenario: Scenario; serverIp: string; uacIp: string; dir: string } {
  const original = loadScenario(caseDir);
  const text = readFileSync(original.cfg, "utf8");
  const m = /listen=udp:127\.0\.(\d+)\.1:5060/.exec(text);
  if (!m) throw new Error(`${original.cfg}: expected a listen=udp:127.0.N.1:5060 line`);
  const dir = mkdtempSync(join(tmpdir(), `kemits-diff-${original.name}-`));
  const cfg = join(dir, "route.cfg");
  writeFileSync(cfg, text.replaceAll(`127.0.${m[1]}.`, `127.0.${octet}.`));
  return { scenario: { ...original, cfg }, serverIp: `127.0.${octet}.1`, uacIp: `127.0.${octet}.2`, dir };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Error and warning lines of a server log, for assertion messages. */
export function problems(log: string): string {
  return log
    .split("\n")
    .filter((l) => /ERROR|WARN|CRIT|ALERT|error executing/.test(l))
    .join("\n");
}
