// rr: Record-Route insertion and Route processing, compared with Kamailio 5.6.3. Every expected
// message below is what real Kamailio 5.6.3 forwarded for fixtures/runtime/rr/rr.cfg (same cases,
// same bytes in), with its Via lines left out (branch values differ by design).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type RoutingModule } from "../../../src/testing/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the routing module talks to the KSR global, as generated code does.
declare const KSR: any;

/** The hand-written KEMI twin of fixtures/runtime/rr/rr.cfg (`fullLr`: its -A FULL_LR variant). */
const twin = (fullLr: boolean): RoutingModule => ({
  config: {
    source: "rr.ts",
    engine: "native",
    core: { auto_aliases: 0, debug: 2 },
    listen: [
      { proto: "udp", host: "127.0.80.1", port: 5060 },
      { proto: "tcp", host: "127.0.80.1", port: 5060 },
    ],
    alias: [],
    modules: ["sl", "rr", "pv", "xlog"],
    modparams: fullLr
      ? [
          { module: "rr", name: "enable_full_lr", value: 1 },
          { module: "rr", name: "append_fromtag", value: 0 },
        ]
      : [{ module: "rr", name: "append_fromtag", value: 1 }],
    cfgVars: [],
    routes: { request: "request_route", events: {} },
    uses: [],
  },
  request_route(): void {
    const test = KSR.pv.get("$hdr(X-Test)");
    if (test === "rr") {
      KSR.rr.record_route();
    } else if (test === "rr-params") {
      KSR.rr.add_rr_param(";p1=v");
      KSR.rr.record_route_params(";k=1");
      KSR.rr.add_rr_param(";p2=w");
    } else if (test === "rr-twice") {
      KSR.rr.record_route();
      if (KSR.rr.record_route() < 0) KSR.hdr.append("X-Second: failed\r\n");
    } else if (test === "preset") {
      KSR.rr.add_rr_param(";p1=v");
      KSR.rr.record_route_preset_one("1.2.3.4:5090");
      KSR.rr.add_rr_param(";p2=w");
    } else if (test === "lr") {
      const rc = KSR.rr.loose_route();
      KSR.hdr.append(`X-Rc: ${rc}\r\n`);
      KSR.hdr.append(`X-Du: ${KSR.pv.get("$du") ?? "<null>"}\r\n`);
      KSR.hdr.append(`X-Ru: ${KSR.pv.get("$ru")}\r\n`);
      if (KSR.rr.check_route_param("p1=v") > 0) KSR.hdr.append("X-P1: yes\r\n");
      if (!fullLr && KSR.rr.is_direction("upstream") > 0) KSR.hdr.append("X-Dir: upstream\r\n");
      if (!fullLr && KSR.rr.is_direction("downstream") > 0) KSR.hdr.append("X-Dir: downstream\r\n");
    }
    KSR.setdsturi(KSR.pv.get("$hdr(X-Send)") === "tcp" ? "sip:127.0.80.2:5070;transport=tcp" : "sip:127.0.80.2:5070");
    KSR.forward();
  },
});

function invite(test: string, opts: { extra?: string; ruri?: string; to?: string; send?: string; via?: string } = {}): string {
  const { extra = "", ruri = "sip:bob@127.0.80.2:5070", to = "<sip:bob@example.test>" } = opts;
  return `INVITE ${ruri} SIP/2.0
Via: SIP/2.0/${opts.via ?? "UDP"} 127.0.80.9:5090;branch=z9hG4bK-${test}
${extra}From: <sip:alice@example.test>;tag=ftag1
To: ${to}
Call-ID: ${test}@test
CSeq: 1 INVITE
X-Test: ${test.split("#")[0]}
${opts.send ? `X-Send: ${opts.send}\n` : ""}Content-Length: 0

`;
}

const DIALOG = "<sip:bob@example.test>;tag=tt";

let h: Harness;
beforeAll(async () => {
  h = await createHarness(twin(false));
});
afterAll(async () => {
  await h.close();
});

/** The one forwarded request, LF line ends, without Via lines. */
function forwarded(text: string): string {
  const out = h.send(text, { from: "127.0.80.9:5090" });
  expect(out).toHaveLength(1);
  return out[0]!.text.replace(/\r\n/g, "\n").split("\n").filter((l) => !l.startsWith("Via: ")).join("\n");
}

function expected(test: string, lines: string): string {
  return `${lines.trim()}\n\n`.replace("@TEST@", test);
}

