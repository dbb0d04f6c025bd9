// registrar + usrloc (memory): save(), lookup(), registered(), unregister() compared with Kamailio
// 5.6.3. The expected replies and forwarded requests are what real Kamailio 5.6.3 sent for
// fixtures/runtime/registrar/registrar.cfg, fed the same requests in the same order, normalised:
// Via lines and To tags left out, and remaining expires shown as if no second had passed between
// requests (Kamailio's run crossed one second boundary; the kemits run keeps the clock still).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../../../src/testing/index.js";
import { register, registrarRouting, request, summary } from "./registrar-support.js";

let h: Harness;

function send(text: string): string {
  const out = h.send(text, { from: "127.0.80.9:5090" });
  expect(out).toHaveLength(1);
  return summary(out[0]!.text);
}

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  h = await createHarness(registrarRouting(() => h.engine.current));
});
afterAll(async () => {
  await h.close();
  vi.useRealTimers();
});

describe("save and lookup (Kamailio 5.6.3 reference sequence)", () => {
  const alice = "To: <sip:alice@example.test>";
  it("saves one contact with the Expires header value", () => {
    expect(send(register("alice", { contact: "<sip:alice@127.0.80.9:5090>", expires: 600 }))).toBe(
      `SIP/2.0 200 OK\n${alice}\nCSeq: 1 REGISTER\nContact: <sip:alice@127.0.80.9:5090>;expires=600`,
    );
  });

  it("lists bindings highest q first, unspecified q last", () => {
    expect(send(register("alice", { callid: "reg-alice-2", contact: "<sip:alice@10.0.0.2:5062>;q=0.5;expires=120" }))).toBe(
      `SIP/2.0 200 OK\n${alice}\nCSeq: 1 REGISTER\nContact: <sip:alice@10.0.0.2:5062>;q=0.5;expires=120, <sip:alice@127.0.80.9:5090>;expires=600`,
    );
    expect(send(register("alice", { callid: "reg-alice-3", contact: "<sip:alice@10.0.0.3>, <sip:alice@10.0.0.4>;q=0.9", expires: 300 }))).toBe(
      `SIP/2.0 200 OK\n${alice}\nCSeq: 1 REGISTER\nContact: <sip:alice@10.0.0.4>;q=0.9;expires=300, <sip:alice@10.0.0.2:5062>;q=0.5;expires=120, <sip:alice@127.0.80.9:5090>;expires=600, <sip:alice@10.0.0.3>;expires=300`,
    );
  });

  const all = "Contact: <sip:alice@10.0.0.4>;q=0.9;expires=300, <sip:alice@10.0.0.2:5062>;q=0.5;expires=120, <sip:alice@127.0.80.9:5090>;expires=600, <sip:alice@10.0.0.3>;expires=300";

  it("answers a REGISTER without Contact with every binding", () => {
    expect(send(register("alice", { callid: "reg-alice-fetch" }))).toBe(`SIP/2.0 200 OK\n${alice}\nCSeq: 1 REGISTER\n${all}`);
  });

  it("lookup rewrites the R-URI to the best binding and adds the others as branches", () => {
    expect(send(request("INVITE", "alice"))).toBe(
      `INVITE sip:alice@10.0.0.4 SIP/2.0
To: <sip:alice@example.test>
CSeq: 1 INVITE
X-Rc: 1
X-Ru: sip:alice@10.0.0.4
X-Du: <null>
X-B0: sip:alice@10.0.0.2:5062 q=500 du=<null> path=<null>
X-B1: sip:alice@127.0.80.9:5090 q=<null>`,
    );
  });

  it("refuses a lower CSeq on the same Call-ID with 400, listing the bindings", () => {
    expect(send(register("alice", { cseq: 0, contact: "<sip:alice@127.0.80.9:5090>", expires: 600 }))).toBe(
      `SIP/2.0 400 Bad Request\n${alice}\nCSeq: 0 REGISTER\n${all}\nP-Registrar-Error: Invalid CSeq number`,
    );
  });

  it("treats the same CSeq within cseq_delay as a retransmission: 200, nothing changed", () => {
    expect(send(register("alice", { cseq: 1, contact: "<sip:alice@127.0.80.9:5090>", expires: 600 }))).toBe(`SIP/2.0 200 OK\n${alice}\nCSeq: 1 REGISTER\n${all}`);
  });

  it("raises an Expires below min_expires to 60 and caps one above max_expires at 3600", () => {
    expect(send(register("alice", { cseq: 2, contact: "<sip:alice@127.0.80.9:5090>", expires: 5 }))).toContain("<sip:alice@127.0.80.9:5090>;expires=60,");
    expect(send(register("alice", { cseq: 3, contact: "<sip:alice@127.0.80.9:5090>", expires: 7200 }))).toContain("<sip:alice@127.0.80.9:5090>;expires=3600,");
  });

  it("removes one binding with expires=0", () => {
    expect(send(register("alice", { callid: "reg-alice-3", cseq: 2, contact: "<sip:alice@10.0.0.3>;expires=0" }))).toBe(
      `SIP/2.0 200 OK\n${alice}\nCSeq: 2 REGISTER\nContact: <sip:alice@10.0.0.4>;q=0.9;expires=300, <sip:alice@10.0.0.2:5062>;q=0.5;expires=120, <sip:alice@127.0.80.9:5090>;expires=3600`,
    );
  });

  it("answers 400 to a * Contact with a non-zero or missing Expires, or with other contacts", () => {
    expect(send(register("alice", { cseq: 4, contact: "*", expires: 10 }))).toBe(
      `SIP/2.0 400 Bad Request\n${alice}\nCSeq: 4 REGISTER\nP-Registrar-Error: * used in contact and expires is not zero`,
    );
    expect(send(register("alice", { cseq: 5, contact: "*", expires: 0, extra: "Contact: <sip:alice@10.0.0.9>\n" }))).toBe(
      `SIP/2.0 400 Bad Request\n${alice}\nCSeq: 5 REGISTER\nP-Registrar-Error: * used in contact and more than 1 contact`,
    );
    expect(send(register("alice", { cseq: 6, contact: "*" }))).toBe(
      `SIP/2.0 400 Bad Request\n${alice}\nCSeq: 6 REGISTER\nP-Registrar-Error: * used in contact and expires is not zero`,
    );
  });

  it("registered() checks the R-URI's AOR, which for a REGISTER to the server is empty", () => {
    expect(send(register("alice", { callid: "chk-1", test: "nosave" }))).toBe(`SIP/2.0 200 Checked\n${alice}\nCSeq: 1 REGISTER\nX-Registered: no`);
  });

  it("removes every binding with * and Expires: 0", () => {
    expect(send(register("alice", { cseq: 7, contact: "*", expires: 0 }))).toBe(`SIP/2.0 200 OK\n${alice}\nCSeq: 7 REGISTER`);
    expect(send(request("INVITE", "alice"))).toContain("X-Rc: -1\n");
  });

  it("returns -1 for an unknown AOR and leaves the request alone", () => {
    expect(send(request("INVITE", "nobody"))).toBe(
      `INVITE sip:nobody@example.test SIP/2.0
To: <sip:nobody@example.test>
CSeq: 1 INVITE
X-Rc: -1
X-Ru: sip:nobody@example.test
X-Du: <null>
X-B0: <null> q=<null> du=<null> path=<null>
X-B1: <null> q=<null>`,
    );
  });

  it("keeps Allow methods and the received param: INVITE is filtered (-2), MESSAGE goes to received", () => {
    expect(send(register("bob", { contact: '<sip:bob@10.0.0.5:5070>;received="sip:192.0.2.5:6000"', expires: 600, extra: "Allow: MESSAGE, OPTIONS\nUser-Agent: phone/1.0\n" }))).toBe(
      `SIP/2.0 200 OK\nTo: <sip:bob@example.test>\nCSeq: 1 REGISTER\nContact: <sip:bob@10.0.0.5:5070>;expires=600;received="sip:192.0.2.5:6000"`,
    );
    const invite = send(request("INVITE", "bob"));
    expect(invite).toContain("X-Rc: -2\nX-Ru: sip:bob@example.test\nX-Du: <null>\n");
    expect(send(request("MESSAGE", "bob"))).toContain("MESSAGE sip:bob@10.0.0.5:5070 SIP/2.0\n");
    expect(send(request("MESSAGE", "bob"))).toContain("X-Rc: 1\nX-Ru: sip:bob@10.0.0.5:5070\nX-Du: sip:192.0.2.5:6000\n");
  });

  it("stores the Path; lookup sends to its first hop and adds it as a Route after our Via", () => {
    expect(send(register("carol", { contact: "<sip:carol@10.0.0.6>;expires=abc", extra: "Path: <sip:edge.test:5099;lr>, <sip:core.test;lr>\nSupported: path\n" }))).toBe(
      `SIP/2.0 200 OK\nTo: <sip:carol@example.test>\nCSeq: 1 REGISTER\nContact: <sip:carol@10.0.0.6>;expires=3600`,
    );
    const out = h.send(request("INVITE", "carol"), { from: "127.0.80.9:5090" });
    const lines = out[0]!.text.split("\r\n");
    expect(lines[1]).toMatch(/^Via: SIP\/2.0\/UDP 127.0.80.1/);
    expect(lines[2]).toBe("Route: <sip:edge.test:5099;lr>, <sip:core.test;lr>");
    expect(summary(out[0]!.text)).toContain("X-Rc: 1\nX-Ru: sip:carol@10.0.0.6\nX-Du: sip:edge.test:5099;lr\n");
  });

  it("reads contacts from several Contact headers; q=1.0 prints as q=1", () => {
    expect(send(register("dave", { contact: "<sip:dave@10.0.0.7>;q=0.1", expires: 100, extra: 'Contact: "Dave" <sip:dave@10.0.0.8>;q=1.0\n' }))).toBe(
      `SIP/2.0 200 OK\nTo: <sip:dave@example.test>\nCSeq: 1 REGISTER\nContact: <sip:dave@10.0.0.8>;q=1;expires=100, <sip:dave@10.0.0.7>;q=0.1;expires=100`,
    );
    expect(send(request("INVITE", "dave"))).toContain("X-Ru: sip:dave@10.0.0.8\nX-Du: <null>\nX-B0: sip:dave@10.0.0.7 q=100 du=<null> path=<null>\n");
  });

  it("unregister() returns 1 whether or not the AOR had bindings", () => {
    expect(send(register("x", { callid: "chk-3", test: "nosave", extra: "X-Unregister: sip:dave@example.test\n" }))).toContain("X-Unregister-Rc: 1");
    expect(send(register("x", { callid: "chk-4", test: "nosave", extra: "X-Unregister: sip:nobody@example.test\n" }))).toContain("X-Unregister-Rc: 1");
    expect(send(request("INVITE", "dave"))).toContain("X-Rc: -1\n");
  });

  it("lower-cases the AOR", () => {
    expect(send(register("ERIN", { contact: "<sip:erin@10.0.0.10>", expires: 60 }))).toContain("Contact: <sip:erin@10.0.0.10>;expires=60");
    expect(send(request("INVITE", "erin"))).toContain("X-Rc: 1\nX-Ru: sip:erin@10.0.0.10\n");
  });

  it("answers 400 to a bad q and takes default_expires for an unreadable Expires header", () => {
    expect(send(register("frank", { contact: "<sip:frank@10.0.0.11>;q=2", expires: 60 }))).toBe(
      "SIP/2.0 400 Bad Request\nTo: <sip:frank@example.test>\nCSeq: 1 REGISTER\nP-Registrar-Error: Invalid q param in contact",
    );
    expect(send(register("gina", { contact: "<sip:gina@10.0.0.12>", expires: "soon" }))).toContain("Contact: <sip:gina@10.0.0.12>;expires=3600");
  });
});

