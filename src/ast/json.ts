import type { SourceMap } from "../preprocess/source-map.js";
import type { Comment, Program, Span } from "./nodes.js";

/** A position in a user's file, 1-based. */
export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonLocation {
  file: string;
  start: JsonPosition;
  end: JsonPosition;
}

export interface JsonDefine {
  name: string;
  value: string | null;
  source: string;
  env?: string;
}

/** What `kemits parse --ast` prints: the program's nodes with their locations in the user's files. */
export interface ProgramJson {
  type: "Program";
  body: unknown[];
  danglingComments: unknown[];
  defines: JsonDefine[];
  loc: JsonLocation | null;
}

/**
 * The program as plain JSON: every node keeps `type` and its fields, and its `span` (offsets into
 * the expanded text) becomes `loc` in the file the text came from. The source map and define
 * table objects are left out; defines are listed once, at the top.
 */
export function programToJson(program: Program): ProgramJson {
  const map = program.map;
  return {
    type: "Program",
    body: program.body.map((n) => toJson(n, map)),
    danglingComments: program.danglingComments.map((c) => commentToJson(c, map)),
    defines: [...program.defines.values()].map((d) => {
      const out: JsonDefine = { name: d.name, value: d.value ?? null, source: d.source };
      if (d.env !== undefined) out.env = d.env;
      return out;
    }),
    loc: locOf(program.span, map),
  };
}

/** The location of a span in the user's files, or null when the map does not cover it. */
export function locOf(span: Span, map: SourceMap): JsonLocation | null {
  const loc = map.locate(span.start, Math.max(span.end, span.start));
  if (!loc) return null;
  const start = loc.file.position(loc.start);
  // `end` is exclusive; report the position just past the last character, as editors do.
  const end = loc.file.position(loc.end);
  return { file: loc.file.path, start, end };
}

function commentToJson(c: Comment, map: SourceMap): unknown {
  return { kind: c.kind, text: c.text, loc: locOf(c.span, map) };
}

function toJson(value: unknown, map: SourceMap): unknown {
  if (Array.isArray(value)) return value.map((v) => toJson(v, map));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isNode = typeof record.type === "string" && isSpan(record.span);
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (v === undefined || (isNode && key === "span")) continue;
    if (key === "leadingComments" || key === "trailingComments" || key === "endComments") out[key] = (v as Comment[]).map((c) => commentToJson(c, map));
    else out[key] = toJson(v, map);
  }
  if (isNode) out.loc = locOf(record.span as Span, map);
  return out;
}

function isSpan(v: unknown): v is Span {
  return typeof v === "object" && v !== null && typeof (v as Span).start === "number" && typeof (v as Span).end === "number";
}
