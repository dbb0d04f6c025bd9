// Cold wall time of whole commands, median of several runs, beside same-run baselines.
import { spawnSync } from "node:child_process";

/** Median wall time in ms of `runs` executions of cmd (after one warm-up run for the page cache). */
export function timeCommand(cmd, args, { runs = 9, env, cwd } = {}) {
  const once = () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: "ignore", env: { ...process.env, ...env }, cwd });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ms, status: r.status };
  };
  const warm = once();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(once().ms);
  times.sort((a, b) => a - b);
  return { median: times[runs >> 1], min: times[0], max: times[runs - 1], status: warm.status };
}

export function formatRow(label, t, base) {
  const ratio = base ? ` ${(t.median / base.median).toFixed(2)}x` : "";
  return `${label.padEnd(48)} ${t.median.toFixed(1).padStart(8)} ms  (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})${ratio}`;
}
