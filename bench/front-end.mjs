// Front-end figures (issue: parse throughput and cold CLI time).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { formatRow, timeCommand } from "./cold-start.mjs";

const CLI = fileURLToPath(new URL("../bin/kemits.js", import.meta.url));

export async function benchFrontEnd(stock) {
  const api = await import("../dist/index.js");
  console.log("## Front end\n");

  // In-process throughput: the stock cfg preprocessed once, its expanded text repeated to 100k lines.
  const pre = api.preprocess(stock, {});
  const unit = pre.text.endsWith("\n") ? pre.text : `${pre.text}\n`;
  const unitLines = unit.split("\n").length - 1;
  const copies = Math.ceil(100_000 / unitLines);
  const big = unit.repeat(copies);
  const lines = unitLines * copies;
  const rounds = 5;
  const samples = [];
  for (let i = 0; i < rounds + 1; i++) {
    const t0 = process.hrtime.bigint();
    const p = api.preprocessText("bench.cfg", big, {});
    api.parse(p);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i > 0) samples.push(ms); // the first round warms the JIT
  }
  samples.sort((a, b) => a - b);
  const median = samples[rounds >> 1];
  console.log(`preprocess+parse, ${lines} lines: median ${median.toFixed(0)} ms = ${Math.round(lines / (median / 1000)).toLocaleString("en")} lines/s (target >= 200,000)\n`);

  // Cold CLI beside Kamailio's own check and a bare Node start. Node and kemits run in turns, so
  // that both see the same load on a shared machine and their ratio holds.
  const [node, ours] = timeInTurns([
    [process.execPath, ["-e", "0"]],
    [process.execPath, [CLI, "parse", stock]],
  ]);
  const kam = timeCommand("kamailio", ["-c", "-f", stock]);
  console.log(formatRow("node -e 0 (baseline)", node));
  console.log(formatRow("kamailio -c -f kamailio.cfg", kam, node));
  console.log(formatRow("kemits parse kamailio.cfg", ours, node));
  console.log(`\nkemits parse / node start: ${(ours.median / node.median).toFixed(2)} (target <= 2.00); exit status ${ours.status}`);
}

/** Like cold-start.mjs's timeCommand, for several commands run in turns (after one warm-up each). */
function timeInTurns(commands, runs = 15) {
  const once = ([cmd, args]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: "ignore" });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status };
  };
  const statuses = commands.map((c) => once(c).status);
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of commands.entries()) times[k].push(once(c).ms);
  }
  return times.map((t, k) => {
    t.sort((a, b) => a - b);
    return { median: t[runs >> 1], min: t[0], max: t[runs - 1], status: statuses[k] };
  });
}
