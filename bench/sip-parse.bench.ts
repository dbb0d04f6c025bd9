// SIP message layer throughput: parse + top Via + R-URI user + serialize with one header added.
// The lead can call `benchSipParse()`; as a script (after bundling with esbuild) it prints the result.
import fs from "node:fs";
import path from "node:path";
import { MessageEdits, parseMessage } from "../src/runtime/sip/index.js";

export interface SipParseBenchResult {
  readonly messages: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
}

/** Runs the hot path over sipp's INVITE for about `durationMs` (default 1000) and reports the rate. */
export function benchSipParse(durationMs = 1000, message?: Buffer): SipParseBenchResult {
  const buf = message ?? fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/sip-messages/sipp/uac-01-invite.sip"));
  let sink = 0;
  const once = (): void => {
    const r = parseMessage(buf);
    if (!r.ok) throw new Error(`benchmark message does not parse: ${r.error.reason}`);
    const m = r.msg;
    sink += m.via()!.port + (m.ruri()?.user.length ?? 0);
    const e = new MessageEdits(m);
    e.addHeader("X-Bench", "1");
    sink += e.serialize().length;
  };
  for (let i = 0; i < 2000; i++) once(); // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(durationMs) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 500; i++) once();
    n += 500;
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  if (sink === 0) console.log(""); // keep `sink` observable so the work is not optimised away
  return { messages: n, seconds, messagesPerSecond: n / seconds };
}

if (process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  const r = benchSipParse(Number(process.argv[2] ?? 1000));
  console.log(`sip parse+via+ruri+serialize: ${Math.round(r.messagesPerSecond)} msg/s (${r.messages} in ${r.seconds.toFixed(2)}s)`);
}
