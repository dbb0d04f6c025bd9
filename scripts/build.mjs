// Bundles the CLI into dist/ with esbuild. Bundling matters for cold start: chevrotain's default
// entry pulls in hundreds of lodash-es files, while one bundled file loads in a few milliseconds.
// Heavy dependencies used only when TypeScript is emitted (ts-morph, prettier) stay external and
// are loaded with a dynamic import on that path alone.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { build } from "esbuild";

const common = {
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  // Less text for V8 to scan on every cold start of the CLI.
  minify: true,
  external: ["ts-morph", "prettier", "typescript", "better-sqlite3", "esbuild"],
  logLevel: "warning",
  metafile: true,
};

// Commands that also get a CommonJS bundle of their own, run with V8's code cache recorded below
// (src/cli/code-cache.ts): Node 20 has no compile cache for ES modules.
const cached = await build({
  ...common,
  entryPoints: { "parse-command": "src/cli/commands/parse.ts" },
  format: "cjs",
  entryNames: "[name]-[hash]",
  outExtension: { ".js": ".cjs" },
});
const bundles = Object.keys(cached.metafile.outputs).filter((f) => f.endsWith(".cjs"));

const result = await build({
  ...common,
  entryPoints: {
    kemits: "src/cli/main.ts",
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    prettier: "src/codegen/ts/prettier.ts",
  },
  splitting: true,
  format: "esm",
  define: { __KEMITS_CACHED_BUNDLES__: JSON.stringify({ parse: basename(bundles.find((f) => f.includes("parse-command"))) }) },
});
// What each chunk holds, for keeping start-up lean: `npx esbuild --analyze` style reading.
writeFileSync("dist/meta.json", JSON.stringify(result.metafile));

// The code cache of a run of each bundle, parsing the stock config when Kamailio is installed (else
// a fixture): the cache then also holds the functions compiled along the way. Without NODE_OPTIONS,
// whose flags would make V8 refuse the cache in a plain run.
const sample = existsSync("/etc/kamailio/kamailio.cfg") ? "/etc/kamailio/kamailio.cfg" : "fixtures/runtime/tm/tm.cfg";
const { NODE_OPTIONS: _, ...env } = process.env;
for (const bundle of bundles) {
  const cache = bundle.replace(/\.cjs$/, ".cache");
  // Recorded again even when present: the Node running the build may have changed.
  const run = spawnSync(process.execPath, ["bin/kemits.js", "parse", sample], { env: { ...env, KEMITS_RECORD_CODE_CACHE: "1" }, stdio: "ignore" });
  if (run.status !== 0 || !existsSync(cache)) console.warn(`build: no code cache recorded for ${bundle} (exit status ${run.status})`);
}

// `kemits parse` as bin/kemits runs it: from a V8 startup snapshot of src/cli/parse-snapshot.ts,
// warmed up by one parse of the sample. A snapshot loads only in the node that made it, whose path
// (and size and mtime) is recorded beside it for bin/kemits; without either, bin/kemits runs parse
// like any command.
await build({ ...common, entryPoints: { "parse-snapshot": "src/cli/parse-snapshot.ts" }, format: "cjs", outExtension: { ".js": ".cjs" }, sourcemap: false });
const SNAPSHOT = ["dist/parse-snapshot.cjs", "dist/parse.blob", "dist/parse.blob.node"];
rmSync(SNAPSHOT[2], { force: true });
const snapshot = spawnSync(process.execPath, ["--snapshot-blob", SNAPSHOT[1], "--build-snapshot", SNAPSHOT[0]], {
  env: { ...env, KEMITS_SNAPSHOT_SAMPLE: sample },
  stdio: "ignore",
});
if (snapshot.status === 0 && existsSync(SNAPSHOT[1])) {
  // The node binary's size and mtime too: bin/kemits uses the snapshot only while they are unchanged.
  const node = statSync(process.execPath);
  writeFileSync(SNAPSHOT[2], `${process.execPath}\n${node.size}:${Math.floor(node.mtimeMs / 1000)}\n`);
}
else console.warn(`build: no startup snapshot for kemits parse (exit status ${snapshot.status}); it runs without one`);

// Chunk names carry content hashes: remove chunks earlier builds left behind (deleting the whole
// folder first would break a concurrent reader, such as a test run building at the same time).
const outputs = [...Object.keys(result.metafile.outputs), ...Object.keys(cached.metafile.outputs)];
const current = new Set([...outputs.flatMap((f) => [f, `${f}.map`, f.replace(/\.cjs$/, ".cache")]), ...SNAPSHOT].map((p) => p.slice("dist/".length)));
for (const f of readdirSync("dist")) if (f !== "meta.json" && !current.has(f)) rmSync(`dist/${f}`);
