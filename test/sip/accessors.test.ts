import { describe, expect, it } from "vitest";
import {
  HeaderKind,
  parseMessage,
  parseNameAddr,
  parseNameAddrList,
  parseUri,
  parseViaList,
  type SipMessage,
} from "../../src/runtime/sip/index.js";

function msg(lines: string[], body = ""): SipMessage {
  const r = parseMessage(Buffer.from(lines.join("\r\n") + "\r\n\r\n" + body));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.reason}`);
  return r.msg;
}

const BASE = [
  "INVITE sip:bob:secret@example.com:5070;transport=tcp;lr?Subject=hi&Priority=urgent SIP/2.0",
  "v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1;rport, SIP/2.0/TCP [2001:db8::9];branch=z9hG4bK-2;received=10.0.0.1;rport=4000",
  "Via: SIP/2.0/TLS proxy.example.org;branch=z9hG4bK-3",
  'f: "Alice, \\"A\\"" <sip:alice@example.com>;tag=1928',
  "t: Bob <sip:bob@example.com>",
  "i: a84b4c76e66710",
  "CSeq: 314159 INVITE",
  "m: <sip:alice@192.0.2.1>;expires=60;q=0.5, sip:alt@192.0.2.2;expires=30",
  "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
  "Route: <sip:p3.example.com;lr>",
  "Record-Route: <sip:rr.example.com;lr>",
  "Max-Forwards: 69",
  "Expires: 3600",
  "k: timer, 100rel",
  "X-Custom: one",
  "x-custom: two",
  "l: 4",
];

describe("first line and header index", () => {
  const m = msg(BASE, "abcd");

  it("reads method, Request-URI and version", () => {
    expect(m.isRequest).toBe(true);
    expect(m.method).toBe("INVITE");
    expect(m.requestUri).toBe("sip:bob:secret@example.com:5070;transport=tcp;lr?Subject=hi&Priority=urgent");
    expect(m.version).toBe("SIP/2.0");
  });

  it("normalises compact names and finds headers case-insensitively", () => {
    expect(m.headers[0]!.name).toBe("Via");
    expect(m.headers[0]!.writtenName).toBe("v");
    expect(m.header("VIA")).toBe(m.headers[0]);
    expect(m.header("call-id")?.raw).toBe("a84b4c76e66710");
    expect(m.header("i")?.kind).toBe(HeaderKind.CallId);
    expect(m.count("via")).toBe(2);
    expect(m.count("x-custom")).toBe(2);
    expect(m.headersNamed("X-CUSTOM").map((h) => h.value)).toEqual(["one", "two"]);
    expect(m.header("Nope")).toBeUndefined();
  });

  it("splits multi-valued headers on commas outside quotes and brackets", () => {
    expect(m.headerValues("Route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>", "<sip:p3.example.com;lr>"]);
    expect(m.headerValues("Supported")).toEqual(["timer", "100rel"]);
    expect(m.headerValues("From")).toEqual(['"Alice, \\"A\\"" <sip:alice@example.com>;tag=1928']);
  });

  it("locates the body by Content-Length", () => {
    expect(m.contentLength).toBe(4);
    expect(m.body.toString()).toBe("abcd");
  });
});

describe("typed accessors", () => {
  const m = msg(BASE, "abcd");

  it("parses the Request-URI", () => {
    const u = m.ruri()!;
    expect([u.scheme, u.user, u.password, u.host, u.port, u.transport]).toEqual(["sip", "bob", "secret", "example.com", 5070, "tcp"]);
    expect(u.param("lr")).toBeNull();
    expect(u.headers.map((h) => [h.name, h.value])).toEqual([["Subject", "hi"], ["Priority", "urgent"]]);
    expect(m.ruri()).toBe(u); // cached
  });

  it("parses Via values with rport with and without value", () => {
    const [a, b, c] = m.vias();
    expect([a!.transport, a!.host, a!.port, a!.branch, a!.rport]).toEqual(["UDP", "192.0.2.1", 5060, "z9hG4bK-1", null]);
    expect([b!.transport, b!.host, b!.port, b!.received, b!.rport]).toEqual(["TCP", "[2001:db8::9]", 0, "10.0.0.1", "4000"]);
    expect([c!.transport, c!.host, c!.rport]).toEqual(["TLS", "proxy.example.org", undefined]);
    expect(m.via()).toBe(a);
  });

  it("parses From/To with display names and tags", () => {
    expect(m.from()?.displayName).toBe('Alice, \\"A\\"');
    expect(m.from()?.tag).toBe("1928");
    expect(m.to()?.displayName).toBe("Bob");
    expect(m.to()?.tag).toBe("");
    expect(m.to()?.uri?.user).toBe("bob");
  });

  it("parses Contact lists, Route and Record-Route", () => {
    const c = m.contacts()!;
    expect(c.star).toBe(false);
    expect(c.values.map((v) => [v.uriText, v.param("expires"), v.bracketed])).toEqual([
      ["sip:alice@192.0.2.1", "60", true],
      ["sip:alt@192.0.2.2", "30", false],
    ]);
    expect(m.routes().map((r) => r.uri?.host)).toEqual(["p1.example.com", "p2.example.com", "p3.example.com"]);
    expect(m.recordRoutes()[0]?.uri?.param("lr")).toBeNull();
  });

  it("reads CSeq, Max-Forwards, Expires, Call-ID", () => {
    expect(m.cseq()?.number).toBe(314159);
    expect(m.cseq()?.method).toBe("INVITE");
    expect(m.maxForwards()).toBe(69);
    expect(m.expires()).toBe(3600);
    expect(m.callId()).toBe("a84b4c76e66710");
  });

  it("reads Contact: * and folded values", () => {
    const r = msg(["REGISTER sip:example.com SIP/2.0", "Via: SIP/2.0/UDP h;branch=z9hG4bK-9", "From: <sip:a@example.com>;tag=1", "To: <sip:a@example.com>", "Call-ID: x", "CSeq: 2 REGISTER", "Contact: *", "Expires: 0", "Subject: first\r\n  second"]);
    expect(r.contacts()).toEqual({ star: true, values: [] });
    expect(r.headerValue("Subject")).toBe("first second");
    expect(r.header("Subject")?.folded).toBe(true);
  });

  it("reads replies", () => {
    const r = parseMessage(Buffer.from("SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"));
    expect(r.ok && [r.msg.status, r.msg.reason, r.msg.method, r.msg.ruri()]).toEqual([486, "Busy Here", "", null]);
  });
});

describe("URI grammar", () => {
  const ok = (s: string) => {
    const r = parseUri(s);
    if (!r.ok) throw new Error(r.reason);
    return r.uri;
  };

  it("handles IPv6 references, ports and params", () => {
    const u = ok("sips:[2001:db8::1]:5061;maddr=239.255.255.1;ttl=15");
    expect([u.scheme, u.user, u.host, u.hostKind, u.port, u.param("TTL")]).toEqual(["sips", "", "[2001:db8::1]", "ipv6", 5061, "15"]);
    expect(ok("sip:alice@192.0.2.4").hostKind).toBe("ipv4");
    expect(ok("SIP:user;npdi@Example.COM").user).toBe("user;npdi");
    expect(ok("sip:%61lice@atlanta.com;transport=TCP").user).toBe("%61lice");
  });

  it("handles tel URIs", () => {
    const u = ok("tel:+1-201-555-0123;phone-context=example.com");
    expect([u.scheme, u.user, u.host, u.param("phone-context")]).toEqual(["tel", "+1-201-555-0123", "", "example.com"]);
  });

  it("rejects structural errors", () => {
    for (const s of ["", "sip:", "http://x", "sip:host:99999", "sip:[::1", "sip:a@", "sip:a b@c", "tel:"]) {
      expect(parseUri(s).ok, s).toBe(false);
    }
  });
});

describe("name-addr and Via grammar", () => {
  it("reads addr-spec params as header params", () => {
    const r = parseNameAddr("sip:a@b;tag=x");
    expect(r.ok && [r.value.uriText, r.value.tag, r.value.bracketed]).toEqual(["sip:a@b", "x", false]);
  });

  it("keeps URI params inside brackets", () => {
    const r = parseNameAddr("<sip:a@b;transport=tcp>;tag=x");
    expect(r.ok && [r.value.uri?.transport, r.value.tag]).toEqual(["tcp", "x"]);
  });

  it("rejects unterminated brackets and quotes", () => {
    expect(parseNameAddr("<sip:a@b").ok).toBe(false);
    expect(parseNameAddr('"abc <sip:a@b>').ok).toBe(false);
    expect(parseNameAddrList("<sip:a@b>, ").ok).toBe(true);
  });

  it("accepts LWS inside Via and rejects missing parts", () => {
    const r = parseViaList("SIP / 2.0 / UDP host.example : 5080 ; branch = z9hG4bK-x ; rport");
    expect(r.ok && [r.values[0]!.host, r.values[0]!.port, r.values[0]!.branch, r.values[0]!.rport]).toEqual(["host.example", 5080, "z9hG4bK-x", null]);
    expect(parseViaList("SIP/2.0 127.0.0.1;branch=x").ok).toBe(false);
    expect(parseViaList("SIP/2.0/UDP").ok).toBe(false);
    expect(parseViaList("SIP/2.0/UDP h:70000").ok).toBe(false);
  });
});