describe("record_route (Kamailio 5.6.3 reference)", () => {
  it("adds one Record-Route with lr and the From tag for the receiving socket", () => {
    expect(forwarded(invite("rr"))).toBe(
      expected(
        "rr",
        `INVITE sip:bob@127.0.80.2:5070 SIP/2.0
Record-Route: <sip:127.0.80.1;lr;ftag=ftag1>
From: <sip:alice@example.test>;tag=ftag1
To: <sip:bob@example.test>
Call-ID: rr@test
CSeq: 1 INVITE
X-Test: rr
Content-Length: 0`,
      ),
    );
  });

  it("puts record_route params after ftag, then add_rr_param texts from before and after the call", () => {
    expect(forwarded(invite("rr-params"))).toContain("Record-Route: <sip:127.0.80.1;lr;ftag=ftag1;k=1;p1=v;p2=w>\n");
  });

  it("refuses a second record_route for the same request", () => {
    const out = forwarded(invite("rr-twice"));
    expect(out.match(/^Record-Route:/gm)).toHaveLength(1);
    expect(out).toContain("X-Second: failed\n");
    expect(h.logs.some((l) => l.includes("Double attempt to record-route"))).toBe(true);
  });

  it("record_route_preset puts params added before it ahead of lr and later ones after it", () => {
    expect(forwarded(invite("preset"))).toContain("Record-Route: <sip:1.2.3.4:5090;ftag=ftag1;p1=v;lr;p2=w>\n");
  });

  it("adds two r2=on Record-Routes, the send socket first, when the request leaves over another transport", () => {
    const out = h.send(invite("rr", { send: "tcp" }), { from: "127.0.80.9:5090" });
    expect(out[0]!.proto).toBe("tcp");
    const rr = out[0]!.text.split("\r\n").filter((l) => l.startsWith("Record-Route:"));
    expect(rr).toEqual(["Record-Route: <sip:127.0.80.1;transport=tcp;r2=on;lr;ftag=ftag1>", "Record-Route: <sip:127.0.80.1;r2=on;lr;ftag=ftag1>"]);
  });
});