describe("expiry", () => {
  it("a binding past its expires is neither found nor listed", () => {
    expect(send(register("hank", { contact: "<sip:hank@10.0.0.13>", expires: 60 }))).toContain(";expires=60");
    vi.setSystemTime(T0 + 30_000);
    expect(send(register("hank", { callid: "hank-fetch" }))).toContain("<sip:hank@10.0.0.13>;expires=30");
    vi.setSystemTime(T0 + 61_000);
    expect(send(request("INVITE", "hank"))).toContain("X-Rc: -1\n");
    expect(send(register("hank", { callid: "hank-fetch-2" }))).toBe("SIP/2.0 200 OK\nTo: <sip:hank@example.test>\nCSeq: 1 REGISTER");
  });
});

describe("min_expires_mode, max_contacts, strict Path, instances (Kamailio 5.6.3 reference, -A VARIANT)", () => {
  let v: Harness;
  beforeAll(async () => {
    v = await createHarness(
      registrarRouting(() => v.engine.current, [
        { module: "registrar", name: "path_mode", value: 2 },
        { module: "registrar", name: "min_expires_mode", value: 1 },
        { module: "registrar", name: "max_contacts", value: 2 },
        { module: "registrar", name: "retry_after", value: 30 },
      ]),
    );
  });
  afterAll(async () => {
    await v.close();
  });
  const sendV = (text: string) => {
    const out = v.send(text, { from: "127.0.80.9:5090" });
    expect(out).toHaveLength(1);
    return summary(out[0]!.text);
  };
  const ann = "To: <sip:ann@example.test>";

  it("answers 423 with Min-Expires below min_expires", () => {
    expect(sendV(register("ann", { contact: "<sip:ann@10.0.0.1>", expires: 30 }))).toBe(
      `SIP/2.0 423 Interval Too Brief\n${ann}\nCSeq: 1 REGISTER\nMin-Expires: 60\nP-Registrar-Error: Interval too brief`,
    );
  });

  it("answers 503 with Retry-After past max_contacts; a line's contacts are saved last first", () => {
    expect(sendV(register("ann", { contact: "<sip:ann@10.0.0.1>, <sip:ann@10.0.0.2>, <sip:ann@10.0.0.3>", expires: 300 }))).toBe(
      `SIP/2.0 503 Service Unavailable\n${ann}\nCSeq: 1 REGISTER\nP-Registrar-Error: Too many registered contacts\nRetry-After: 30`,
    );
    expect(sendV(register("ann", { contact: "<sip:ann@10.0.0.1>, <sip:ann@10.0.0.2>", expires: 300 }))).toBe(
      `SIP/2.0 200 OK\n${ann}\nCSeq: 1 REGISTER\nContact: <sip:ann@10.0.0.2>;expires=300, <sip:ann@10.0.0.1>;expires=300`,
    );
    expect(sendV(register("ann", { callid: "ann-2", contact: "<sip:ann@10.0.0.3>", expires: 300 }))).toBe(
      `SIP/2.0 503 Service Unavailable\n${ann}\nCSeq: 1 REGISTER\nContact: <sip:ann@10.0.0.2>;expires=300, <sip:ann@10.0.0.1>;expires=300\nP-Registrar-Error: Too many registered contacts\nRetry-After: 30`,
    );
  });

  it("with path_mode 2 answers 420 when the UA does not support Path, and echoes Path when it does", () => {
    const pat = "To: <sip:pat@example.test>";
    expect(sendV(register("pat", { contact: "<sip:pat@10.0.0.4>", expires: 300, extra: "Path: <sip:edge.test;lr>\n" }))).toBe(
      `SIP/2.0 420 Bad Extension\n${pat}\nCSeq: 1 REGISTER\nContact: <sip:pat@10.0.0.4>;expires=300\nUnsupported: path\nPath: <sip:edge.test;lr>\nP-Registrar-Error: No support for found Path indicated`,
    );
    expect(sendV(register("pat", { cseq: 2, contact: "<sip:pat@10.0.0.4>", expires: 300, extra: "Path: <sip:edge.test;lr>\nSupported: path, gruu\n" }))).toBe(
      `SIP/2.0 200 OK\n${pat}\nCSeq: 2 REGISTER\nContact: <sip:pat@10.0.0.4>;expires=300\nPath: <sip:edge.test;lr>`,
    );
    expect(sendV(register("pat", { cseq: 3, contact: "<sip:pat@10.0.0.4>", expires: 300, extra: "Path: <sip:edge.test>\nSupported: path\n" }))).toBe(
      `SIP/2.0 400 Bad Request\n${pat}\nCSeq: 3 REGISTER\nContact: <sip:pat@10.0.0.4>;expires=300\nP-Registrar-Error: Path parse error`,
    );
  });

  it("lists +sip.instance and reg-id; the same instance from a new Call-ID replaces the binding", () => {
    const inst = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"';
    expect(sendV(register("ivy", { contact: `<sip:ivy@10.0.0.5>;${inst};reg-id=1`, expires: 300 }))).toContain(`Contact: <sip:ivy@10.0.0.5>;expires=300;${inst};reg-id=1`);
    expect(sendV(register("ivy", { callid: "ivy-2", contact: `<sip:ivy@10.0.0.6>;${inst};reg-id=1`, expires: 300 }))).toBe(
      `SIP/2.0 200 OK\nTo: <sip:ivy@example.test>\nCSeq: 1 REGISTER\nContact: <sip:ivy@10.0.0.6>;expires=300;${inst};reg-id=1`,
    );
  });

  it("keeps a binding in place when its new q still fits, and registered_uri() finds the AOR", () => {
    expect(sendV(register("ann", { cseq: 3, contact: "<sip:ann@10.0.0.2>;q=0.8", expires: 300 }))).toContain(
      "Contact: <sip:ann@10.0.0.2>;q=0.8;expires=300, <sip:ann@10.0.0.1>;expires=300",
    );
    expect(sendV(register("x", { callid: "chk", test: "nosave", extra: "X-Registered: sip:ann@example.test\n" }))).toContain("X-Registered-Uri: yes\nX-Registered: no");
  });
});

