import { fileURLToPath } from "node:url";
import { UsageError, isUsageError } from "./args.js";
import { requireCached } from "./code-cache.js";

const USAGE = `kemits: compile native Kamailio configuration to KEMI TypeScript, and run it

Usage:
  kemits parse FILE [-D NAME[=VALUE]]... [--ast]   check a cfg's syntax; --ast prints its AST as JSON
  kemits fmt FILE [-D ...]                         print the cfg in canonical layout
  kemits run FILE.cfg|FILE.ts [-D ...] [-l proto:addr:port]... [--watch]   serve SIP with the routing (SIGHUP or --watch reloads it)
  kemits compile FILE [-D ...] [-o OUT.ts]         translate the cfg to a KEMI TypeScript module
  kemits compile FILE [-D ...] --target kamailio -o DIR [--script-path P]
                                                   write DIR/kamailio.cfg + DIR/kamailio.js for Kamailio's app_jsdt
  kemits check FILE [-D ...] [--target ts|kamailio] [--format text|json|github|sarif] [--strict]
                                                   parse, analyse and translate without writing (for CI);
                                                   exit 0 clean, 1 errors, 2 warnings under --strict
  kemits --version | --help

Options:
  -D, -A NAME[=VALUE]   define NAME (as kamailio -A does), with an optional value
  --debug               show internal stack traces (for bug reports)

Exit codes: 0 ok, 1 errors in the input, 2 usage error, 3 internal failure.
`;

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
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  let code: number;
  try {
    code = await dispatch(name, rest);
  } catch (e) {
    if (isUsageError(e)) {
      process.stderr.write(`kemits: ${e.message}\n\n${USAGE}`);
      code = 2;
    } else {
      process.stderr.write(
        debug
          ? `kemits: internal error\n${(e as Error).stack}\n`
          : `kemits: internal error: ${(e as Error).message}\n(run again with --debug for details, and report it)\n`,
      );
      code = 3;
    }
  }
  process.exitCode = code;
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
