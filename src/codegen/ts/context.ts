import type { Node, Program, RouteBlock } from "../../ast/index.js";
import type { DiagnosticSink, Note, SourceLocation } from "../../diag/index.js";
import type { Analysis } from "../../analyze/index.js";
import { PvCollector } from "./uses.js";

/** A named constant the module declares for a define used in code (`const FLT_ACC = 1;`). */
export interface ConstantDecl {
  readonly name: string;
  /** The initializer, as TypeScript. */
  readonly init: string;
  readonly comment?: string;
}

/** What the emitters share while generating one module. */
export class EmitContext {
  /** Helpers imported from `kemits/native`, by name. */
  readonly helpers = new Set<string>();
  readonly constants = new Map<string, ConstantDecl>();
  /** The PVs the module reads and sets (`config.pvs`): `ctx.pvs.get("$rU")` writes `KSR.pv.get("$rU")`. */
  readonly pvs = new PvCollector();
  /** The route being emitted. */
  route: RouteBlock | undefined;

  constructor(
    readonly program: Program,
    readonly analysis: Analysis,
    readonly diagnostics: DiagnosticSink,
  ) {
  }

  private ids = 0;

  /** Whether the route being emitted reads `$rc`: then every call's code is kept in `rc`. */
  get usesRc(): boolean {
    return this.route !== undefined && this.analysis.rcRoutes.has(this.route);
  }

  /** A fresh number for generated local names (`loop1`, `code2`). */
  nextId(): number {
    return ++this.ids;
  }

  /** Marks a helper as used and returns its name, for `${ctx.use("toInt")}(x)`. */
  readonly use = (name: string): string => {
    this.helpers.add(name);
    return name;
  };

  locate(node: Node): SourceLocation | undefined {
    return this.program.map.locate(node.span.start, node.span.end);
  }

  notes(node: Node): Note[] {
    return this.program.map.notes(node.span.start);
  }

  /** A diagnostic at `node`; its severity comes from the code's table entry. */
  report(code: string, node: Node, message: string): void {
    this.diagnostics.report(code, this.locate(node), message, this.notes(node));
  }

  /** `file:line` of a node in the user's file, for comments in the output. */
  where(node: Node): string {
    const loc = this.locate(node);
    if (!loc) return "?";
    const { line } = loc.file.position(loc.start);
    return `${baseName(loc.file.path)}:${line}`;
  }
}

function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}
