import { compileProgram, mergeDiagnostics } from "../../codegen/index.js";
import { type Diagnostic, renderGithub, renderSarif, renderText, toJson } from "../../diag/index.js";
import { UsageError, parseCommandArgs } from "../args.js";
import { readConfig } from "../front-end.js";

const FORMATS = ["text", "json", "github", "sarif"] as const;
const TARGETS = ["ts", "kamailio"] as const;

/**
 * `kemits check FILE [-D ...] [--format text|json|github|sarif] [--strict]`: parse, analyse and
 * translate without writing anything. Exit 0 clean, 1 errors, 2 warnings under --strict.
 * `--target kamailio` adds what only that target meets: KEMI calls whose module the generated
 * kamailio.cfg would not load.
 */
export async function checkCommand(argv: string[]): Promise<number> {
  const { cfg, values } = parseCommandArgs(argv, { format: { type: "string" }, strict: { type: "boolean" }, target: { type: "string" } });
  const target = (values.target ?? "ts") as (typeof TARGETS)[number];
  if (!TARGETS.includes(target)) throw new UsageError(`--target must be one of ${TARGETS.join(", ")}`);
  const format = (values.format ?? "text") as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const { program, diagnostics } = readConfig(cfg);
  let all: Diagnostic[] = diagnostics;
  if (program && !diagnostics.some((d) => d.severity === "error")) {
    const compiled = await compileProgram(program);
    all = mergeDiagnostics(diagnostics, compiled.diagnostics);
    if (target === "kamailio" && compiled.code !== undefined) {
      const { kamailioTargetWarnings } = await import("../../codegen/kamailio/index.js");
      all = [...all, ...kamailioTargetWarnings(program, compiled.code)];
    }
  }
  process.stdout.write(render(all, format));
  if (all.some((d) => d.severity === "error")) return 1;
  if (values.strict && all.length > 0) return 2;
  return 0;
}

function render(items: readonly Diagnostic[], format: (typeof FORMATS)[number]): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(items.map(toJson), null, 2)}\n`;
    case "github":
      return items.map((d) => `${renderGithub(d)}\n`).join("");
    case "sarif":
      return `${renderSarif(items, "0.1.0")}\n`;
    case "text":
      return items.map((d) => `${renderText(d)}\n`).join("");
  }
}
