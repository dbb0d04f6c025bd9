import { parseArgs } from "node:util";

/** What every command that reads a cfg accepts. */
export interface CfgArgs {
  file: string;
  defines: { name: string; value?: string }[];
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** By name, not `instanceof`: a command run from its own bundle (code-cache.ts) has its own class. */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === "UsageError";
}

/** `-D NAME` / `-D NAME=VALUE`, also spelled `-A` as Kamailio does. */
export function parseDefine(text: string): { name: string; value?: string } {
  const eq = text.indexOf("=");
  if (eq < 0) return { name: text };
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** Parses a command's arguments: one cfg file, defines, and the command's own options. */
export function parseCommandArgs<O extends OptionSpec>(argv: string[], options: O) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        define: { type: "string", short: "D", multiple: true },
        "define-a": { type: "string", short: "A", multiple: true },
        ...options,
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "missing FILE" : "only one FILE is accepted");
  const raw = [...((values.define as string[]) ?? []), ...((values["define-a"] as string[]) ?? [])];
  const cfg: CfgArgs = { file: positionals[0]!, defines: raw.map(parseDefine) };
  return { cfg, values: values as Record<string, string | boolean | string[] | undefined> };
}
