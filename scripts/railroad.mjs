// Writes grammar/railroad.html: railroad diagrams of the cfg grammar, from the parser itself.
// Run: node scripts/railroad.mjs   (test/parse/railroad.test.ts fails when the file is stale)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kemits-railroad-"));
try {
  const out = join(dir, "railroad.mjs");
  await build({
    entryPoints: [join(root, "src/parse/railroad.ts")],
    outfile: out,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  const { railroadHtml } = await import(pathToFileURL(out).href);
  writeFileSync(join(root, "grammar/railroad.html"), railroadHtml());
  console.log("wrote grammar/railroad.html");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
