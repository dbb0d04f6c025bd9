// Cold wall time of whole commands, median of several runs, beside same-run baselines.
import { spawnSync } from "node:child_process";

/**
 * Median wall time in ms of `runs` executions of each command, run in turns (after one warm-up
 * run each, for the page cache), so that on a shared machine every command sees the same load and
 * their ratios hold. A command is `[cmd, args]`.
 */
export function timeInTurns(commands, { runs = 9, env, cwd } = {}) {
  const once = ([cmd, args]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: "ignore", env: { ...process.env, ...env }, cwd });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status };
  };
  const statuses = commands.map((c) => once(c).status);
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, c] of commands.entries()) times[k].push(once(c).ms);
  return times.map((t, k) => {
    t.sort((a, b) => a - b);
    return { median: t[runs >> 1], min: t[0], max: t[runs - 1], status: statuses[k] };
  });
}

/** `timeInTurns` for one command. */
export function timeCommand(cmd, args, options) {
  return timeInTurns([[cmd, args]], options)[0];
}

export function formatRow(label, t, base) {
  const ratio = base ? ` ${(t.median / base.median).toFixed(2)}x` : "";
  return `${label.padEnd(48)} ${t.median.toFixed(1).padStart(8)} ms  (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})${ratio}`;
}
