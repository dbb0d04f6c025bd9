import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frame, MessageEdits, parseMessage, type SipErrorCode } from "../../src/runtime/sip/index.js";

const GOOD = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h:5060;branch=z9hG4bK-1;rport\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: id\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

function code(text: string | Buffer, minLength = 0): SipErrorCode | "ok" {
  const r = parseMessage(typeof text === "string" ? Buffer.from(text, "latin1") : text, { minLength });
  return r.ok ? "ok" : r.error.code;
}

describe("malformed input is an error value, never an exception", () => {
  it.each<[string, string, SipErrorCode | "ok"]>([
    ["truncated first line", "OPTIONS sip:a@b SIP/2.0", "BadFirstLine"],
    ["binary garbage", "\u0000\u0001\u00ff\u00fe garbage\r\n\r\n", "BadFirstLine"],
    ["header without colon", GOOD.replace("Call-ID: id", "Call-ID id"), "BadHeaderLine"],
    ["bad Content-Length", GOOD.replace("Content-Length: 0", "Content-Length: 1x"), "BadContentLength"],
    ["missing Call-ID", GOOD.replace("Call-ID: id\r\n", ""), "MissingHeader"],
    ["missing Via", GOOD.replace(/Via: [^\r]*\r\n/, ""), "MissingHeader"],
    ["bad Via", GOOD.replace("SIP/2.0/UDP h", "SIP/2.0 h"), "BadVia"],
    ["bad To", GOOD.replace("To: <sip:a@b>", "To: <sip:a@b"), "BadTo"],
    ["CSeq without method", GOOD.replace("CSeq: 1 OPTIONS", "CSeq: 1"), "BadCSeq"],
    ["message cut in the headers", GOOD.slice(0, 60), "MissingHeader"],
    ["status code not 3 digits", GOOD.replace("OPTIONS sip:a@b SIP/2.0", "SIP/2.0 20 OK"), "BadFirstLine"],
  ])("%s", (_name, text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it("applies size limits", () => {
    expect(code(GOOD.slice(0, 20), 32)).toBe("TooShort");
    expect(code(Buffer.alloc(70000, 0x41))).toBe("TooLarge");
  });

  it("never throws on random bytes, and round-trips whatever parses", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const r = parseMessage(buf);
        if (r.ok) expect(new MessageEdits(r.msg).serialize().equals(buf)).toBe(true);
        frame(buf);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on mutations of a valid message, accessors included", () => {
    const base = Buffer.from(GOOD, "latin1");
    const mutation = fc.array(fc.tuple(fc.nat(base.length - 1), fc.constantFrom(0x3a, 0x3b, 0x3c, 0x3e, 0x22, 0x2c, 0x0d, 0x0a, 0x20, 0x40, 0x5b, 0x5d, 0x00, 0x61)), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(mutation, fc.nat(base.length), (edits, cut) => {
        const buf = Buffer.from(base);
        for (const [at, byte] of edits) buf[at] = byte;
        const input = buf.subarray(0, Math.max(cut, 1));
        const r = parseMessage(input, { receiveChecks: false });
        if (!r.ok) return;
        const m = r.msg;
        m.ruri();
        m.vias();
        m.from()?.uri;
        m.to()?.tag;
        m.cseq();
        m.contacts();
        m.maxForwards();
        m.headerValues("Via");
        const e = new MessageEdits(m);
        expect(e.serialize().equals(input)).toBe(true);
        e.stripTopVia();
        e.addHeader("X", "1", "top");
        e.setBody("b");
        e.serialize();
        frame(input);
      }),
      { numRuns: 400 },
    );
  });
});

describe("stream framing", () => {
  const msg = Buffer.from(GOOD.replace("Content-Length: 0", "Content-Length: 4") + "body");

  it("frames a complete message and asks for more when short", () => {
    expect(frame(msg)).toEqual({ kind: "message", messageLength: msg.length });
    expect(frame(msg.subarray(0, msg.length - 1))).toEqual({ kind: "need-more" });
    expect(frame(msg.subarray(0, 30))).toEqual({ kind: "need-more" });
    const two = Buffer.concat([msg, msg]);
    expect(frame(two, msg.length)).toEqual({ kind: "message", messageLength: msg.length });
  });

  it("reads the compact Content-Length", () => {
    const compact = Buffer.from(GOOD.replace("Content-Length: 0", "l: 4") + "body");
    expect(frame(compact)).toEqual({ kind: "message", messageLength: compact.length });
  });

  it("treats CRLFs as keep-alives: a double CRLF is a ping", () => {
    expect(frame(Buffer.from("\r\n\r\n"))).toEqual({ kind: "keepalive", length: 4, pong: true });
    expect(frame(Buffer.from("\r\nOPTIONS"))).toEqual({ kind: "keepalive", length: 2, pong: false });
    expect(frame(Buffer.from("\r\n"))).toEqual({ kind: "need-more" });
  });

  it("fails without a usable Content-Length or when too large", () => {
    expect(frame(Buffer.from(GOOD.replace("Content-Length: 0\r\n", ""))).kind).toBe("error");
    expect(frame(Buffer.from(GOOD.replace("Content-Length: 0", "Content-Length: x"))).kind).toBe("error");
    expect(frame(Buffer.from(GOOD.replace("Content-Length: 0", "Content-Length: 70000"))).kind).toBe("error");
  });
});
