import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { requireSipp } from "../tools.js";

/**
 * One sipp endpoint run: a scenario file played from one loopback address, bounded in time. Whether
 * it calls (UAC) or answers (UAS) is the scenario's doing: a UAS scenario starts with a recv.
 */
export interface SippRun {
  /** Scenario XML file. */
  readonly scenario: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly transport: "udp" | "tcp";
  /** The proxy's ip:port: the remote host of a UAC, `[remote_ip]` in both roles. */
  readonly proxy: string;
  /** `[service]`: the user part the scenario calls or registers. */
  readonly service: string;
  /** Default `<pause/>` length (sipp `-d`), in ms. */
  readonly pauseMs: number;
  /** Extra `[key]` values (sipp `-key NAME VALUE`). */
  readonly keys: Readonly<Record<string, string>>;
  /** Where sipp writes every message it sent and received (`-trace_msg -message_file`). */
  readonly messageFile: string;
  /** Where sipp writes its errors (`-trace_err -error_file`). */
  readonly errorFile: string;
}

export interface SippExit {
  /** sipp's exit code: 0 when the call followed the scenario, 1 when it failed, others on fatal errors. */
  readonly code: number | null;
  /** What sipp printed, then its error file: why a call failed. */
  readonly output: string;
}

export interface SippProcess {
  readonly done: Promise<SippExit>;
  kill(): void;
}

/**
 * Every recv gives up after this long, and the whole run after GLOBAL_TIMEOUT_S: the longest wait a
 * scenario has on Kamailio is fr_inv_timer (1.5 s), so a server that misbehaves costs seconds.
 */
const RECV_TIMEOUT_MS = 3000;
const GLOBAL_TIMEOUT_S = 8;

const live = new Set<ChildProcess>();

/** Starts sipp for one call (`-m 1`) with no default behaviours (`-nd`), so what it sends is only the scenario. */
export function startSipp(run: SippRun): SippProcess {
  requireSipp();
  const args = [
    "-sf", run.scenario,
    "-i", run.localIp,
    "-p", String(run.localPort),
    "-t", run.transport === "tcp" ? "t1" : "u1",
    "-m", "1",
    "-nd",
    "-nostdin",
    "-s", run.service,
    "-d", String(run.pauseMs),
    "-recv_timeout", String(RECV_TIMEOUT_MS),
    "-timeout", `${GLOBAL_TIMEOUT_S}s`,
    "-timeout_error",
    "-trace_msg", "-message_file", run.messageFile,
    "-trace_err", "-error_file", run.errorFile,
  ];
  for (const [k, v] of Object.entries(run.keys)) args.push("-key", k, v);
  // A UAS answers whoever sent the request; the remote host only gives it [remote_ip].
  args.push(run.proxy);
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let output = "";
  child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  const done = new Promise<SippExit>((resolve) => {
    child.once("error", (e) => resolve({ code: null, output: `${output}${e.message}` }));
    child.once("exit", (code) => {
      live.delete(child);
      const errors = existsSync(run.errorFile) ? readFileSync(run.errorFile, "latin1") : "";
      resolve({ code, output: `${output}${errors}` });
    });
  });
  return { done, kill: () => child.kill("SIGKILL") };
}

/** Kills every sipp still running (for afterAll: a hung endpoint must not outlive the suite). */
export function killAllSipp(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}
