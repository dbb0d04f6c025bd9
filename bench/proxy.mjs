// The default kamailio.cfg as a registrar and call-stateful proxy, kemits vs native Kamailio (one
// worker) in the same run: registrations/s, calls/s with zero failed calls, CPU per call, memory
// per registered contact, and resident memory across back-to-back call runs. sipp plays the caller,
// the callee (registered first) and the phones.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HZ, rssKiB, spawnServer, treeTicks, waitUdpBound } from "./proc.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CFG = join(ROOT, "fixtures/sip/proxy/default-cfg.cfg");
const SIPP = join(ROOT, "fixtures/sip/proxy/sipp");
const PROXY = "127.0.101.1";
const CALLS = Number(process.env.BENCH_PROXY_CALLS ?? 10000);
const RUNS = Number(process.env.BENCH_PROXY_RUNS ?? 10);
const REGS = Number(process.env.BENCH_PROXY_REGS ?? 10000);



function sipp(args, timeoutMs = 300_000) {
  const r = spawnSync("sipp", [...args, "-nostdin", "-timeout", "240s", "-recv_timeout", "10000"], { encoding: "utf8", timeout: timeoutMs });
  const failed = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.stdout ?? "")?.[1];
  return { ok: r.status === 0, failed: failed === undefined ? undefined : Number(failed) };
}

async function measure(label, command, args, logFile) {
  const child = spawnServer(command, args, logFile);
  const row = { label };
  try {
    await waitUdpBound(PROXY, 5060);
    // Registrations: REGS different users, as fast as sipp gets answers.
    const r0 = treeTicks(child.pid);
    const rssBefore = rssKiB(child.pid);
    let t0 = process.hrtime.bigint();
    const reg = sipp([`${PROXY}:5060`, "-sf", join(ROOT, "fixtures/sip/bench/register-many.xml"), "-i", "127.0.101.5", "-p", "5070", "-m", String(REGS), "-r", "100000", "-l", "50"]);
    row.regsPerSec = REGS / (Number(process.hrtime.bigint() - t0) / 1e9);
    row.regOk = reg.ok;
    row.cpuPerRegUs = ((treeTicks(child.pid) - r0) / HZ / REGS) * 1e6;
    row.bytesPerContact = ((rssKiB(child.pid) - rssBefore) * 1024) / REGS;
    // The callee registers from the address it then answers on (register.xml's Contact is the
    // sending socket), and answers every call; the caller calls it CALLS times per run.
    const regBob = sipp([`${PROXY}:5060`, "-sf", join(SIPP, "register.xml"), "-i", "127.0.101.3", "-p", "5080", "-s", "bob", "-m", "1"]);
    const callee = spawn("sipp", [`${PROXY}:5060`, "-sf", join(SIPP, "uas-answer.xml"), "-i", "127.0.101.3", "-p", "5080", "-s", "bob", "-d", "0", "-nostdin", "-timeout", "600s"], { stdio: "ignore", detached: true });
    await new Promise((r) => setTimeout(r, 300));
    row.rss = [];
    row.callsPerSec = [];
    row.callFailures = 0;
    let cpu = 0;
    for (let i = 0; i < RUNS; i++) {
      const c0 = treeTicks(child.pid);
      t0 = process.hrtime.bigint();
      const call = sipp([`${PROXY}:5060`, "-sf", join(ROOT, "fixtures/sip/bench/call.xml"), "-i", "127.0.101.2", "-p", "5070", "-s", "bob", "-m", String(CALLS), "-r", "2000", "-l", "100", "-d", "0"]);
      row.callsPerSec.push(CALLS / (Number(process.hrtime.bigint() - t0) / 1e9));
      cpu += treeTicks(child.pid) - c0;
      row.callFailures += call.failed ?? (call.ok ? 0 : CALLS);
      row.rss.push(rssKiB(child.pid));
    }
    row.cpuPerCallUs = (cpu / HZ / (CALLS * RUNS)) * 1e6;
    row.registeredCallee = regBob.ok;
    try {
      process.kill(-callee.pid, "SIGKILL");
    } catch {}
  } catch (e) {
    row.error = `${e.message}\n${readFileSync(logFile, "utf8").slice(-800)}`;
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
  return row;
}

export async function benchProxy() {
  console.log(`\n## Proxy and registrar: the default kamailio.cfg (${REGS} registrations, ${RUNS} x ${CALLS} calls)\n`);
  const dir = mkdtempSync(join(tmpdir(), "kemits-bench-proxy-"));
  const listen = ["-l", `udp:${PROXY}:5060`];
  const rows = [
    await measure("kamailio native (children=1)", "kamailio", ["-f", CFG, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-m", "256", ...listen], join(dir, "kamailio.log")),
    await measure("kemits run", process.execPath, [join(ROOT, "bin/kemits.js"), "run", CFG, ...listen], join(dir, "kemits.log")),
  ];
  for (const r of rows) {
    if (r.error) {
      console.log(`${r.label}: FAILED: ${r.error}`);
      continue;
    }
    const cps = r.callsPerSec.map((x) => x.toFixed(0)).join(" / ");
    console.log(`${r.label}`);
    console.log(`  registrations/s ${r.regsPerSec.toFixed(0)} (all answered: ${r.regOk}), CPU ${r.cpuPerRegUs.toFixed(0)} µs/registration, ~${r.bytesPerContact.toFixed(0)} bytes RSS per contact`);
    console.log(`  calls/s per run ${cps}; failed calls ${r.callFailures}; CPU ${r.cpuPerCallUs.toFixed(0)} µs/call`);
    console.log(`  RSS after each run (KiB): ${r.rss.join(", ")}`);
  }
  const [k, n] = rows;
  if (!k.error && !n.error) {
    const kc = k.callsPerSec.reduce((a, b) => a + b) / k.callsPerSec.length;
    const nc = n.callsPerSec.reduce((a, b) => a + b) / n.callsPerSec.length;
    console.log(`\nkemits calls/s vs native: ${(nc / kc).toFixed(2)} (target >= 0.5); CPU per call vs native: ${(n.cpuPerCallUs / k.cpuPerCallUs).toFixed(2)}x`);
    console.log("(Kamailio's memory is a preallocated shared pool, so its RSS does not show per-contact cost.)");
  }
}
