// The default kamailio.cfg as a registrar and call-stateful proxy, kemits vs native Kamailio (one
// worker) in the same run: registrations/s, calls/s with zero failed calls, CPU per call, memory
// per registered contact and per open transaction, and memory across back-to-back call runs. sipp
// plays the caller, the callees (registered first) and the phones.
//
// Memory is read two ways. Resident memory (RSS) is what the target is about. Live memory is what
// the server holds once garbage is gone: Kamailio's shared-memory pool in use (`kamcmd
// core.shmmem`, where contacts and transactions live; its RSS is a preallocated pool and shows
// nothing), and kemits' V8 heap after a forced collection (bench/heap-probe.mjs).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HZ, rssKiB, spawnServer, treeTicks, waitUdpBound } from "./proc.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CFG = join(ROOT, "fixtures/sip/bench/proxy.cfg");
const BENCH = join(ROOT, "fixtures/sip/bench");
const SIPP = join(ROOT, "fixtures/sip/proxy/sipp");
const PROXY = "127.0.101.1";
const CALLS = Number(process.env.BENCH_PROXY_CALLS ?? 10000);
const RUNS = Number(process.env.BENCH_PROXY_RUNS ?? 10);
const REGS = Number(process.env.BENCH_PROXY_REGS ?? 10000);
const OPEN = Number(process.env.BENCH_PROXY_OPEN ?? 5000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Kamailio's shared memory in use, through the ctl module's socket in its runtime directory. */
function kamailioLiveBytes(dir) {
  const out = spawnSync("kamcmd", ["-s", `unix:${join(dir, "kamailio_ctl")}`, "core.shmmem"], { encoding: "utf8" }).stdout ?? "";
  const used = /real_used:\s*(\d+)/.exec(out)?.[1];
  if (used === undefined) throw new Error(`kamcmd core.shmmem gave no real_used: ${out}`);
  return Number(used);
}

/** kemits' heap and external memory after a full collection, from bench/heap-probe.mjs. */
async function kemitsLiveBytes(pid, file) {
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  await sleep(50); // the probe writes the file in one call; let it finish
  const m = JSON.parse(readFileSync(file, "utf8"));
  return m.heapUsed + m.external;
}

function sipp(args, timeoutMs = 300_000) {
  const r = spawnSync("sipp", [...args, "-nostdin", "-timeout", "240s", "-recv_timeout", "10000"], { encoding: "utf8", timeout: timeoutMs });
  const failed = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.stdout ?? "")?.[1];
  return { ok: r.status === 0, failed: failed === undefined ? undefined : Number(failed) };
}

/** Starts a sipp phone registered as `user` from ip:port, playing `scenario` until killed. */
function phone(user, ip, port, scenario) {
  const reg = sipp([`${PROXY}:5060`, "-sf", join(SIPP, "register.xml"), "-i", ip, "-p", String(port), "-s", user, "-m", "1"]);
  const proc = spawn("sipp", [`${PROXY}:5060`, "-sf", scenario, "-i", ip, "-p", String(port), "-s", user, "-d", "0", "-nostdin", "-timeout", "900s"], { stdio: "ignore", detached: true });
  return { registered: reg.ok, stop: () => kill(proc.pid, "SIGKILL") };
}

function kill(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {}
}

async function measure(server) {
  const child = spawnServer(server.command, server.args, server.logFile, server.env);
  const live = () => server.liveBytes(child.pid);
  const row = { label: server.label };
  const phones = [];
  try {
    await waitUdpBound(PROXY, 5060);
    // Registrations: REGS different users, as fast as sipp gets answers.
    const r0 = treeTicks(child.pid);
    const live0 = await live();
    let t0 = process.hrtime.bigint();
    const reg = sipp([`${PROXY}:5060`, "-sf", join(BENCH, "register-many.xml"), "-i", "127.0.101.5", "-p", "5070", "-m", String(REGS), "-r", "100000", "-l", "50"]);
    row.regsPerSec = REGS / (Number(process.hrtime.bigint() - t0) / 1e9);
    row.regOk = reg.ok;
    row.cpuPerRegUs = ((treeTicks(child.pid) - r0) / HZ / REGS) * 1e6;
    row.bytesPerContact = ((await live()) - live0) / REGS;
    // The callee registers from the address it then answers on (register.xml's Contact is the
    // sending socket), and answers every call; the caller calls it CALLS times per run.
    const bob = phone("bob", "127.0.101.3", 5080, join(SIPP, "uas-answer.xml"));
    phones.push(bob);
    await sleep(300);
    // Live memory with no call in progress: before the first run and after the last, once its
    // transactions have left their 5 s wait state; a leak would show as growth. (Measured here
    // rather than between runs: waiting and collecting in the middle would perturb the RSS series.)
    row.settled = [await live()];
    row.rss = [];
    row.live = [];
    row.callsPerSec = [];
    row.callFailures = 0;
    let cpu = 0;
    for (let i = 0; i < RUNS; i++) {
      const c0 = treeTicks(child.pid);
      t0 = process.hrtime.bigint();
      const call = sipp([`${PROXY}:5060`, "-sf", join(BENCH, "call.xml"), "-i", "127.0.101.2", "-p", "5070", "-s", "bob", "-m", String(CALLS), "-r", "2000", "-l", "100", "-d", "0"]);
      row.callsPerSec.push(CALLS / (Number(process.hrtime.bigint() - t0) / 1e9));
      cpu += treeTicks(child.pid) - c0;
      row.callFailures += call.failed ?? (call.ok ? 0 : CALLS);
      row.rss.push(rssKiB(child.pid));
      row.live.push(await live());
    }
    row.cpuPerCallUs = (cpu / HZ / (CALLS * RUNS)) * 1e6;
    row.registeredCallee = bob.registered;
    // Open transactions: OPEN calls to a phone that rings and never answers, sampled once all rang
    // (fr_inv_timer keeps them for 60 s).
    await sleep(6000);
    row.settled.push(await live());
    const carol = phone("carol", "127.0.101.4", 5090, join(BENCH, "ring-uas.xml"));
    phones.push(carol);
    await sleep(300);
    const open0 = await live();
    const ring = sipp([`${PROXY}:5060`, "-sf", join(BENCH, "ring.xml"), "-i", "127.0.101.2", "-p", "5072", "-s", "carol", "-m", String(OPEN), "-r", "2000", "-d", "0"]);
    row.openOk = ring.ok && carol.registered;
    row.bytesPerTransaction = ((await live()) - open0) / OPEN;
  } catch (e) {
    row.error = `${e.message}\n${readFileSync(server.logFile, "utf8").slice(-800)}`;
  } finally {
    for (const p of phones) p.stop();
    kill(child.pid, "SIGTERM");
    await sleep(300);
    kill(child.pid, "SIGKILL");
  }
  return row;
}

