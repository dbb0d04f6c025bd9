/**
 * Edits to a received message, applied only when it is serialized (Kamailio's lumps): each edit
 * replaces a byte range of the original datagram (an empty range is an insertion), so unedited bytes
 * are copied verbatim and `serialize()` allocates once.
 */

import type { HeaderField } from "./header-field.js";
import { HeaderKind, canonicalHeaderName } from "./header-names.js";
import type { SipMessage } from "./message.js";

/** Where `addHeader` puts a new line: first or last header, or next to an existing header line. */
export type HeaderPosition =
  | "top"
  | "bottom"
  | { readonly before: HeaderField }
  | { readonly after: HeaderField };

class Edit {
  readonly start: number;
  readonly end: number;
  readonly text: Buffer;
  readonly seq: number;

  constructor(start: number, end: number, text: Buffer, seq: number) {
    this.start = start;
    this.end = end;
    this.text = text;
    this.seq = seq;
  }
}

const EMPTY = Buffer.alloc(0);
const CRLF = "\r\n";

/** Parameters for a Via line built by `formatVia`. */
export interface ViaSpec {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly branch: string;
  /** Add an empty `;rport` (RFC 3581) after the branch. */
  readonly rport?: boolean;
}

/** `SIP/2.0/UDP host:port;branch=…[;rport]`; IPv6 hosts get brackets when missing. */
export function formatVia(spec: ViaSpec): string {
  const host = spec.host.includes(":") && !spec.host.startsWith("[") ? `[${spec.host}]` : spec.host;
  const port = spec.port ? `:${spec.port}` : "";
  return `SIP/2.0/${spec.transport.toUpperCase()} ${host}${port};branch=${spec.branch}${spec.rport ? ";rport" : ""}`;
}

export class MessageEdits {
  readonly msg: SipMessage;
  private readonly edits: Edit[];
  private newBody: Buffer | null;
  private newContentType: string | null;

  constructor(msg: SipMessage) {
    this.msg = msg;
    this.edits = [];
    this.newBody = null;
    this.newContentType = null;
  }

  /** True when serialize() would differ from the original bytes. */
  get changed(): boolean {
    return this.edits.length > 0 || this.newBody !== null;
  }

  private push(start: number, end: number, text: string | Buffer): void {
    const bytes = typeof text === "string" ? (text.length === 0 ? EMPTY : Buffer.from(text, "utf8")) : text;
    this.edits.push(new Edit(start, end, bytes, this.edits.length));
  }

  /** Removes a header line (with its folded continuation lines and terminator). */
  removeHeader(h: HeaderField): void {
    this.push(h.start, h.end, EMPTY);
  }

  /** Removes every header line with this name (full or compact); returns how many. */
  removeHeaders(name: string): number {
    const lines = this.msg.headersNamed(name);
    for (const h of lines) this.removeHeader(h);
    return lines.length;
  }

  /** Adds `Name: value` (CRLF-terminated) at `position` (default: after the last header). */
  addHeader(name: string, value: string, position: HeaderPosition = "bottom"): void {
    this.addHeaderLine(`${name}: ${value}`, position);
  }

  /** Adds a raw header line (without terminator) at `position`. */
  addHeaderLine(line: string, position: HeaderPosition = "bottom"): void {
    let at: number;
    if (position === "top") at = this.msg.headersStart;
    else if (position === "bottom") at = this.msg.headersEnd;
    else if ("before" in position) at = position.before.start;
    else at = position.after.end;
    this.push(at, at, line + CRLF);
  }

  /** Replaces a header's value, keeping its name and line terminator as written. */
  setHeaderValue(h: HeaderField, value: string): void {
    this.push(h.valueStart, h.valueEnd, value);
  }

  /** Replaces the Request-URI (requests only; ignored for replies). */
  setRequestUri(uri: string): void {
    if (this.msg.isRequest) this.push(this.msg.ruriStart, this.msg.ruriEnd, uri);
  }

  /** Replaces the request method in the first line (requests only). */
  setMethod(method: string): void {
    if (this.msg.isRequest) this.push(0, this.msg.ruriStart - 1, method);
  }

  /** Replaces a reply's status code and reason phrase (replies only). */
  setStatus(code: number, reason: string): void {
    if (this.msg.isRequest) return;
    const buf = this.msg.buf;
    let codeStart = this.msg.version.length;
    while (buf[codeStart] === 0x20) codeStart++;
    this.push(codeStart, Math.max(this.msg.reasonEnd, codeStart + 3), `${code} ${reason}`);
  }

