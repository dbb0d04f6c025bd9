/**
 * Loading a routing module from a file: `.ts`/`.js`/`.mjs` are bundled with esbuild (TypeScript
 * stripped, `kemits/semantics` resolved to this package's `src/semantics/index.ts`, other imports
 * left to Node) into a fresh temporary ES module and imported, so a reload always gets new code.
 * `.cfg` files are compiled first with the compiler's `compileCfgToModule`.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Diagnostic, renderText } from "../../diag/index.js";
import type { RoutingModule } from "./engine.js";
import { KemitsError } from "./errors.js";

export interface Define {
  readonly name: string;
  readonly value?: string;
}

/** Loads the routing module in `file`; throws KemitsError (KEMITS_ERR_LOAD) with the reason. */
export async function loadRoutingModule(file: string, defines: readonly Define[] = []): Promise<RoutingModule> {
  const path = resolve(file);
  if (!existsSync(path)) throw new KemitsError("KEMITS_ERR_LOAD", `cannot read ${file}`);
  const ext = extname(path);
  let code: string;
  if (ext === ".cfg") code = await bundle(await compileCfg(path, defines), dirname(path));
  else if (ext === ".ts" || ext === ".js" || ext === ".mjs" || ext === ".mts") code = await bundle({ file: path }, dirname(path));
  else throw new KemitsError("KEMITS_ERR_LOAD", `${file}: expected a .cfg, .ts or .js file`);
  const mod = await importCode(code);
  if (typeof mod.config !== "object" || mod.config === null) {
    throw new KemitsError("KEMITS_ERR_LOAD", `${file} does not export \`config\` (the KemitsConfig a routing module exports)`);
  }
  return mod as RoutingModule;
}

type CompileCfg = (path: string, defines: readonly Define[]) => Promise<{ code: string | undefined; diagnostics: readonly Diagnostic[] }>;

/** The compiler's entry point, when it exists in this build. */
async function compileCfg(path: string, defines: readonly Define[]): Promise<{ text: string }> {
  const codegen = (await import("../../codegen/index.js")) as unknown as { compileCfgToModule?: CompileCfg };
  if (typeof codegen.compileCfgToModule !== "function") {
    throw new KemitsError("KEMITS_ERR_LOAD", "compiling .cfg is not available yet in this kemits build: compile it to a .ts module and run that");
  }
  const r = await codegen.compileCfgToModule(path, defines);
  if (r.code === undefined) {
    const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => renderText(d));
    throw new KemitsError("KEMITS_ERR_LOAD", `${path} does not compile`, errors);
  }
  return { text: r.code };
}

/** The package's `src/semantics/index.ts`, found from this file whether it runs from src/ or dist/. */
function semanticsEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "src", "semantics", "index.ts");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new KemitsError("KEMITS_ERR_LOAD", "cannot find kemits' src/semantics/index.ts next to the installed package");
}

async function bundle(input: { file: string } | { text: string }, resolveDir: string): Promise<string> {
  const { build } = await import("esbuild");
  const semantics = semanticsEntry();
  try {
    const result = await build({
      ...("file" in input ? { entryPoints: [input.file] } : { stdin: { contents: input.text, loader: "ts", resolveDir, sourcefile: "routing.ts" } }),
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      plugins: [
        {
          name: "kemits-semantics",
          setup(b) {
            b.onResolve({ filter: /^kemits\/semantics$/ }, () => ({ path: semantics }));
          },
        },
      ],
    });
    return result.outputFiles[0]!.text;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const details = errors.map((x) => (x.location ? `${x.location.file}:${x.location.line}:${x.location.column}: ${x.text}` : x.text));
    throw new KemitsError("KEMITS_ERR_LOAD", "the routing module does not build", details.length > 0 ? details : [(e as Error).message]);
  }
}

async function importCode(code: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "kemits-routing-"));
  const file = join(dir, "routing.mjs");
  writeFileSync(file, code);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new KemitsError("KEMITS_ERR_LOAD", `the routing module failed to load: ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
