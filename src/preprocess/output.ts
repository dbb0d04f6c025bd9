import type { SourceFile, SourceLocation } from "../diag/index.js";
import type { Segment } from "./source-map.js";

type MutableSegment = { -readonly [K in keyof Segment]: Segment[K] };

/** Where a piece of expanded text that is not a plain copy came from: a segment without its output range. */
export type InsertOrigin = Omit<Segment, "kind" | "outStart" | "outEnd">;

/**
 * Collects the expanded text as pieces (joined once at the end) and the segments mapping it back.
 * Adjacent pieces with the same origin share one segment.
 */
export class OutputBuilder {
  private readonly pieces: string[] = [];
  private readonly segs: MutableSegment[] = [];
  private length = 0;
  private lastChar = 10;

  /** Text copied verbatim from `file[start, end)`. */
  copy(file: SourceFile, start: number, end: number, includedFrom: readonly SourceLocation[] | undefined): void {
    if (end <= start) return;
    this.push(file.text.slice(start, end));
    const last = this.segs[this.segs.length - 1];
    const outStart = this.length - (end - start);
    if (
      last &&
      last.kind === "copy" &&
      last.file === file &&
      last.srcEnd === start &&
      last.outEnd === outStart &&
      last.outEnd - last.outStart === last.srcEnd - last.srcStart &&
      last.includedFrom === includedFrom
    ) {
      last.outEnd = this.length;
      last.srcEnd = end;
      return;
    }
    this.segs.push({ kind: "copy", outStart, outEnd: this.length, file, srcStart: start, srcEnd: end, includedFrom });
  }

  /** Text that replaces `origin.file[srcStart, srcEnd)`: a `#!subst` result, or a define's value. */
  insert(text: string, kind: Segment["kind"], origin: InsertOrigin): void {
    if (text.length === 0) return;
    const outStart = this.length;
    this.push(text);
    const last = this.segs[this.segs.length - 1];
    if (
      kind === "define" &&
      last &&
      last.kind === "define" &&
      last.outEnd === outStart &&
      last.file === origin.file &&
      last.srcStart === origin.srcStart &&
      last.define === origin.define &&
      last.env === origin.env
    ) {
      last.outEnd = this.length;
      return;
    }
    const seg: MutableSegment = { kind, outStart, outEnd: this.length, ...origin };
    this.segs.push(seg);
  }

  /** The last character emitted (a newline before anything is emitted). */
  get lastCode(): number {
    return this.lastChar;
  }

  get offset(): number {
    return this.length;
  }

  text(): string {
    return this.pieces.join("");
  }

  segments(): readonly Segment[] {
    return this.segs;
  }

  private push(text: string): void {
    this.pieces.push(text);
    this.length += text.length;
    this.lastChar = text.charCodeAt(text.length - 1);
  }
}
