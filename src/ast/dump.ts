import type { SourceMap } from "../preprocess/source-map.js";
import { type Node, VISITOR_KEYS } from "./nodes.js";

/**
 * A compact indented dump of a tree for golden files: one line per node with its type, its
 * scalar fields (`key=value`) and `line:col` of its start in the user's file, children indented
 * under it, named by the field that holds them.
 */
export function dumpAst(root: Node, map: SourceMap): string {
  const lines: string[] = [];
  const visit = (node: Node, depth: number, label: string) => {
    lines.push(`${"  ".repeat(depth)}${label}${node.type}${fields(node)} @${position(node, map)}`);
    const record = node as unknown as Record<string, unknown>;
    for (const key of VISITOR_KEYS[node.type] as readonly string[]) {
      const value = record[key];
      if (Array.isArray(value)) for (const v of value) visit(v as Node, depth + 1, `${key}: `);
      else if (value !== undefined && value !== null) visit(value as Node, depth + 1, `${key}: `);
    }
  };
  visit(root, 0, "");
  return `${lines.join("\n")}\n`;
}

/** Fields that are children, locations or bulky derived data are not printed inline. */
const SKIPPED = new Set(["type", "span", "leadingComments", "trailingComments", "endComments", "danglingComments", "map", "defines", "parts"]);

function fields(node: Node): string {
  const record = node as unknown as Record<string, unknown>;
  const children = new Set<string>(VISITOR_KEYS[node.type]);
  let out = "";
  for (const key of Object.keys(record)) {
    if (SKIPPED.has(key) || children.has(key)) continue;
    const v = record[key];
    if (v === undefined) continue;
    if (key === "spec") out += ` spec=${specSummary(v as { name: string; inner?: string; transforms: unknown[] })}`;
    else if (key === "origin") out += ` origin=${(v as { define: string }).define}`;
    else out += ` ${key}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`;
  }
  const end = node.type === "Block" ? (node.endComments?.length ?? 0) : 0;
  const comments = (node.leadingComments?.length ?? 0) + (node.trailingComments?.length ?? 0) + end;
  if (comments > 0) out += ` comments=${comments}`;
  return out;
}

function specSummary(spec: { name: string; inner?: string; transforms: unknown[] }): string {
  const inner = spec.inner === undefined ? "" : `(${spec.inner})`;
  const tr = spec.transforms.length > 0 ? `{${spec.transforms.length}}` : "";
  return `${spec.name}${inner}${tr}`;
}

function position(node: Node, map: SourceMap): string {
  const loc = map.locate(node.span.start, Math.max(node.span.end, node.span.start + 1));
  if (!loc) return "?";
  const p = loc.file.position(loc.start);
  return `${p.line}:${p.column}`;
}
