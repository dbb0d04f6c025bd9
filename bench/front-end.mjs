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