export async function benchProxy() {
  console.log(`\n## Proxy and registrar: the default kamailio.cfg (${REGS} registrations, ${RUNS} x ${CALLS} calls)\n`);
  const dir = mkdtempSync(join(tmpdir(), "kemits-bench-proxy-"));
  const listen = ["-l", `udp:${PROXY}:5060`];
  const heapFile = join(dir, "heap.json");
  const rows = [
    await measure({
      label: "kamailio native (children=1)",
      command: "kamailio",
      args: ["-f", CFG, "-DD", "-E", "-n", "1", "-w", dir, "-Y", dir, "-m", "256", ...listen],
      logFile: join(dir, "kamailio.log"),
      liveBytes: () => kamailioLiveBytes(dir),
    }),
    await measure({
      label: "kemits run",
      command: process.execPath,
      args: ["--expose-gc", "--import", join(ROOT, "bench/heap-probe.mjs"), join(ROOT, "bin/kemits.js"), "run", CFG, ...listen],
      env: { KEMITS_BENCH_HEAP_FILE: heapFile },
      logFile: join(dir, "kemits.log"),
      liveBytes: (pid) => kemitsLiveBytes(pid, heapFile),
    }),
  ];
  const mib = (b) => (b / 1048576).toFixed(1);
  for (const r of rows) {
    if (r.error) {
      console.log(`${r.label}: FAILED: ${r.error}`);
      continue;
    }
    const cps = r.callsPerSec.map((x) => x.toFixed(0)).join(" / ");
    console.log(`${r.label}`);
    console.log(`  registrations/s ${r.regsPerSec.toFixed(0)} (all answered: ${r.regOk}), CPU ${r.cpuPerRegUs.toFixed(0)} µs/registration, ${r.bytesPerContact.toFixed(0)} live bytes per contact`);
    console.log(`  calls/s per run ${cps}; failed calls ${r.callFailures}; CPU ${r.cpuPerCallUs.toFixed(0)} µs/call`);
    console.log(`  RSS after each run (MiB): ${r.rss.map((k) => mib(k * 1024)).join(", ")}`);
    console.log(`  live memory after each run (MiB): ${r.live.map(mib).join(", ")}`);
    console.log(`  live memory with no call in progress (MiB): ${mib(r.settled[0])} before run 1, ${mib(r.settled[1])} after run ${RUNS}`);
    console.log(`  ${OPEN} open INVITE transactions (all rang: ${r.openOk}): ${r.bytesPerTransaction.toFixed(0)} live bytes per transaction`);
  }
  const [k, n] = rows;
  if (!k.error && !n.error) {
    const avg = (xs) => xs.reduce((a, b) => a + b) / xs.length;
    console.log(`\nkemits calls/s vs native: ${(avg(n.callsPerSec) / avg(k.callsPerSec)).toFixed(2)} (target >= 0.5); CPU per call vs native: ${(n.cpuPerCallUs / k.cpuPerCallUs).toFixed(2)}x`);
    const half = Math.floor(RUNS / 2);
    const rss = n.rss.map((x) => x * 1024);
    console.log(
      `kemits RSS: ${mib(rss.at(-1) - rss[0])} MiB from run 1 to run ${RUNS}, ${mib(rss.at(-1) - rss[half - 1])} MiB from run ${half} to run ${RUNS}; ` +
        `live memory with no call in progress: ${mib(n.settled[1] - n.settled[0])} MiB from before run 1 to after run ${RUNS} (target: no growth)`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
