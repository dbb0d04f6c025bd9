import { fileURLToPath } from "node:url";
import { UsageError } from "./args.js";
import { requireCached } from "./code-cache.js";
import { execute } from "./execute.js";
import { USAGE } from "./usage.js";

type Command = (argv: string[]) => Promise<number>;

// Each command loads only what it needs, so `parse` never pays for the TypeScript emitter.
// `parse` runs from its own bundle with V8's code cache where the build made one (code-cache.ts).
const COMMANDS: Record<string, () => Promise<Command>> = {
  parse: async () => (cachedBundle("parse") ?? (await import("./commands/parse.js"))).parseCommand as Command,
  fmt: async () => (await import("./commands/fmt.js")).fmtCommand,
  run: async () => (await import("./commands/run.js")).runCommand,
  compile: async () => (await import("./commands/compile.js")).compileCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
};

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await execute((args) => dispatch(args[0], args.slice(1)), argv);
}

async function dispatch(name: string | undefined, rest: string[]): Promise<number> {
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`kemits ${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`unknown command '${name}'`);
  return (await load())(rest);
}

/** The command's CommonJS bundle beside this file, when the build made one; undefined otherwise. */
function cachedBundle(name: string): Record<string, unknown> | undefined {
  const file = typeof __KEMITS_CACHED_BUNDLES__ === "object" ? __KEMITS_CACHED_BUNDLES__[name] : undefined;
  return file ? requireCached(fileURLToPath(new URL(file, import.meta.url))) : undefined;
}

declare const __KEMITS_CACHED_BUNDLES__: Record<string, string | undefined> | undefined;
declare const __KEMITS_VERSION__: string | undefined;
const VERSION = typeof __KEMITS_VERSION__ === "string" ? __KEMITS_VERSION__ : "dev";
