import { type Program, type RouteBlock, routeKind } from "../../ast/index.js";
import { type Diagnostic, DiagnosticSink } from "../../diag/index.js";
import { compileProgram } from "../index.js";
import { blockFunctionName } from "../ts/naming.js";
import { bundleForJsdt } from "./bundle.js";
import { KAMAILIO_CODES } from "./codes.js";
import { planEvents } from "./events.js";
import { kamailioCfg } from "./global-cfg.js";
import { usrlocPreloads } from "./preload.js";
import { moduleName } from "../../ast/index.js";
import { kemiCalls } from "../ts/uses.js";
import { missingModules } from "./modules.js";
import { configPvClasses, firstPvNode, missingPvModules } from "./pv-modules.js";

export { KAMAILIO_CODES } from "./codes.js";

/** app_jsdt loads at most this much of a script and silently drops the rest. */
export const JSDT_MAX_SCRIPT_BYTES = 128 * 1024;

/** Modules the generated code may need that are safe to load on the user's behalf (KEMI-only helpers). */
const AUTO_LOADED = new Set(["kemix"]);

export interface KamailioTargetOptions {
  /** Path written into `modparam("app_jsdt", "load", …)`: where Kamailio will find kamailio.js. */
  readonly scriptPath: string;
}

export interface KamailioTargetResult {
  /** kamailio.cfg and kamailio.js; undefined when there were errors. */
  readonly files: { readonly cfg: string; readonly js: string } | undefined;
  /** Compiler diagnostics and this target's own. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `kemits compile --target kamailio`: the program as a kamailio.cfg (global section only) plus the
 * kamailio.js that app_jsdt runs as its routing. `expanded` is the preprocessor's output text, the
 * one `program`'s spans point into.
 */
export async function compileForKamailio(program: Program, expanded: string, options: KamailioTargetOptions): Promise<KamailioTargetResult> {
  const compiled = await compileProgram(program);
  if (compiled.code === undefined) return { files: undefined, diagnostics: compiled.diagnostics };
  const sink = new DiagnosticSink(KAMAILIO_CODES);
  const code = compiled.code;

  // The #!defenv helpers call KSR.kx.get_def from inside kemits/semantics, not in the module's code.
  const envReads = /\benv(?:String|Int)\(/.test(code) ? ["kx.get_def"] : [];
  const needed = missingModules([...kemiCalls(code), ...envReads], loadedModules(program));
  const extraModules = [...needed.keys()].filter((m) => AUTO_LOADED.has(m)).sort();
  reportMissingModules(program, code, sink, new Set(extraModules));
  const events = planEvents(eventNames(program));
  reportUnreachableEvents(program, events.unreachable, sink);

  const bundled = await bundleForJsdt(code, events.dispatchers);
  if ("error" in bundled) {
    sink.report("BundleFailed", undefined, bundled.error);
    return { files: undefined, diagnostics: [...compiled.diagnostics, ...sink.items] };
  }
  const size = Buffer.byteLength(bundled.code, "utf8");
  if (size > JSDT_MAX_SCRIPT_BYTES) {
    sink.report(
      "ScriptTooLarge",
      undefined,
      `kamailio.js is ${size} bytes; app_jsdt reads at most ${JSDT_MAX_SCRIPT_BYTES} bytes (128 KiB) of a script and silently drops the rest`,
    );
  }
  const source = program.map.segments[0]?.file.path ?? "cfg";
  const cfg = kamailioCfg(program, expanded, {
    scriptPath: options.scriptPath,
    extraModules,
    extraLines: [...usrlocPreloads(code, loadedModules(program)), ...events.cfgLines],
    source: source.slice(source.lastIndexOf("/") + 1),
  });
  const diagnostics = [...compiled.diagnostics, ...sink.items];
  return { files: sink.hasErrors ? undefined : { cfg, js: bundled.code }, diagnostics };
}

/**
 * `kemits check --target kamailio`: warnings for KEMI calls and PV classes whose module the generated
 * kamailio.cfg would not load (modules kemits loads itself, such as kemix, are left out) and for event routes
 * Kamailio cannot run under jsdt. `code` is the compiled TypeScript module of `program`.
 */
export function kamailioTargetWarnings(program: Program, code: string): Diagnostic[] {
  const sink = new DiagnosticSink(KAMAILIO_CODES);
  reportMissingModules(program, code, sink, AUTO_LOADED);
  reportUnreachableEvents(program, planEvents(eventNames(program)).unreachable, sink);
  return sink.items;
}

function reportUnreachableEvents(program: Program, unreachable: readonly string[], sink: DiagnosticSink): void {
  for (const ev of unreachable) {
    const block = program.body.find((i): i is RouteBlock => i.type === "RouteBlock" && routeKind(i) === "event" && i.name?.value === ev);
    sink.report(
      "EventRouteNotRunnable",
      block ? program.map.locate(block.span.start, block.body.span.start) : undefined,
      `event_route[${ev}] cannot run under cfgengine jsdt: module ${ev.split(":")[0]} has no event_callback parameter`,
    );
  }
}

function reportMissingModules(program: Program, code: string, sink: DiagnosticSink, autoLoaded: ReadonlySet<string>): void {
  const loaded = loadedModules(program);
  const seen = new Set<string>();
  // Per route block, so each warning points at the block whose compiled function makes the call.
  for (const block of program.body) {
    if (block.type !== "RouteBlock") continue;
    const fn = functionText(code, blockFunctionName(block));
    if (!fn) continue;
    for (const [module, calls] of missingModules(kemiCalls(fn), loaded)) {
      if (autoLoaded.has(module)) continue;
      for (const call of calls) {
        const key = `${call}@${blockFunctionName(block)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const ksr = call.startsWith(".") ? `KSR${call}` : `KSR.${call}`;
        sink.report(
          "KemiModuleNotLoaded",
          program.map.locate(block.span.start, block.body.span.start),
          `${ksr} needs module ${module}, which the cfg does not load: add loadmodule "${module}.so"`,
        );
      }
    }
  }
  // KSR.pv reads and sets fail too when the PV's class comes from a module that is not loaded.
  for (const [module, classes] of missingPvModules(configPvClasses(code), loaded)) {
    if (autoLoaded.has(module)) continue;
    for (const name of classes) {
      const node = firstPvNode(program, name);
      sink.report(
        "KemiModuleNotLoaded",
        node ? program.map.locate(node.span.start, node.span.end) : undefined,
        `$${name} (through KSR.pv) needs module ${module}, which the cfg does not load: add loadmodule "${module}.so"`,
      );
    }
  }
}

/** The text of `function NAME(…) {…}` in a prettier-formatted module (its body ends at the first `\n}`). */
function functionText(code: string, name: string): string | undefined {
  const start = code.search(new RegExp(`^(?:export )?function ${name}\\(`, "m"));
  if (start < 0) return undefined;
  const end = code.indexOf("\n}", start);
  return code.slice(start, end < 0 ? code.length : end);
}

function loadedModules(program: Program): string[] {
  return program.body.flatMap((i) => (i.type === "LoadModule" ? [moduleName(i.path.value)] : []));
}

function eventNames(program: Program): string[] {
  const names: string[] = [];
  for (const i of program.body) if (i.type === "RouteBlock" && routeKind(i) === "event" && i.name) names.push(i.name.value);
  return [...new Set(names)];
}
