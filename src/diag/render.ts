import type { Diagnostic } from "./diagnostic.js";
import { type SourceLocation, formatLocation } from "./source.js";

/** A compiler-style code frame: the line, its neighbours, and a caret under the range. */
export function codeFrame(loc: SourceLocation, context = 1): string {
  const { file } = loc;
  const start = file.position(loc.start);
  const endOffset = Math.max(loc.start, loc.end - 1);
  const end = file.position(endOffset);
  const first = Math.max(1, start.line - context);
  const last = Math.min(file.lineCount, start.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = file.lineText(line).replace(/\t/g, " ");
    const marker = line === start.line ? ">" : " ";
    out.push(`${marker} ${String(line).padStart(width)} | ${text}`);
    if (line === start.line) {
      const caretEnd = end.line === start.line ? end.column + 1 : text.length + 1;
      const len = Math.max(1, caretEnd - start.column);
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(start.column - 1)}${"^".repeat(len)}`);
    }
  }
  return out.join("\n");
}

/** `file:line:col: error: message [Code]` + code frame + notes, as compilers print. */
export function renderText(d: Diagnostic, opts: { frame?: boolean } = {}): string {
  const where = d.loc ? `${formatLocation(d.loc)}: ` : "";
  const lines = [`${where}${d.severity}: ${d.message} [${d.code}]`];
  if (d.loc && opts.frame !== false) lines.push(codeFrame(d.loc));
  for (const n of d.notes) lines.push(`${n.loc ? `${formatLocation(n.loc)}: ` : ""}note: ${n.message}`);
  return lines.join("\n");
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  notes: { message: string; file?: string; line?: number; column?: number }[];
}

export function toJson(d: Diagnostic): JsonDiagnostic {
  const out: JsonDiagnostic = { code: d.code, severity: d.severity, message: d.message, notes: [] };
  if (d.loc) Object.assign(out, rangeOf(d.loc));
  for (const n of d.notes) {
    const note: JsonDiagnostic["notes"][number] = { message: n.message };
    if (n.loc) {
      const { file, line, column } = rangeOf(n.loc);
      Object.assign(note, { file, line, column });
    }
    out.notes.push(note);
  }
  return out;
}

function rangeOf(loc: SourceLocation) {
  const s = loc.file.position(loc.start);
  const e = loc.file.position(Math.max(loc.start, loc.end));
  return { file: loc.file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** GitHub Actions workflow commands, one per diagnostic. */
export function renderGithub(d: Diagnostic): string {
  const kind = d.severity === "error" ? "error" : "warning";
  const props: string[] = [];
  if (d.loc) {
    const r = rangeOf(d.loc);
    props.push(`file=${r.file}`, `line=${r.line}`, `col=${r.column}`, `endLine=${r.endLine}`, `endColumn=${r.endColumn}`);
  }
  props.push(`title=${d.code}`);
  const msg = d.message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::${kind} ${props.join(",")}::${msg}`;
}

/** A SARIF 2.1.0 log, the format code-scanning tools read. */
export function renderSarif(items: readonly Diagnostic[], toolVersion: string): string {
  const results = items.map((d) => {
    const result: Record<string, unknown> = {
      ruleId: d.code,
      level: d.severity === "error" ? "error" : "warning",
      message: { text: d.message },
    };
    if (d.loc) {
      const r = rangeOf(d.loc);
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: r.file },
            region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
          },
        },
      ];
    }
    return result;
  });
  const log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [{ tool: { driver: { name: "kemits", version: toolVersion } }, results }],
  };
  return JSON.stringify(log, null, 2);
}
