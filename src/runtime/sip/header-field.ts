/** One header line of a parsed message: byte offsets into the datagram plus lazily decoded text. */

import { unfold } from "./chars.js";
import type { HeaderKind } from "./header-names.js";

export class HeaderField {
  readonly kind: HeaderKind;
  /** Canonical name for known headers (`Via` for `v`), the name as written otherwise. */
  readonly name: string;
  /** Offset of the first byte of the name (start of the line). */
  readonly start: number;
  readonly nameEnd: number;
  /** Value bytes, without surrounding LWS and line terminator. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** Offset just past the line terminator (CRLF or LF) of the last physical line. */
  readonly end: number;
  /** True when the value continues on folded lines. */
  readonly folded: boolean;
  private readonly buf: Buffer;
  private rawCache: string | undefined;
  /** Cache slot for the typed value (Via list, NameAddr, CSeq, …), filled by the message accessors. */
  parsed: unknown;

  constructor(
    buf: Buffer,
    kind: HeaderKind,
    name: string,
    start: number,
    nameEnd: number,
    valueStart: number,
    valueEnd: number,
    end: number,
    folded: boolean,
  ) {
    this.buf = buf;
    this.kind = kind;
    this.name = name;
    this.start = start;
    this.nameEnd = nameEnd;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.end = end;
    this.folded = folded;
    this.rawCache = undefined;
    this.parsed = undefined;
  }

  /** The value bytes as a latin1 string (offsets equal byte offsets from `valueStart`); folds kept. */
  get raw(): string {
    if (this.rawCache === undefined) this.rawCache = this.buf.toString("latin1", this.valueStart, this.valueEnd);
    return this.rawCache;
  }

  /** The value as UTF-8 text with folded lines joined by one space. */
  get value(): string {
    const text = this.buf.toString("utf8", this.valueStart, this.valueEnd);
    return this.folded ? unfold(text) : text;
  }

  /** The name exactly as written (`v`, `VIA`, …). */
  get writtenName(): string {
    return this.buf.toString("latin1", this.start, this.nameEnd);
  }
}
