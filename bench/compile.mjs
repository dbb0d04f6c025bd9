// Compiler figures: cold `kemits compile` beside `kamailio -c` and a bare Node start, and where the
// in-process time goes (load, preprocess, parse, analyse, generate, format).
import { fileURLToPath } from "node:url";
import { formatRow, timeCommand } from "./cold-start.mjs";

const CLI = fileURLToPath(new URL("../bin/kemits.js", import.meta.url));

export async function benchCompile(stock) {
  console.log("\n## Compiler\n");
  const node = timeCommand(process.execPath, ["-e", "0"]);
  const kam = timeCommand("kamailio", ["-c", "-f", stock]);
  const ours = timeCommand(process.execPath, [CLI, "compile", stock, "-o", "/dev/null"]);
  console.log(formatRow("node -e 0 (baseline)", node));
  console.log(formatRow("kamailio -c -f kamailio.cfg", kam, node));
  console.log(formatRow("kemits compile kamailio.cfg (cold CLI)", ours, node));
  console.log(`\ncold compile: ${ours.median.toFixed(0)} ms (target < 1000 ms); exit status ${ours.status}\n`);

  const t0 = performance.now();
  const api = await import("../dist/index.js");
  const t1 = performance.now();
  const { formatTypeScript } = await import("../dist/prettier.js");
  const t2 = performance.now();
  const phases = { preprocess: 0, parse: 0, analyse: 0, generate: 0, format: 0 };
  const rounds = 10;
  let lines = 0;
  for (let i = 0; i < rounds + 1; i++) {
    const a = performance.now();
    const pre = api.preprocess(stock, {});
    const b = performance.now();
    const { program } = api.parse(pre);
    const c = performance.now();
    const { analysis, diagnostics } = api.analyze(program);
    const d = performance.now();
    const raw = api.emitModule(program, analysis, diagnostics);
    const e = performance.now();
    await formatTypeScript(raw);
    const f = performance.now();
    if (i === 0) continue; // warm-up
    lines += pre.text.split("\n").length;
    phases.preprocess += b - a;
    phases.parse += c - b;
    phases.analyse += d - c;
    phases.generate += e - d;
    phases.format += f - e;
  }
  const total = Object.values(phases).reduce((x, y) => x + y, 0);
  console.log(`load front end + compiler: ${(t1 - t0).toFixed(0)} ms; load prettier: ${(t2 - t1).toFixed(0)} ms (once per process)`);
  for (const [k, v] of Object.entries(phases)) console.log(`  ${k.padEnd(10)} ${(v / rounds).toFixed(1).padStart(7)} ms per compile`);
  console.log(`in-process compile throughput (warm): ${Math.round(lines / (total / 1000)).toLocaleString("en")} lines/s`);
}
