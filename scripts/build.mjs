// Bundles the CLI into dist/ with esbuild. Bundling matters for cold start: chevrotain's default
// entry pulls in hundreds of lodash-es files, while one bundled file loads in a few milliseconds.
// Heavy dependencies used only when TypeScript is emitted (ts-morph, prettier) stay external and
// are loaded with a dynamic import on that path alone.
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const result = await build({
  entryPoints: {
    kemits: "src/cli/main.ts",
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    prettier: "src/codegen/ts/prettier.ts",
  },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  // Less text for V8 to scan on every cold start of the CLI.
  minify: true,
  external: ["ts-morph", "prettier", "typescript", "better-sqlite3", "esbuild"],
  logLevel: "warning",
  metafile: true,
});
// What each chunk holds, for keeping start-up lean: `npx esbuild --analyze` style reading.
writeFileSync("dist/meta.json", JSON.stringify(result.metafile));
// Chunk names carry content hashes: remove chunks earlier builds left behind (deleting the whole
// folder first would break a concurrent reader, such as a test run building at the same time).
const current = new Set(Object.keys(result.metafile.outputs).flatMap((f) => [f, `${f}.map`].map((p) => p.slice("dist/".length))));
for (const f of readdirSync("dist")) if (f !== "meta.json" && !current.has(f)) rmSync(`dist/${f}`);
