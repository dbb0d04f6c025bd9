import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileForKamailio } from "../../src/codegen/kamailio/index.js";
import { formatLocation } from "../../src/diag/index.js";
import { parseFile } from "../../src/parse/file.js";
import type { PreprocessOptions } from "../../src/preprocess/types.js";

/**
 * `kemits compile FILE --target kamailio -o DIR`, in process: writes DIR/kamailio.cfg and
 * DIR/kamailio.js and returns their text, with diagnostics rendered one per line.
 */
export async function compileToKamailio(file: string, outDir: string, options: PreprocessOptions = {}) {
  const { pre, program, diagnostics: front } = parseFile(file, options);
  const render = (d: (typeof front)[number]) => `${d.loc ? formatLocation(d.loc) : "?"}: ${d.severity}: ${d.message} [${d.code}]`;
  if (!program || front.some((d) => d.severity === "error")) return { files: undefined, diagnostics: front.map(render) };
  const dir = resolve(outDir);
  const result = await compileForKamailio(program, pre.text, { scriptPath: join(dir, "kamailio.js") });
  if (result.files) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "kamailio.cfg"), result.files.cfg);
    writeFileSync(join(dir, "kamailio.js"), result.files.js);
  }
  return { files: result.files, diagnostics: [...front, ...result.diagnostics].map(render) };
}
