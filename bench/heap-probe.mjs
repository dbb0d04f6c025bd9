// Preloaded into `kemits run` by the proxy benchmark (node --expose-gc --import): on SIGUSR2 it
// collects garbage and writes process.memoryUsage() to $KEMITS_BENCH_HEAP_FILE, so the benchmark
// reads live memory (what a contact or a transaction keeps) rather than V8's resident high-water mark.
import { writeFileSync } from "node:fs";

const file = process.env.KEMITS_BENCH_HEAP_FILE;
if (file && typeof globalThis.gc === "function") {
  process.on("SIGUSR2", () => {
    globalThis.gc();
    globalThis.gc();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
