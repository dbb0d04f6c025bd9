// What the server benchmarks read from /proc: CPU time of a process tree, resident memory, and
// whether a UDP socket is bound yet.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

/** USER_HZ: /proc/<pid>/stat counts CPU time in clock ticks. */
export const HZ = 100;

/** CPU ticks (utime + stime) of a process and all its descendants (Kamailio forks workers). */
export function treeTicks(pid) {
  let total = 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    total += Number(f[11]) + Number(f[12]);
  } catch {
    return 0; // gone
  }
  for (const c of spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean)) {
    total += treeTicks(Number(c));
  }
  return total;
}

export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/** Resolves once something is bound to udp:host:port (up to 15 s). */
export async function waitUdpBound(host, port) {
  const hex = `${host.split(".").map((o) => Number(o).toString(16).padStart(2, "0").toUpperCase()).reverse().join("")}:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  for (let i = 0; i < 300; i++) {
    if (readFileSync("/proc/net/udp", "utf8").includes(hex)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing bound udp:${host}:${port}`);
}

/**
 * Starts a server under test in its own process group, logging to `logFile`, not a pipe: the bench
 * blocks in spawnSync(sipp) while the load runs, and a pipe nobody drains stalls a server that
 * logs per call (Kamailio's acc does).
 */
export function spawnServer(command, args, logFile, env = {}) {
  const log = openSync(logFile, "w");
  const child = spawn(command, args, { stdio: ["ignore", log, log], env: { ...process.env, ...env }, detached: true });
  closeSync(log);
  return child;
}
