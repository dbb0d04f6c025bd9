// Stateless replies per second and CPU per request, measured in one run for: kemits run on the
// hello cfg, real Kamailio on the same native cfg (one worker), Kamailio running the compiled
// KEMI JavaScript (app_jsdt), and a bare Node UDP echo (the platform's floor). sipp is the load.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HZ, spawnServer, treeTicks, waitUdpBound } from "./proc.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.100.1";
const PORT = 5060;
const CALLS = Number(process.env.BENCH_CALLS ?? 20000);

async function measure(label, command, args, env = {}) {
  const logFile = join(mkdtempSync(join(tmpdir(), "kemits-bench-log-")), "server.log");
  const child = spawnServer(command, args, logFile, env);
  try {
    await waitUdpBound(HOST, PORT);
    // Warm up (JIT, caches), then measure.
    sipp(2000);
    const before = treeTicks(child.pid);
    const t0 = process.hrtime.bigint();
    const ok = sipp(CALLS);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = (treeTicks(child.pid) - before) / HZ;
    return { label, ok, rate: CALLS / seconds, cpuUs: (cpu / CALLS) * 1e6 };
  } catch (e) {
    return { label, ok: false, rate: 0, cpuUs: 0, error: `${e.message}\n${readFileSync(logFile, "utf8").slice(-500)}` };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid, "SIGTERM"); // the whole group: Kamailio's workers too
    await exited;
  }
}

function sipp(calls) {
  const r = spawnSync(
    "sipp",
    [`${HOST}:${PORT}`, "-sf", join(ROOT, "fixtures/sip/bench/options.xml"), "-i", "127.0.100.2", "-p", "5070",
      "-m", String(calls), "-r", "100000", "-l", "100", "-timeout", "60", "-recv_timeout", "5000", "-nostdin"],
    { stdio: "ignore", timeout: 90_000 },
  );
  return r.status === 0;
}

export async function benchRuntime() {
  console.log(`\n## Runtime: stateless OPTIONS → 200, ${CALLS} requests from sipp\n`);
  const dir = mkdtempSync(join(tmpdir(), "kemits-bench-"));
  const cfg = join(dir, "hello.cfg");
  writeFileSync(cfg, readFileSync(join(ROOT, "fixtures/examples/hello/hello.cfg"), "utf8").replace("auto_aliases=no", "auto_aliases=no\nchildren=1"));
  const env = { KAMA_LISTEN: HOST };
  const rows = [];
  rows.push(await measure("node UDP echo (floor)", process.execPath, [join(ROOT, "bench/udp-echo.mjs"), HOST, String(PORT)]));
  rows.push(await measure("kamailio native cfg (children=1)", "kamailio", ["-f", cfg, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-m", "64"], env));
  const jsdt = compileForKamailio(cfg, dir, env);
  if (jsdt) rows.push(await measure("kamailio + app_jsdt (compiled KEMI)", "kamailio", ["-f", jsdt, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-m", "64"], env));
  else rows.push({ label: "kamailio + app_jsdt (compiled KEMI)", ok: false, rate: 0, cpuUs: 0, error: "kemits compile --target kamailio failed" });
  rows.push(await measure("kemits run", process.execPath, [join(ROOT, "bin/kemits.js"), "run", cfg], env));
  const native = rows[1];
  console.log(`${"server".padEnd(38)} ${"req/s".padStart(9)} ${"CPU µs/req".padStart(11)} ${"CPU vs native".padStart(14)}  ok`);
  for (const r of rows) {
    const ratio = native.cpuUs > 0 && r.cpuUs > 0 ? `${(r.cpuUs / native.cpuUs).toFixed(2)}x` : "-";
    console.log(`${r.label.padEnd(38)} ${r.rate.toFixed(0).padStart(9)} ${r.cpuUs.toFixed(1).padStart(11)} ${ratio.padStart(14)}  ${r.ok ? "yes" : "NO"}`);
    if (r.error) console.log(`   ${r.error.split("\n").join("\n   ")}`);
  }
  console.log("\ntargets: kemits CPU/request <= app_jsdt's, and <= 2x native Kamailio's");
}

/** `kemits compile --target kamailio`, when this build has it; returns the generated cfg path. */
function compileForKamailio(cfg, dir, env) {
  const out = join(dir, "jsdt");
  const r = spawnSync(process.execPath, [join(ROOT, "bin/kemits.js"), "compile", cfg, "--target", "kamailio", "-o", out], { env: { ...process.env, ...env } });
  return r.status === 0 ? join(out, "kamailio.cfg") : undefined;
}