describe("the stock /etc/kamailio/kamailio.cfg", () => {
  it("answers a REGISTER exactly as Kamailio 5.6.3 does (-l udp:127.0.80.1:5060)", async () => {
    const stock = await createHarness("/etc/kamailio/kamailio.cfg", { sockets: [{ proto: "udp", address: "127.0.80.1", port: 5060, family: 4 }] });
    try {
      const out = stock.send(
        `REGISTER sip:127.0.80.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-s1;rport
Max-Forwards: 70
From: <sip:alice@127.0.80.1>;tag=1
To: <sip:alice@127.0.80.1>
Call-ID: c1
CSeq: 1 REGISTER
Contact: <sip:alice@127.0.80.9:5090>, <sip:alice@10.1.1.1>;q=0.5
Expires: 600
User-Agent: t
Content-Length: 0

`,
        { from: "127.0.80.9:5090" },
      );
      // Kamailio 5.6.3's reply, byte for byte.
      expect(out.map((o) => o.text)).toEqual([
        [
          "SIP/2.0 200 OK",
          "Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-s1;rport=5090;received=127.0.80.9",
          "From: <sip:alice@127.0.80.1>;tag=1",
          "To: <sip:alice@127.0.80.1>;tag=1d74f9c41f5928b633c792a7a73c1dfd.ad0153a7",
          "Call-ID: c1",
          "CSeq: 1 REGISTER",
          "Contact: <sip:alice@10.1.1.1>;q=0.5;expires=600, <sip:alice@127.0.80.9:5090>;expires=600",
          "Server: kamailio (5.6.3 (x86_64/linux))",
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n"),
      ]);
    } finally {
      await stock.close();
    }
  }, 30_000);
});

describe("lookup_branches (Kamailio 5.6.3 reference, fixtures/runtime/registrar/cases-branches.mjs)", () => {
  let b: Harness;
  beforeAll(async () => {
    b = await createHarness(registrarRouting(() => b.engine.current));
    for (const [user, contact] of [
      ["dave", "<sip:dave@10.0.0.7>;q=0.1, <sip:dave@10.0.0.8>;q=1.0"],
      ["erin", '<sip:erin@10.0.0.10>;received="sip:192.0.2.10:5999"'],
    ] as const) {
      expect(b.send(register(user, { contact, expires: 100 }), { from: "127.0.80.9:5090" })[0]!.status).toBe(200);
    }
  });
  afterAll(async () => {
    await b.close();
  });
  const lb = (user: string, branch: string) => {
    const text = request("INVITE", user).replace("Content-Length: 0", `X-Test: lookup_branches\nX-Branch: ${branch}\nContent-Length: 0`);
    const out = b.send(text, { from: "127.0.80.9:5090" });
    return summary(out[0]!.text)
      .split("\n")
      .filter((l) => l.startsWith("X-") && !l.startsWith("X-Test") && !l.startsWith("X-Branch"))
      .join("\n");
  };

  it("resolves a clean branch in place; the R-URI's bindings come after the existing branches", () => {
    expect(lb("nobody", "sip:dave@example.test")).toBe(
      "X-Rc: 1\nX-Ru: sip:nobody@example.test\nX-Du: <null>\nX-B0: sip:dave@10.0.0.8 q=1000 du=<null> path=<null>\nX-B1: sip:dave@10.0.0.7 q=100\nX-B2: <null> q=<null>",
    );
    expect(lb("dave", "sip:erin@example.test")).toBe(
      "X-Rc: 1\nX-Ru: sip:dave@10.0.0.8\nX-Du: <null>\nX-B0: sip:erin@10.0.0.10 q=<null> du=sip:192.0.2.10:5999 path=<null>\nX-B1: sip:dave@10.0.0.7 q=100\nX-B2: <null> q=<null>",
    );
  });

  it("keeps a branch it cannot resolve, and keeps the R-URI's results", () => {
    expect(lb("erin", "sip:nobody@example.test")).toBe(
      "X-Rc: 1\nX-Ru: sip:erin@10.0.0.10\nX-Du: sip:192.0.2.10:5999\nX-B0: sip:nobody@example.test q=<null> du=<null> path=<null>\nX-B1: <null> q=<null>\nX-B2: <null> q=<null>",
    );
    expect(lb("nobody", "sip:nobody2@example.test")).toBe(
      "X-Rc: -1\nX-Ru: sip:nobody@example.test\nX-Du: <null>\nX-B0: sip:nobody2@example.test q=<null> du=<null> path=<null>\nX-B1: <null> q=<null>\nX-B2: <null> q=<null>",
    );
  });
});

describe("edge REGISTERs (Kamailio 5.6.3 reference, fixtures/runtime/registrar/cases-edge.mjs)", () => {
  let e: Harness;
  beforeAll(async () => {
    e = await createHarness(registrarRouting(() => e.engine.current));
  });
  afterAll(async () => {
    await e.close();
  });
  const reg = (n: number, headers: string, to = `<sip:edge${n}@b>`) =>
    summary(
      e.send(`REGISTER sip:127.0.80.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-e${n}
From: <sip:a@b>;tag=1
To: ${to}
Call-ID: e${n}
CSeq: 1 REGISTER
${headers}Content-Length: 0

`)[0]!.text,
    )
      .split("\n")
      .filter((l) => l.startsWith("SIP/") || l.startsWith("Contact:"))
      .join("\n");

  it("keeps an empty sip: contact, reads a negative or empty expires param as absent, takes a tel: To", () => {
    expect(reg(1, "Contact: <sip:>\n")).toBe("SIP/2.0 200 OK\nContact: <sip:>;expires=3600");
    expect(reg(2, "Contact: <sip:a@c>;expires=-5\n")).toBe("SIP/2.0 200 OK\nContact: <sip:a@c>;expires=3600");
    expect(reg(3, 'Contact: <sip:a@c>;methods="INVITE,MESSAGE"\n')).toBe("SIP/2.0 200 OK\nContact: <sip:a@c>;expires=3600");
    expect(reg(4, "Contact: <sip:a@c>\n", "<tel:+4912345>")).toBe("SIP/2.0 200 OK\nContact: <sip:a@c>;expires=3600");
    expect(reg(5, "Contact: <sip:a@c>;expires\nExpires: 120\n")).toBe("SIP/2.0 200 OK\nContact: <sip:a@c>;expires=120");
  });
});