describe("loose_route (Kamailio 5.6.3 reference)", () => {
  const tail = (test: string, to: string) => `From: <sip:alice@example.test>;tag=ftag1
To: ${to}
Call-ID: ${test}@test
CSeq: 1 INVITE
X-Test: lr
Content-Length: 0`;

  it("returns -1 without Route headers", () => {
    expect(forwarded(invite("lr#none", { to: DIALOG }))).toBe(
      expected("", `INVITE sip:bob@127.0.80.2:5070 SIP/2.0\n${tail("lr#none", DIALOG)}\nX-Rc: -1\nX-Du: <null>\nX-Ru: sip:bob@127.0.80.2:5070\nX-Dir: downstream`),
    );
  });

  it("removes our Route entry and sends to the next loose router through $du", () => {
    const msg = invite("lr#a", { extra: "Route: <sip:127.0.80.1;lr;ftag=ftag1;p1=v>, <sip:10.0.0.7:5080;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG });
    expect(forwarded(msg)).toBe(
      expected(
        "",
        `INVITE sip:bob@10.9.9.9 SIP/2.0
Route: <sip:10.0.0.7:5080;lr>
${tail("lr#a", DIALOG)}
X-Rc: 1
X-Du: sip:10.0.0.7:5080;lr
X-Ru: sip:bob@10.9.9.9
X-P1: yes
X-Dir: downstream`,
      ),
    );
  });

  it("removes a lone own Route and leaves $du unset; an ftag unlike the From tag means upstream", () => {
    const msg = invite("lr#b", { extra: "Route: <sip:127.0.80.1;lr;ftag=other>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG });
    expect(forwarded(msg)).toBe(expected("", `INVITE sip:bob@10.9.9.9 SIP/2.0\n${tail("lr#b", DIALOG)}\nX-Rc: 1\nX-Du: <null>\nX-Ru: sip:bob@10.9.9.9\nX-Dir: upstream`));
  });

  it("returns -3 for a preloaded route set (no To tag) that held only us", () => {
    const msg = invite("lr#c", { extra: "Route: <sip:127.0.80.1;lr>\n" });
    expect(forwarded(msg)).toBe(
      expected("", `INVITE sip:bob@127.0.80.2:5070 SIP/2.0\n${tail("lr#c", "<sip:bob@example.test>")}\nX-Rc: -3\nX-Du: <null>\nX-Ru: sip:bob@127.0.80.2:5070\nX-Dir: downstream`),
    );
  });

  it("routes to a foreign top Route without removing it", () => {
    const msg = invite("lr#d", { extra: "Route: <sip:10.0.0.7;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG });
    expect(forwarded(msg)).toBe(
      expected("", `INVITE sip:bob@10.9.9.9 SIP/2.0\nRoute: <sip:10.0.0.7;lr>\n${tail("lr#d", DIALOG)}\nX-Rc: 1\nX-Du: sip:10.0.0.7;lr\nX-Ru: sip:bob@10.9.9.9\nX-Dir: downstream`),
    );
  });

  it("puts a strict next hop into the R-URI and the R-URI into a Route at the end", () => {
    const msg = invite("lr#e", { extra: "Route: <sip:127.0.80.1;lr>\nRoute: <sip:10.0.0.7:5080>, <sip:10.0.0.8;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG });
    expect(forwarded(msg)).toBe(
      expected(
        "",
        `INVITE sip:10.0.0.7:5080 SIP/2.0
Route: <sip:10.0.0.8;lr>
${tail("lr#e", DIALOG)}
Route: <sip:bob@10.9.9.9>
X-Rc: 1
X-Du: <null>
X-Ru: sip:10.0.0.7:5080
X-Dir: downstream`,
      ),
    );
  });

  it("removes both of our r2=on entries", () => {
    const msg = invite("lr#f", {
      extra: "Route: <sip:127.0.80.1;transport=tcp;r2=on;lr;ftag=ftag1>,<sip:127.0.80.1;r2=on;lr;ftag=ftag1>,<sip:10.0.0.7;lr>\n",
      ruri: "sip:bob@10.9.9.9",
      to: DIALOG,
    });
    expect(forwarded(msg)).toBe(
      expected("", `INVITE sip:bob@10.9.9.9 SIP/2.0\nRoute: <sip:10.0.0.7;lr>\n${tail("lr#f", DIALOG)}\nX-Rc: 1\nX-Du: sip:10.0.0.7;lr\nX-Ru: sip:bob@10.9.9.9\nX-Dir: downstream`),
    );
  });

  it("recovers after a strict previous hop: the last Route becomes the R-URI, R-URI params are checked", () => {
    const msg = invite("lr#g", { extra: "Route: <sip:10.0.0.7;lr>, <sip:10.0.0.8;lr>\nRoute: <sip:bob@10.9.9.9>\n", ruri: "sip:127.0.80.1;lr;p1=v", to: DIALOG });
    expect(forwarded(msg)).toBe(
      expected(
        "",
        `INVITE sip:bob@10.9.9.9 SIP/2.0
Route: <sip:10.0.0.7;lr>, <sip:10.0.0.8;lr>
${tail("lr#g", DIALOG)}
X-Rc: 1
X-Du: sip:10.0.0.7;lr
X-Ru: sip:bob@10.9.9.9
X-P1: yes
X-Dir: downstream`,
      ),
    );
  });

  it("after a strict previous hop, a strict next hop goes straight into the R-URI", () => {
    const msg = invite("lr#h", { extra: "Route: <sip:10.0.0.7>, <sip:bob@10.9.9.9>\n", ruri: "sip:127.0.80.1;lr", to: DIALOG });
    expect(forwarded(msg)).toBe(
      expected("", `INVITE sip:10.0.0.7 SIP/2.0\nRoute: <sip:bob@10.9.9.9>\n${tail("lr#h", DIALOG)}\nX-Rc: 1\nX-Du: <null>\nX-Ru: sip:10.0.0.7\nX-Dir: downstream`),
    );
  });

  it("sends to the maddr of the next Route", () => {
    const msg = invite("lr#i", { extra: "Route: <sip:127.0.80.1;lr>, <sip:proxy.test:5099;maddr=10.0.0.5;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG });
    expect(forwarded(msg)).toContain("X-Du: sip:10.0.0.5:5099\n");
    expect(forwarded(msg)).toContain("\nRoute: <sip:proxy.test:5099;maddr=10.0.0.5;lr>\n");
  });

  it("sees upstream when the Route's ftag is not the From tag", () => {
    const msg = invite("lr#j", { extra: "Route: <sip:127.0.80.1;lr;ftag=zzz;p1=v>\n", ruri: "sip:alice@10.9.9.9", to: DIALOG });
    const out = forwarded(msg);
    expect(out).toContain("X-P1: yes\nX-Dir: upstream\n");
    expect(out).not.toContain("\nRoute:");
  });
});

describe("more Route and Record-Route cases (Kamailio 5.6.3 reference)", () => {
  it("received over TCP and sent over UDP: the UDP line first, then the TCP one", () => {
    const out = h.send(invite("rr#tcp", { via: "TCP" }), { from: "127.0.80.9:5090", proto: "tcp" });
    expect(out[0]!.proto).toBe("udp");
    expect(out[0]!.text.split("\r\n").filter((l) => l.startsWith("Record-Route:"))).toEqual([
      "Record-Route: <sip:127.0.80.1;r2=on;lr;ftag=ftag1>",
      "Record-Route: <sip:127.0.80.1;transport=tcp;r2=on;lr;ftag=ftag1>",
    ]);
  });

  it("a Route with our address on another port is not ours", () => {
    const out = forwarded(invite("lr#k", { extra: "Route: <sip:127.0.80.1:5070;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG }));
    expect(out).toContain("\nRoute: <sip:127.0.80.1:5070;lr>\n");
    expect(out).toContain("X-Rc: 1\nX-Du: sip:127.0.80.1:5070;lr\n");
  });

  it("our address with :5060 and a transport param is ours, whatever the transport", () => {
    const out = forwarded(invite("lr#l", { extra: "Route: <sip:127.0.80.1:5060;transport=tcp;lr>,<sip:10.0.0.7;lr>\n", ruri: "sip:bob@10.9.9.9", to: DIALOG }));
    expect(out).toContain("\nRoute: <sip:10.0.0.7;lr>\n");
    expect(out).toContain("X-Rc: 1\nX-Du: sip:10.0.0.7;lr\n");
  });

  it("removes an r2=on pair split over two Route headers", () => {
    const extra = "Route: <sip:127.0.80.1;r2=on;lr>\nRoute: <sip:127.0.80.1;transport=tcp;r2=on;lr>\nRoute: <sip:10.0.0.7;lr>\n";
    const out = forwarded(invite("lr#m", { extra, ruri: "sip:bob@10.9.9.9", to: DIALOG }));
    expect(out.match(/^Route:.*$/gm)).toEqual(["Route: <sip:10.0.0.7;lr>"]);
    expect(out).toContain("X-Du: sip:10.0.0.7;lr\n");
  });
});

describe("enable_full_lr=1, append_fromtag=0 (Kamailio 5.6.3 reference, -A FULL_LR)", () => {
  let f: Harness;
  beforeAll(async () => {
    f = await createHarness(twin(true));
  });
  afterAll(async () => {
    await f.close();
  });
  const rrLines = (text: string, proto?: string) =>
    f
      .send(text, { from: "127.0.80.9:5090" })[0]!
      .text.split("\r\n")
      .filter((l) => l.startsWith("Record-Route:") && (proto === undefined || l.includes(proto)));

  it("writes lr=on and no ftag", () => {
    expect(rrLines(invite("rr"))).toEqual(["Record-Route: <sip:127.0.80.1;lr=on>"]);
    expect(rrLines(invite("rr-params"))).toEqual(["Record-Route: <sip:127.0.80.1;lr=on;k=1;p1=v;p2=w>"]);
    expect(rrLines(invite("preset"))).toEqual(["Record-Route: <sip:1.2.3.4:5090;p1=v;lr=on;p2=w>"]);
    expect(rrLines(invite("rr", { send: "tcp" }))).toEqual(["Record-Route: <sip:127.0.80.1;transport=tcp;r2=on;lr=on>", "Record-Route: <sip:127.0.80.1;r2=on;lr=on>"]);
  });
});

describe("advertised addresses (Kamailio 5.6.3 reference: rr.cfg with `advertise 1.2.3.4` on UDP, `advertise 1.2.3.4:5070` on TCP)", () => {
  let a: Harness;
  beforeAll(async () => {
    a = await createHarness(twin(false), {
      sockets: [
        { proto: "udp", address: "127.0.80.1", port: 5060, family: 4, advertise: { host: "1.2.3.4", port: 5060 } },
        { proto: "tcp", address: "127.0.80.1", port: 5060, family: 4, advertise: { host: "1.2.3.4", port: 5070 } },
      ],
    });
  });
  afterAll(async () => {
    await a.close();
  });
  const rrLines = (text: string) =>
    a
      .send(text, { from: "127.0.80.9:5090" })[0]!
      .text.split("\r\n")
      .filter((l) => l.startsWith("Record-Route:"));

  it("names the advertised address, with its port unless 5060", () => {
    expect(rrLines(invite("rr"))).toEqual(["Record-Route: <sip:1.2.3.4;lr;ftag=ftag1>"]);
    expect(rrLines(invite("rr", { send: "tcp" }))).toEqual([
      "Record-Route: <sip:1.2.3.4:5070;transport=tcp;r2=on;lr;ftag=ftag1>",
      "Record-Route: <sip:1.2.3.4;r2=on;lr;ftag=ftag1>",
    ]);
  });
});
