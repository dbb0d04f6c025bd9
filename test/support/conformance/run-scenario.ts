import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Listen, isBound } from "../kamailio-process.js";
import { type ConformanceScenario, type Play, addressesOf } from "./scenarios.js";
import type { ServerUnderTest } from "./server-under-test.js";
import { type SippExit, type SippProcess, startSipp } from "./sipp.js";
import { Normalizer, receivedMessages } from "./transcript.js";

export const PROXY_FIXTURES = fileURLToPath(new URL("../../../fixtures/sip/proxy", import.meta.url));
const SIPP_DIR = join(PROXY_FIXTURES, "sipp");

/** A callee still running this long after its callers finished has missed something: it is killed. */
const UAS_GRACE_MS = 2500;

export interface EndpointRun {
  readonly endpoint: string;
  readonly sipp: string;
  readonly exit: SippExit;
  /** Raw messages the endpoint received, in order. */
  readonly received: readonly string[];
}

export interface ScenarioResult {
  /** The normalised transcript (see transcript.ts), what goldens hold. */
  readonly transcript: string;
  readonly runs: readonly EndpointRun[];
  readonly serverLog: string;
}

/** Starts `server` running `cfg` on the scenario's proxy address, plays every step, stops the server. */
export async function runScenario(s: ConformanceScenario, server: ServerUnderTest, cfg: string): Promise<ScenarioResult> {
  const addr = addressesOf(s);
  const work = mkdtempSync(join(tmpdir(), `kemits-conf-${s.name}-`));
  const runs: EndpointRun[] = [];
  const running = await server.start(cfg, { listen: [`udp:${addr.proxy}:5060`, `tcp:${addr.proxy}:5060`] });
  try {
    for (const [i, step] of s.steps.entries()) {
      const play = (p: Play, role: "uac" | "uas", j: number) => {
        const ip = addr.endpoints.get(p.endpoint);
        if (!ip) throw new Error(`${s.name}: unknown endpoint ${p.endpoint}`);
        const base = join(work, `${i}-${role}-${j}-${p.endpoint}`);
        const keys = Object.fromEntries(
          Object.entries(p.keys ?? {}).map(([k, v]) => [k, v.replace(/\{([\w-]+)\}/g, (m, e: string) => addr.endpoints.get(e) ?? m)]),
        );
        const proc = startSipp({
          scenario: join(SIPP_DIR, p.sipp),
          localIp: ip,
          localPort: 5060,
          transport: p.transport ?? "udp",
          proxy: `${addr.proxy}:5060`,
          service: p.service,
          pauseMs: p.pauseMs ?? 0,
          keys,
          messageFile: `${base}.msg`,
          errorFile: `${base}.err`,
        });
        return { p, proc, messageFile: `${base}.msg`, socket: `${p.transport ?? "udp"}:${ip}:5060` as Listen };
      };
      const callees = (step.uas ?? []).map((p, j) => play(p, "uas", j));
      await waitBound(callees.map((c) => c.socket));
      const callers = step.uac.map((p, j) => play(p, "uac", j));
      await Promise.all(callers.map((c) => c.proc.done));
      await settle(callees.map((c) => c.proc));
      for (const c of [...callees, ...callers]) {
        const exit = await c.proc.done;
        const trace = existsSync(c.messageFile) ? readFileSync(c.messageFile, "latin1") : "";
        runs.push({ endpoint: c.p.endpoint, sipp: c.p.sipp, exit, received: receivedMessages(trace) });
      }
    }
  } finally {
    await running.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { transcript: transcriptOf(s, runs), runs, serverLog: running.log() };
}

/** Per endpoint, in the scenario's endpoint order, each run in step order. */
function transcriptOf(s: ConformanceScenario, runs: readonly EndpointRun[]): string {
  const addr = addressesOf(s);
  const roles = new Map<string, string>([[addr.proxy, "proxy"], ...[...addr.endpoints].map(([name, ip]) => [ip, name] as const)]);
  const norm = new Normalizer(roles);
  const out: string[] = [];
  for (const endpoint of s.endpoints) {
    for (const run of runs.filter((r) => r.endpoint === endpoint)) {
      out.push(`== ${endpoint} (${run.sipp}): ${outcome(run.exit)}`);
      for (const m of run.received) out.push(...norm.message(m));
      if (run.received.length === 0) out.push("   (received nothing)");
    }
  }
  return `${out.join("\n")}\n`;
}

function outcome(exit: SippExit): string {
  if (exit.code === 0) return "scenario completed";
  if (exit.code === null) return "killed (did not finish)";
  return `scenario failed (sipp exit ${exit.code})`;
}

async function waitBound(sockets: readonly Listen[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!sockets.every(isBound)) {
    if (Date.now() > deadline) throw new Error(`sipp did not bind ${sockets.join(", ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for callees to finish on their own, then kills the ones still waiting. */
async function settle(procs: readonly SippProcess[]): Promise<void> {
  const all = Promise.all(procs.map((p) => p.done));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), UAS_GRACE_MS)));
  if ((await Promise.race([all, late])) === "late") for (const p of procs) p.kill();
  clearTimeout(timer);
  await all;
}
