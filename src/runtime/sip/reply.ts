/**
 * Locally generated replies, built like Kamailio 5.6's `build_res_buf_from_sip_req` (what
 * `sl_send_reply` sends): status line; every Via (the top one with `rport`/`received` fixed); From,
 * To (with a to-tag added for codes >= 180), Call-ID, CSeq and, for 180..299, Record-Route, copied in
 * request order; extra headers; Server; Content-Length; body.
 */

import { HeaderKind } from "./header-names.js";
import type { SipMessage } from "./message.js";

/** Kamailio 5.6.3's default `Server:` value on x86_64 Linux. */
export const KAMAILIO_SERVER_SIGNATURE = "kamailio (5.6.3 (x86_64/linux))";

/** Kamailio's default `server_header`: the whole line, as the core parameter spells it. */
export const DEFAULT_SERVER_HEADER = `Server: ${KAMAILIO_SERVER_SIGNATURE}`;

export interface ReplyOptions {
  /** Where the request came from: used for `received` and `rport` on the top Via. */
  readonly source: { readonly address: string; readonly port: number };
  /** Tag to add to To when it has none and code >= 180 (see `slToTag`); no tag when omitted. */
  readonly toTag?: string;
  /** Add `rport` even when the request's Via has none (Kamailio's `force_rport()`). */
  readonly forceRport?: boolean;
  /** The `Server:` header line without terminator (core `server_header`); null for none. Default DEFAULT_SERVER_HEADER. */
  readonly serverHeader?: string | null;
  /** Extra header lines without terminator (Kamailio's `append_to_reply`), placed before Server. */
  readonly headers?: readonly string[];
  readonly body?: Buffer | string;
}

const CRLF = "\r\n";

/** Builds the reply bytes for `req`; null when the request has no usable top Via. */
export function buildReply(req: SipMessage, code: number, reason: string, options: ReplyOptions): Buffer | null {
  const buf = req.buf;
  const via1 = req.via();
  const via1Header = req.firstOfKind(HeaderKind.Via);
  if (via1 === null || via1Header === undefined) return null;
  const parts: (string | Buffer)[] = [`${req.version} ${String(code).padStart(3, "0")} ${reason}${CRLF}`];

  const to = req.firstOfKind(HeaderKind.To);
  const addTag = options.toTag !== undefined && options.toTag !== "" && code >= 180 && req.to()?.tag === "";
  const { address, port } = options.source;
  const rport = via1.rport !== undefined || options.forceRport === true;
  const received = via1.received !== "" || via1.rport !== undefined || !sameAddress(via1.host, address);

  for (const h of req.headers) {
    switch (h.kind) {
      case HeaderKind.Via:
        if (h === via1Header) {
          const base = h.valueStart;
          if (rport && via1.rportStart >= 0) {
            parts.push(buf.subarray(h.start, base + via1.rportStart), `;rport=${port}`, buf.subarray(base + via1.rportEnd, h.valueEnd));
          } else {
            parts.push(buf.subarray(h.start, h.valueEnd));
            if (rport) parts.push(`;rport=${port}`);
          }
          if (received) parts.push(`;received=${address}`);
        } else {
          parts.push(buf.subarray(h.start, h.valueEnd));
        }
        parts.push(CRLF);
        break;
      case HeaderKind.RecordRoute:
        if (code >= 180 && code < 300) parts.push(buf.subarray(h.start, h.end));
        break;
      case HeaderKind.To:
        if (addTag && h === to) {
          parts.push(buf.subarray(h.start, h.valueEnd), `;tag=${options.toTag}`, buf.subarray(h.valueEnd, h.end));
        } else {
          parts.push(buf.subarray(h.start, h.end));
        }
        break;
      case HeaderKind.From:
      case HeaderKind.CallId:
      case HeaderKind.CSeq:
        parts.push(buf.subarray(h.start, h.end));
        break;
      default:
    }
  }
  if (options.headers) for (const line of options.headers) parts.push(line, CRLF);
  const server = options.serverHeader === undefined ? DEFAULT_SERVER_HEADER : options.serverHeader;
  if (server !== null) parts.push(`${server}${CRLF}`);
  const body = options.body === undefined ? null : typeof options.body === "string" ? Buffer.from(options.body, "utf8") : options.body;
  parts.push(`Content-Length: ${body === null ? 0 : body.length}${CRLF}${CRLF}`);
  if (body !== null) parts.push(body);
  return concat(parts);
}

function concat(parts: readonly (string | Buffer)[]): Buffer {
  let size = 0;
  for (const p of parts) size += typeof p === "string" ? Buffer.byteLength(p) : p.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const p of parts) o += typeof p === "string" ? out.write(p, o) : p.copy(out, o);
  return out;
}

/** Whether a Via host names the source address (IP literals only; Kamailio does no DNS here). */
function sameAddress(viaHost: string, source: string): boolean {
  const host = viaHost.startsWith("[") ? viaHost.slice(1, -1) : viaHost;
  if (host === source) return true;
  return host.includes(":") && source.includes(":") && expandIpv6(host) === expandIpv6(source);
}

function expandIpv6(a: string): string {
  const [head = "", tail] = a.toLowerCase().split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0");
  return [...h, ...fill, ...t].map((x) => x.replace(/^0+(?=.)/, "")).join(":");
}
