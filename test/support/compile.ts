import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { compileProgram, mergeDiagnostics } from "../../src/codegen/index.js";
import { formatLocation } from "../../src/diag/index.js";
import { parseFile } from "../../src/parse/file.js";
import type { PreprocessOptions } from "../../src/preprocess/types.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Preprocess, parse and compile a cfg; diagnostics rendered one per line, paths relative to `base`. */
export async function compileFile(file: string, options: PreprocessOptions = {}, base = ROOT) {
  const { program, diagnostics: front } = parseFile(file, options);
  const result = !program || front.some((d) => d.severity === "error") ? { code: undefined, diagnostics: [] } : await compileProgram(program);
  const all = mergeDiagnostics(front, result.diagnostics);
  const rendered = all.map((d) => {
    const where = d.loc ? formatLocation(d.loc).replace(/^[^:]+/, (p) => relative(base, p)) : "?";
    return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
  });
  return { code: result.code, diagnostics: rendered, errors: all.filter((d) => d.severity === "error").length };
}

/**
 * Type-checks generated modules with `tsc --strict` against the KSR typings and the semantics
 * helpers, as a user's build would. Returns tsc's output ("" when clean).
 */
export function typecheck(modules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "kemits-tsc-"));
  for (const [name, code] of Object.entries(modules)) writeFileSync(join(dir, name), code);
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2022"],
      types: [],
      skipLibCheck: true,
      paths: { "kemits/semantics": [join(ROOT, "src/semantics/index.ts")] },
    },
    files: [...Object.keys(modules), join(ROOT, "src/catalog/generated/ksr.d.ts")],
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  const r = spawnSync(tsc, ["-p", dir], { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}
