import { isUsageError } from "./args.js";
import { USAGE } from "./usage.js";

/**
 * Runs a command as every kemits command runs: `--debug` (anywhere) is taken out of `argv`; a
 * usage error exits 2 after the usage text, any other failure is an internal error that exits 3
 * (its stack trace only under `--debug`). Returns the exit code.
 */
export async function execute(command: (argv: string[]) => Promise<number>, argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await command(argv.filter((a) => a !== "--debug"));
  } catch (e) {
    if (isUsageError(e)) {
      process.stderr.write(`kemits: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(
      debug
        ? `kemits: internal error\n${(e as Error).stack}\n`
        : `kemits: internal error: ${(e as Error).message}\n(run again with --debug for details, and report it)\n`,
    );
    return 3;
  }
}
