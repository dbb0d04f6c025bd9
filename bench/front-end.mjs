// Front-end figures (issue: parse throughput and cold CLI time).
import { fileURLToPath } from "node:url";
import { formatRow, timeCommand, timeInTurns } from "./cold-start.mjs";

const CLI = fileURLToPath(new URL("../bin/kemits.js", import.meta.url));
const KEMITS = fileURLToPath(new URL("../bin/kemits", import.meta.url));

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
  // Steady state: V8 tiers the parser's code up over the first rounds of a run this size, so three
  // rounds warm up before seven are timed.
  const warmup = 3;
  const rounds = 7;
  const samples = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const t0 = process.hrtime.bigint();
    const p = api.preprocessText("bench.cfg", big, {});
    api.parse(p);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const median = samples[rounds >> 1];
  const rate = (ms) => Math.round(lines / (ms / 1000)).toLocaleString("en");
  console.log(
    `preprocess+parse, ${lines} lines: median ${median.toFixed(0)} ms = ${rate(median)} lines/s (target >= 200,000); ` +
      `fastest ${rate(samples[0])}, slowest ${rate(samples[rounds - 1])} lines/s\n`,
  );

  // Cold CLI beside Kamailio's own check and a bare Node start, run in turns. `kemits` is the
  // command as installed (bin/kemits: parse starts from the build's startup snapshot); the row
  // below it is the same parse through bin/kemits.js, without the snapshot.
  const [node, ours, plain] = timeInTurns(
    [
      [process.execPath, ["-e", "0"]],
      [KEMITS, ["parse", stock]],
      [process.execPath, [CLI, "parse", stock]],
    ],
    { runs: 15 },
  );
  const kam = timeCommand("kamailio", ["-c", "-f", stock]);
  console.log(formatRow("node -e 0 (baseline)", node));
  console.log(formatRow("kamailio -c -f kamailio.cfg", kam, node));
  console.log(formatRow("kemits parse kamailio.cfg", ours, node));
  console.log(formatRow("node bin/kemits.js parse (no snapshot)", plain, node));
  console.log(`\nkemits parse / node start: ${(ours.median / node.median).toFixed(2)} (target <= 2.00); exit status ${ours.status}`);
}
