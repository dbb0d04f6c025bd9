import type { Note, SourceFile, SourceLocation } from "../diag/index.js";

/**
 * One stretch of the expanded text and where it came from.
 *
 * - `copy`: text copied verbatim from `file`; expanded offset `o` maps to `srcStart + (o - outStart)`.
 * - `define`: the value of a define, inserted where the define's name was used. Every offset in it
 *   maps to the use site `srcStart..srcEnd` in `file` (the user's file, after following nested
 *   expansions outwards), and `define` / `env` say what was expanded.
 */
export interface Segment {
  readonly kind: "copy" | "define";
  readonly outStart: number;
  readonly outEnd: number;
  readonly file: SourceFile;
  readonly srcStart: number;
  readonly srcEnd: number;
  /** For `define` segments: the define that was expanded (outermost when nested). */
  readonly define?: string;
  /** For `define` segments made by `#!defenv`/`#!defenvs`/`#!trydefenv*`: the environment variable. */
  readonly env?: string;
  /** For `define` segments made by `#!defenvs`: the value was wrapped in double quotes. */
  readonly quoted?: boolean;
  /** Where the define was defined, for "expanded from" notes. */
  readonly definedAt?: SourceLocation;
  /** The include chain: where the file of this segment was included from (outermost last). */
  readonly includedFrom?: readonly SourceLocation[];
}

/** What a span of expanded text was made from, when it is exactly one define's value. */
export interface DefineOrigin {
  readonly define: string;
  readonly env?: string;
  readonly quoted?: boolean;
}

/**
 * Maps offsets in the preprocessor's expanded text back to the user's files. Segments are sorted
 * by `outStart`, contiguous and non-overlapping; lookups are binary searches.
 */
export class SourceMap {
  constructor(readonly segments: readonly Segment[]) {}

  /** The segment holding expanded offset `offset` (the last one for the end of the text). */
  segmentAt(offset: number): Segment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.outStart <= offset) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo];
  }

  /** The original range for expanded range `start..end`. Spans crossing files keep the start's file. */
  locate(start: number, end: number = start): SourceLocation | undefined {
    const s = this.segmentAt(start);
    if (!s) return undefined;
    const srcStart = mapOffset(s, start);
    const e = end > start ? this.segmentAt(end - 1) : s;
    let srcEnd = srcStart;
    if (e && e.file === s.file && e.kind === "copy") srcEnd = Math.max(srcStart, mapOffset(e, end - 1) + 1);
    else if (e && e.file === s.file) srcEnd = Math.max(srcStart, e.srcEnd);
    else srcEnd = s.kind === "copy" ? s.srcStart + (s.outEnd - s.outStart) : s.srcEnd;
    return { file: s.file, start: srcStart, end: srcEnd };
  }

  /** Notes explaining how an expanded offset got there: define expansions and include chains. */
  notes(offset: number): Note[] {
    const s = this.segmentAt(offset);
    if (!s) return [];
    const out: Note[] = [];
    if (s.kind === "define" && s.define) {
      const from = s.env ? ` (from environment variable ${s.env})` : "";
      out.push({ message: `in expansion of define ${s.define}${from}`, loc: s.definedAt });
    }
    for (const inc of s.includedFrom ?? []) out.push({ message: "included from here", loc: inc });
    return out;
  }

  /** The define whose whole value is exactly `start..end`, if that is what the span is. */
  origin(start: number, end: number): DefineOrigin | undefined {
    const s = this.segmentAt(start);
    if (s?.kind !== "define" || !s.define) return undefined;
    if (s.outEnd < end) return undefined;
    // Allow blanks around the value: `#!define X  5 ` expands to " 5 " but the token is "5".
    return { define: s.define, env: s.env, quoted: s.quoted };
  }
}

function mapOffset(s: Segment, offset: number): number {
  if (s.kind === "define") return s.srcStart;
  return s.srcStart + Math.min(offset - s.outStart, Math.max(0, s.outEnd - s.outStart));
}
