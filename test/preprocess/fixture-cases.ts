import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PreprocessOptions } from "../../src/preprocess/index.js";
import { parseDefine } from "../../src/cli/args.js";

export const FIXTURES = resolve(import.meta.dirname, "../../fixtures/preprocess");

/** What a fixture asks of the real Kamailio: its `-c` verdict, and/or `--cfg-print` equal to ours. */
export type KamailioCheck = "accepts" | "rejects" | "print";

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  /** `-D` defines as written on a command line: `NAME` or `NAME=VALUE`. */
  readonly defines: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly kamailio: readonly KamailioCheck[];
}

interface OptionsJson {
  defines?: string[];
  env?: Record<string, string>;
  kamailio?: KamailioCheck[];
}

/** Every folder under fixtures/preprocess holding an input.cfg. */
export function fixtureCases(): FixtureCase[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(FIXTURES, d.name);
      const optionsPath = join(dir, "options.json");
      const options: OptionsJson = existsSync(optionsPath) ? JSON.parse(readFileSync(optionsPath, "utf8")) : {};
      return {
        name: d.name,
        dir,
        defines: options.defines ?? [],
        env: options.env ?? {},
        kamailio: options.kamailio ?? [],
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The preprocessor options for a case: cwd is the case folder, so paths print relative to it. */
export function caseOptions(c: FixtureCase, extra: Partial<PreprocessOptions> = {}): PreprocessOptions {
  return {
    cwd: c.dir,
    env: c.env,
    defines: c.defines.map(parseDefine),
    ...extra,
  };
}
