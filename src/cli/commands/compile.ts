import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileCfgToModule, mergeDiagnostics } from "../../codegen/index.js";
import { type CfgArgs, UsageError, parseCommandArgs } from "../args.js";
import { readConfig, reportDiagnostics } from "../front-end.js";

const TARGETS = ["ts", "kamailio"] as const;

/**
 * `kemits compile FILE [-D ...] [-o OUT.ts]`: the KEMI TypeScript module, or diagnostics and exit 1.
 * `kemits compile FILE --target kamailio -o DIR [--script-path PATH]`: DIR/kamailio.cfg and
 * DIR/kamailio.js for Kamailio with app_jsdt (see docs/kamailio-target.md).
 */
export async function compileCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    target: { type: "string" },
    "script-path": { type: "string" },
  });
  const target = (values.target ?? "ts") as (typeof TARGETS)[number];
  if (!TARGETS.includes(target)) throw new UsageError(`--target must be one of ${TARGETS.join(", ")}`);
  if (target === "kamailio") return compileForKamailioCommand(cfg, values);
  if (values["script-path"] !== undefined) throw new UsageError("--script-path applies to --target kamailio only");
  const result = await compileCfgToModule(cfg.file, cfg.defines);
  if (reportDiagnostics(result.diagnostics) > 0 || result.code === undefined) return 1;
  if (typeof values.output === "string") writeFileSync(values.output, result.code);
  else process.stdout.write(result.code);
  return 0;
}

/**
 * The Kamailio target needs the preprocessor's text (the global section is cut from it), so it
 * runs the front end itself. `--script-path` is what kamailio.cfg's app_jsdt `load` modparam says;
 * by default the absolute path of DIR/kamailio.js.
 */
async function compileForKamailioCommand(cfg: CfgArgs, values: Record<string, unknown>): Promise<number> {
  if (typeof values.output !== "string") throw new UsageError("--target kamailio needs -o DIR (it writes kamailio.cfg and kamailio.js there)");
  const dir = resolve(values.output);
  const { pre, program, diagnostics: front } = readConfig(cfg);
  if (!program || front.some((d) => d.severity === "error")) {
    reportDiagnostics(front);
    return 1;
  }
  const { compileForKamailio } = await import("../../codegen/kamailio/index.js");
  const scriptPath = typeof values["script-path"] === "string" ? values["script-path"] : join(dir, "kamailio.js");
  const result = await compileForKamailio(program, pre.text, { scriptPath });
  const all = mergeDiagnostics(front, result.diagnostics);
  if (reportDiagnostics(all) > 0 || !result.files) return 1;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kamailio.cfg"), result.files.cfg);
  writeFileSync(join(dir, "kamailio.js"), result.files.js);
  return 0;
}
