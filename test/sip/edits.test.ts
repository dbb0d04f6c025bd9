import { describe, expect, it } from "vitest";
import { MessageEdits, parseMessage, type SipMessage } from "../../src/runtime/sip/index.js";

const REQ = [
  "INVITE sip:bob@example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK-0",
  "Via: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bK-00",
  "From: <sip:alice@example.com>;tag=1",
  "To: <sip:bob@example.com>",
  "Call-ID: c1",
  "CSeq: 1 INVITE",
  "X-A: 1",
  "Content-Type: text/plain",
  "Content-Length: 5",
  "",
  "hello",
].join("\r\n");

function parse(text: string): SipMessage {
  const r = parseMessage(Buffer.from(text));
  if (!r.ok) throw new Error(r.error.reason);
  return r.msg;
}

function lines(buf: Buffer): string[] {
  return buf.toString().split("\r\n");
}

describe("send-time edits", () => {
  it("returns the original bytes when nothing is edited", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    expect(e.changed).toBe(false);
    expect(e.serialize()).toBe(m.buf);
  });

  it("removes and adds headers at top, bottom, before and after", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    e.removeHeader(m.header("X-A")!);
    e.addHeader("X-Top", "t", "top");
    e.addHeader("X-Bottom", "b");
    e.addHeader("X-Before-CallId", "1", { before: m.header("Call-ID")! });
    e.addHeader("X-After-CallId", "2", { after: m.header("Call-ID")! });
    const out = lines(e.serialize());
    expect(out[1]).toBe("X-Top: t");
    expect(out.indexOf("X-Before-CallId: 1") + 1).toBe(out.indexOf("Call-ID: c1"));
    expect(out.indexOf("X-After-CallId: 2") - 1).toBe(out.indexOf("Call-ID: c1"));
    expect(out).not.toContain("X-A: 1");
    expect(out.slice(-4)).toEqual(["Content-Length: 5", "X-Bottom: b", "", "hello"]);
    expect(parseMessage(e.serialize()).ok).toBe(true);
  });

  it("drops edits inside a removed header and keeps insertions before it", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    const h = m.header("X-A")!;
    e.setHeaderValue(h, "changed");
    e.removeHeader(h);
    e.addHeader("X-New", "n", { before: h });
    const out = lines(e.serialize());
    expect(out).toContain("X-New: n");
    expect(out.join("\n")).not.toContain("X-A");
  });

  it("replaces the Request-URI and method", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    e.setRequestUri("sip:bob@192.0.2.50:5080;transport=tcp");
    expect(lines(e.serialize())[0]).toBe("INVITE sip:bob@192.0.2.50:5080;transport=tcp SIP/2.0");
    e.setMethod("OPTIONS");
    expect(lines(e.serialize())[0]).toBe("OPTIONS sip:bob@192.0.2.50:5080;transport=tcp SIP/2.0");
  });

  it("inserts a Via with branch and rport above the top Via, after a Record-Route", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    e.insertRecordRoute("<sip:10.0.0.1;lr>");
    e.insertVia({ transport: "udp", host: "10.0.0.1", port: 5060, branch: "z9hG4bKabc", rport: true });
    const out = lines(e.serialize());
    expect(out.slice(1, 4)).toEqual([
      "Record-Route: <sip:10.0.0.1;lr>",
      "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc;rport",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK-0",
    ]);
    const again = parse(e.serialize().toString());
    expect(again.via()?.branch).toBe("z9hG4bKabc");
    expect(again.via()?.rport).toBeNull();
  });

  it("strips the top Via value of a multi-valued line, or the whole line", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    e.stripTopVia();
    const once = parse(e.serialize().toString());
    expect(lines(once.buf)[1]).toBe("Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK-0");
    const e2 = new MessageEdits(once);
    e2.stripTopVia();
    expect(parse(e2.serialize().toString()).via()?.branch).toBe("z9hG4bK-00");
  });

  it("replaces the body and fixes Content-Length and Content-Type", () => {
    const m = parse(REQ);
    const e = new MessageEdits(m);
    e.setBody("v=0\r\n", "application/sdp");
    const out = parse(e.serialize().toString());
    expect(out.contentLength).toBe(5);
    expect(out.headerValue("Content-Type")).toBe("application/sdp");
    expect(out.body.toString()).toBe("v=0\r\n");
    const e2 = new MessageEdits(m);
    e2.setBody(Buffer.from("a longer body"));
    expect(parse(e2.serialize().toString()).body.toString()).toBe("a longer body");
  });

  it("adds Content-Length when the message had none", () => {
    const m = parse(REQ.replace("Content-Length: 5\r\n", ""));
    const e = new MessageEdits(m);
    e.setBody("xyz");
    const out = parse(e.serialize().toString());
    expect(out.headerValue("Content-Length")).toBe("3");
    expect(out.body.toString()).toBe("xyz");
  });

  it("keeps unedited bytes identical, including compact names, LF-only lines and folding", () => {
    const text = "OPTIONS sip:a@b SIP/2.0\nv: SIP/2.0/UDP h\n ;branch=z9hG4bK-1\nf: <sip:x@y>;tag=1\nt: <sip:a@b>\ni: id\nCSeq: 1 OPTIONS\nl: 0\n\n";
    const m = parse(text);
    const e = new MessageEdits(m);
    e.addHeader("X-Edit", "1", { after: m.header("t")! });
    expect(e.serialize().toString()).toBe(text.replace("t: <sip:a@b>\n", "t: <sip:a@b>\nX-Edit: 1\r\n"));
  });

  it("changes a reply's status line", () => {
    const r = parseMessage(Buffer.from("SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n"));
    if (!r.ok) throw new Error(r.error.reason);
    const e = new MessageEdits(r.msg);
    e.setStatus(183, "Session Progress");
    expect(lines(e.serialize())[0]).toBe("SIP/2.0 183 Session Progress");
    const bare = parseMessage(Buffer.from("SIP/2.0 200\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n"));
    if (!bare.ok) throw new Error(bare.error.reason);
    const e2 = new MessageEdits(bare.msg);
    e2.setStatus(404, "Not Found");
    expect(lines(e2.serialize())[0]).toBe("SIP/2.0 404 Not Found");
  });
});
