// Bundles the CLI into dist/ with esbuild. Bundling matters for cold start: chevrotain's default
// entry pulls in hundreds of lodash-es files, while one bundled file loads in a few milliseconds.
// Heavy dependencies used only when TypeScript is emitted (ts-morph, prettier) stay external and
// are loaded with a dynamic import on that path alone.
import { build } from "esbuild";

await build({
  entryPoints: { kemits: "src/cli/main.ts", index: "src/index.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  external: ["ts-morph", "prettier", "typescript", "better-sqlite3"],
  logLevel: "warning",
});
