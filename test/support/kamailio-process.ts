import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireKamailio } from "./tools.js";

export interface RunningServer {
  /** What the server printed so far (Kamailio logs to stderr with -E). */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Every socket a server listens on, as `proto:ip:port`, e.g. `udp:127.0.10.1:5060`. */
export type Listen = `${"udp" | "tcp"}:${string}:${number}`;

/**
 * Starts real Kamailio on a cfg, one worker per listener (`-n 1`), logging to stderr, with its own
 * run directory, and waits until every listener is bound. Always call stop(): it kills the process.
 */
export async function startKamailio(cfgFile: string, listens: Listen[], defines: string[] = []): Promise<RunningServer> {
  requireKamailio();
  const dir = mkdtempSync(join(tmpdir(), "kemits-kam-"));
  const args = ["-f", cfgFile, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-P", join(dir, "pid"), "-m", "64", "-M", "8"];
  for (const d of defines) args.push("-A", d);
  // Its own process group, so stop() reaches the workers Kamailio forks, not only the main process.
  const child = spawn("kamailio", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  return track(child, listens, () => rmSync(dir, { recursive: true, force: true }));
}

/** Shared by startKamailio and the kemits server starter: collect output, wait for sockets, stop. */
export async function track(child: ChildProcess, listens: Listen[], cleanup: () => void): Promise<RunningServer> {
  let output = "";
  child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const server: RunningServer = {
    log: () => output,
    async stop() {
      if (!exited) {
        signal(child, "SIGTERM");
        const timer = setTimeout(() => signal(child, "SIGKILL"), 3000);
        await exitedPromise;
        clearTimeout(timer);
      }
      // Workers left behind by a killed main process die with the group.
      signal(child, "SIGKILL");
      // Kamailio's workers may outlive the main process for a moment: the next server started on
      // these addresses must not find them still bound (it would "start" against the old one).
      await waitUnbound(listens);
      cleanup();
    },
  };
  const deadline = Date.now() + 10_000;
  while (!listens.every(isBound)) {
    if (exited || Date.now() > deadline) {
      await server.stop();
      throw new Error(`server did not bind ${listens.join(", ")}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

/** Signals the child's process group when it leads one (detached), else the child alone. */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  }
}

async function waitUnbound(listens: readonly Listen[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (listens.some(isBound)) {
    if (Date.now() > deadline) throw new Error(`still bound after stop: ${listens.filter(isBound).join(", ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads /proc/net/{udp,tcp} to see whether anything is bound to (listening on) ip:port. */
export function isBound(listen: Listen): boolean {
  const [proto, ip, port] = listen.split(":") as [string, string, string];
  const hexIp = ip
    .split(".")
    .map((o) => Number(o).toString(16).padStart(2, "0").toUpperCase())
    .reverse()
    .join("");
  const hexPort = Number(port).toString(16).padStart(4, "0").toUpperCase();
  const table = readFileSync(`/proc/net/${proto}`, "utf8");
  const wanted = `${hexIp}:${hexPort}`;
  for (const line of table.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    // TCP sockets must be in LISTEN state (0A); UDP sockets are bound (07).
    if (cols[1] === wanted && (proto === "udp" || cols[3] === "0A")) return true;
  }
  return false;
}
