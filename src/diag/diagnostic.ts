import type { SourceLocation } from "./source.js";

export type Severity = "error" | "warning";

/** A secondary message attached to a diagnostic ("included from", "defined here", …). */
export interface Note {
  readonly message: string;
  readonly loc?: SourceLocation;
}

/**
 * One finding about the user's input. `code` is a stable PascalCase reason (see `docs/diagnostics.md`);
 * it is never renamed or reused, so scripts and `--format json` consumers can rely on it.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly loc?: SourceLocation;
  readonly notes: readonly Note[];
}

/** A code's fixed properties: every phase declares its codes in a table of these. */
export interface CodeInfo {
  readonly severity: Severity;
  /** One line saying what the code means, for docs/diagnostics.md. */
  readonly summary: string;
}

export function defineCodes<const T extends Record<string, CodeInfo>>(table: T): T {
  return table;
}

/**
 * Where phases put what they find. Phases never print and never throw for bad user input: they
 * record here, recover, and go on, so one run reports every error.
 */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  constructor(private readonly codes: Readonly<Record<string, CodeInfo>>) {}

  report(code: string, loc: SourceLocation | undefined, message: string, notes: readonly Note[] = []): void {
    const info = this.codes[code];
    if (!info) throw new Error(`internal: diagnostic code ${code} is not declared`);
    this.items.push({ code, severity: info.severity, message, loc, notes });
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === "error") n++;
    return n;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}

/** Diagnostics in source order (file, then offset), errors before warnings at the same place. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => {
    const fa = a.loc?.file.path ?? "";
    const fb = b.loc?.file.path ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const d = (a.loc?.start ?? 0) - (b.loc?.start ?? 0);
    if (d !== 0) return d;
    return a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1;
  });
}
