/**
 * What tm builds or derives from messages: transaction match keys (RFC 3261 17.2.3 with the
 * `z9hG4bK` cookie, a cheap RFC 2543 fallback otherwise), branch ids, tm's to-tag, and the
 * hop-by-hop ACK and CANCEL built from a branch's request the way Kamailio's
 * `build_local_reparse` builds them.
 */

import { createHash } from "node:crypto";
import { HeaderKind, parseMessage, type SipMessage, slToTag } from "../../sip/index.js";

const MCOOKIE = "z9hG4bK";

/**
 * The server-transaction key of a request. ACK matches its INVITE; `asMethod` looks a CANCEL's
 * INVITE up. Null when the request has no top Via or CSeq.
 */
export function serverKey(msg: SipMessage, asMethod?: string): string | null {
  const via = msg.via();
  const cseq = msg.cseq();
  if (via === null || cseq === null) return null;
  const method = asMethod ?? (msg.method === "ACK" ? "INVITE" : msg.method);
  // Kamailio finds transactions in a table hashed on Call-ID and CSeq number, so even an RFC 3261
  // branch matches only a request with the same two (a CANCEL with another Call-ID matches nothing).
  if (via.branch.startsWith(MCOOKIE)) return `${via.branch}\n${via.host.toLowerCase()}:${via.port}\n${method}\n${msg.callId()}\n${cseq.number}`;
  // RFC 2543: no unique branch; the request's identifying fields instead (ACK and CANCEL share them).
  return `\n${msg.callId()}\n${cseq.number}\n${msg.from()?.tag ?? ""}\n${msg.requestUri}\n${via.host}:${via.port}\n${via.branch}\n${method}`;
}

/** The branch-id base of transaction number `id`; branch i sends `<base>.<i>`. */
export function branchBase(id: number, salt: number): string {
  return `${MCOOKIE}${id.toString(16)}.${salt.toString(16)}`;
}

/** Splits a reply's top Via branch into base and branch index; null when it is not one of ours in shape. */
export function splitBranch(branch: string): { base: string; index: number } | null {
  if (!branch.startsWith(MCOOKIE)) return null;
  const dot = branch.lastIndexOf(".");
  if (dot <= MCOOKIE.length) return null;
  const index = Number.parseInt(branch.slice(dot + 1), 10);
  if (!Number.isInteger(index) || index < 0) return null;
  return { base: branch.slice(0, dot), index };
}

/**
 * Kamailio's `parse_phostport`: `[proto:]host[:port]` (IPv6 in brackets); port 0 when absent, proto
 * null when absent. Null when it does not parse or names a transport kemits does not have.
 */
export function parseProxy(text: string): { host: string; port: number; proto: "udp" | "tcp" | null } | null {
  const m = /^(?:(udp|tcp|tls|sctp|ws|wss):)?(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(text.trim());
  if (m === null) return null;
  const proto = m[1]?.toLowerCase() ?? null;
  if (proto !== null && proto !== "udp" && proto !== "tcp") return null;
  const port = m[3] === undefined ? 0 : Number(m[3]);
  if (port > 65535) return null;
  return { host: m[2]!, port, proto };
}

/** tm's to-tag prefix (`init_tags` with "SER-TM/tags" and the first listen socket). */
export function tmTagPrefix(listenAddress: string, listenPort: number): string {
  return createHash("md5").update(`SER-TM/tags${listenAddress}${listenPort}`).digest("hex");
}

/** The to-tag tm puts on its local replies: the prefix, `-`, the same CRC suffix sl computes. */
export function tmToTag(prefix: string, msg: SipMessage): string {
  const sl = slToTag("", msg);
  return `${prefix}-${sl.slice(1)}`;
}

/**
 * A hop-by-hop request built from a branch's INVITE: the method and the rest of its first line,
 * the first Via, From, Call-ID, CSeq (number + new method), To (or the reply's To line for an
 * ACK), Route and Max-Forwards lines as sent, Content-Length set to 0, extra lines (`Reason`) at
 * the end. Null when the INVITE does not parse.
 */
export function buildLocalRequest(invite: Buffer, method: "ACK" | "CANCEL", replyTo: SipMessage | null, extra: readonly string[] = []): Buffer | null {
  const r = parseMessage(invite, { receiveChecks: false });
  if (!r.ok) return null;
  const msg = r.msg;
  const buf = msg.buf;
  const parts: (string | Buffer)[] = [method, buf.subarray(msg.ruriStart - 1, msg.headersStart)];
  let firstVia = true;
  for (const h of msg.headers) {
    switch (h.kind) {
      case HeaderKind.Via:
        if (firstVia) parts.push(buf.subarray(h.start, h.end));
        firstVia = false;
        break;
      case HeaderKind.To: {
        const to = replyTo?.firstOfKind(HeaderKind.To);
        parts.push(to !== undefined && replyTo !== null ? replyTo.buf.subarray(to.start, to.end) : buf.subarray(h.start, h.end));
        break;
      }
      case HeaderKind.CSeq:
        parts.push(buf.subarray(h.start, h.valueStart), `${msg.cseq()?.numberText ?? "0"} ${method}\r\n`);
        break;
      case HeaderKind.From:
      case HeaderKind.CallId:
      case HeaderKind.Route:
      case HeaderKind.MaxForwards:
        parts.push(buf.subarray(h.start, h.end));
        break;
      case HeaderKind.ContentLength:
        parts.push(buf.subarray(h.start, h.nameEnd), ": 0\r\n");
        break;
      default:
    }
  }
  for (const line of extra) parts.push(line, "\r\n");
  parts.push("\r\n");
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));
}
