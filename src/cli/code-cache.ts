import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

// Required rather than imported: importing node:fs into an ES module reads all its exports, and
// with them loads the stream classes, which cost a cold start a few milliseconds for nothing.
const { readFileSync, renameSync, writeFileSync } = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");

/*
 * Node 20 compiles every module from scratch on each start, and for `kemits parse` that compiling
 * (of Chevrotain and the front end, lazily, function by function) is a large part of the run.
 * `scripts/build.mjs` therefore also bundles such a command as one CommonJS file and records V8's
 * code cache of a run of it beside it; loading the file through `vm.Script` with that cache skips
 * the compiling. V8 refuses a cache made by another Node version or with other flags, and the
 * command is then compiled as usual. The cache is named by the bundle's content hash, as the
 * bundle is, so a cache always belongs to its bundle (V8 itself only checks the source length).
 */

/** Set by scripts/build.mjs when it runs a command to record the cache. */
const RECORD = "KEMITS_RECORD_CODE_CACHE";

/** Runs a CommonJS bundle (`X.cjs`, cache `X.cache`) and returns its exports; undefined if it is missing. */
export function requireCached(file: string): Record<string, unknown> | undefined {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const cacheFile = file.replace(/\.cjs$/, ".cache");
  let cachedData: Buffer | undefined;
  if (!process.env[RECORD]) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache: compile as usual
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, dirname(file));
  // After the command has run, so the cache holds the functions it compiled along the way; renamed
  // into place, so a concurrent reader never sees half a cache.
  if (process.env[RECORD]) {
    process.once("exit", () => {
      const partial = `${cacheFile}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    });
  }
  return module.exports;
}

type CommonJsWrapper = (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
