/**
 * `KSR.hdr` (Kamailio's core hdr rows in `src/core/kemi.c`): add and remove header lines (applied
 * when the message is sent, like lumps: reads in the same route still see the received headers),
 * test and read headers, and queue header lines for the next local reply (`append_to_reply`).
 * Texts are whole header lines as in Kamailio (`"X-A: 1\r\n"`).
 */

import type { MsgContext } from "../../engine/context.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";

type Hdr = ModuleContext<unknown, undefined>;

/** A header line text without its final CRLF (MessageEdits and buildReply add the terminator). */
function line(txt: string): string {
  return txt.endsWith("\r\n") ? txt.slice(0, -2) : txt.endsWith("\n") ? txt.slice(0, -1) : txt;
}

function body(ctx: MsgContext, name: string, idx: number): string | null {
  const msg = ctx.msg;
  const lines = msg.headersNamed(name);
  const i = idx < 0 ? lines.length + idx : idx;
  const h = lines[i];
  return h === undefined ? null : msg.buf.toString("utf8", h.valueStart, h.valueEnd);
}

function remove(m: Hdr, name: string): number {
  m.msg.edits.removeHeaders(name);
  return 1;
}

function append(m: Hdr, txt: string): number {
  m.msg.edits.addHeaderLine(line(txt), "bottom");
  return 1;
}

function insert(m: Hdr, txt: string): number {
  m.msg.edits.addHeaderLine(line(txt), "top");
  return 1;
}

export default defineModule("hdr", {
  core: true,
  functions: {
    append,
    insert,
    append_after: (m, txt, name) => {
      const h = m.msg.msg.header(name);
      if (h === undefined) return -1;
      m.msg.edits.addHeaderLine(line(txt), { after: h });
      return 1;
    },
    insert_before: (m, txt, name) => {
      const h = m.msg.msg.header(name);
      if (h === undefined) return -1;
      m.msg.edits.addHeaderLine(line(txt), { before: h });
      return 1;
    },
    remove,
    rmappend: (m, rm, txt) => {
      remove(m, rm);
      return append(m, txt);
    },
    rminsert: (m, rm, txt) => {
      remove(m, rm);
      return insert(m, txt);
    },
    is_present: (m, name) => (m.msg.msg.header(name) === undefined ? -1 : 1),
    get: (m, name) => body(m.msg, name, 0),
    gete: (m, name) => body(m.msg, name, 0) ?? "",
    getw: (m, name) => body(m.msg, name, 0) ?? "<null>",
    get_idx: (m, name, idx) => body(m.msg, name, idx),
    gete_idx: (m, name, idx) => body(m.msg, name, idx) ?? "",
    getw_idx: (m, name, idx) => body(m.msg, name, idx) ?? "<null>",
    append_to_reply: (m, txt) => {
      const ctx = m.msg;
      if (ctx.replyHeaders === null) ctx.replyHeaders = [];
      ctx.replyHeaders.push(line(txt));
      return 1;
    },
  },
});