  /** Inserts a Via line above the current top Via (or as first header when there is none). */
  insertVia(value: string | ViaSpec): void {
    const text = typeof value === "string" ? value : formatVia(value);
    const top = this.msg.firstOfKind(HeaderKind.Via);
    this.addHeaderLine(`Via: ${text}`, top === undefined ? "top" : { before: top });
  }

  /**
   * Removes the topmost Via value (what a proxy does to a reply before relaying it): the whole line
   * when it holds one value, else the first value and its comma.
   */
  stripTopVia(): void {
    const h = this.msg.firstOfKind(HeaderKind.Via);
    if (h === undefined) return;
    const values = this.msg.viaValues(h);
    if (values === null || values.length < 2) {
      this.removeHeader(h);
      return;
    }
    this.push(h.valueStart + values[0]!.start, h.valueStart + values[1]!.start, EMPTY);
  }

  /**
   * Replaces bytes `start..end` of the received message with `text` (an insertion when equal):
   * Kamailio's `del_lump` + `insert_new_lump_after` as textops `subst`/`replace` use them.
   * (Added for textops; stateless-modules engineer.)
   */
  replaceRange(start: number, end: number, text: string | Buffer): void {
    this.push(start, end, text);
  }

  /** Inserts `Record-Route: value` as the first header, like Kamailio's `record_route()`. */
  insertRecordRoute(value: string): void {
    this.addHeaderLine(`Record-Route: ${value}`, "top");
  }

  /** Replaces the body; Content-Length is fixed at serialize time, Content-Type set when given. */
  setBody(body: Buffer | string, contentType?: string): void {
    this.newBody = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    if (contentType !== undefined) this.newContentType = contentType;
  }

  /** Builds the edited message in one allocation; the original bytes when nothing was edited. */
  serialize(): Buffer {
    const msg = this.msg;
    const buf = msg.buf;
    if (!this.changed) return buf;
    const edits = this.edits.slice();
    let seq = edits.length;
    const noBlankLine = msg.bodyStart === msg.headersEnd;
    if (this.newBody !== null) {
      const body = this.newBody;
      const cl = msg.firstOfKind(HeaderKind.ContentLength);
      if (cl !== undefined) edits.push(new Edit(cl.valueStart, cl.valueEnd, Buffer.from(String(body.length)), seq++));
      else edits.push(new Edit(msg.headersEnd, msg.headersEnd, Buffer.from(`Content-Length: ${body.length}${CRLF}`), seq++));
      if (this.newContentType !== null) {
        const ct = msg.firstOfKind(HeaderKind.ContentType);
        const text = Buffer.from(this.newContentType, "utf8");
        if (ct !== undefined) edits.push(new Edit(ct.valueStart, ct.valueEnd, text, seq++));
        else {
          const line = Buffer.from(`${canonicalHeaderName("c")}: ${this.newContentType}${CRLF}`, "utf8");
          edits.push(new Edit(msg.headersEnd, msg.headersEnd, line, seq++));
        }
      }
      const blank = noBlankLine ? Buffer.from(CRLF) : EMPTY;
      edits.push(new Edit(msg.bodyStart, buf.length, blank.length ? Buffer.concat([blank, body]) : body, seq++));
    } else if (noBlankLine) {
      edits.push(new Edit(buf.length, buf.length, Buffer.from(CRLF), seq++));
    }
    // Order by position; at one position insertions come before replacements, then in call order.
    edits.sort((a, b) => a.start - b.start || (a.end - a.start === 0 ? 0 : 1) - (b.end - b.start === 0 ? 0 : 1) || a.seq - b.seq);

    // Edits inside a range an earlier edit already replaced are dropped (a removed header wins).
    let size = 0;
    let cursor = 0;
    for (const e of edits) {
      if (e.start < cursor) continue;
      size += e.start - cursor + e.text.length;
      cursor = e.end;
    }
    size += buf.length - cursor;
    const out = Buffer.allocUnsafe(size);
    let o = 0;
    cursor = 0;
    for (const e of edits) {
      if (e.start < cursor) continue;
      o += buf.copy(out, o, cursor, e.start);
      o += e.text.copy(out, o);
      cursor = e.end;
    }
    buf.copy(out, o, cursor);
    return out;
  }
}
