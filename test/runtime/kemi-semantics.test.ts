// KEMI functions as a routing module sees them, through the testing harness (no sockets).
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../src/testing/index.js";
import { request, routingModule } from "./support.js";

function reasons(out: { msg: { reason: string } | null }[]): string[] {
  return out.map((s) => s.msg?.reason ?? "?");
}

/** Runs `body` as the request route and returns the reason phrases of the replies it sent. */
async function withRoute(body: () => void, config = {}): Promise<Harness> {
  return createHarness(routingModule({ request: body }, config));
}

describe("core KSR", () => {
  it("is_METHOD, is_method (one name or a | list of known methods), is_method_in letters", async () => {
    const h = await withRoute(() => {
      const r: string[] = [];
      if (KSR.is_INVITE()) r.push("INVITE");
      if (KSR.is_method("invite")) r.push("m:invite");
      if (KSR.is_method("INVITE|BYE")) r.push("m:list");
      if (KSR.is_method("FOO|BYE")) r.push("m:badlist");
      if (KSR.is_method("FOO")) r.push("m:FOO");
      if (KSR.is_method_in("IB")) r.push("in:IB");
      if (KSR.is_method_in("BR")) r.push("in:BR");
      KSR.sl.sl_send_reply(200, r.join(" ") || "none");
    });
    expect(reasons(h.send(request("INVITE")))).toEqual(["INVITE m:invite m:list in:IB"]);
    expect(reasons(h.send(request("FOO")))).toEqual(["m:FOO"]);
    expect(reasons(h.send(request("REGISTER")))).toEqual(["in:BR"]);
  });

  it("message and branch flags, with Kamailio's 0..31 range", async () => {
    const h = await withRoute(() => {
      const r = [KSR.setflag(3), KSR.isflagset(3), KSR.isflagset(4), KSR.resetflag(3), KSR.isflagset(3), KSR.setflag(32), KSR.setbflag(1), KSR.isbflagset(1), KSR.setbiflag(2, 1), KSR.isbiflagset(2, 1)];
      KSR.sl.sl_send_reply(200, r.join(" "));
    });
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["true true false true false false true true true false"]);
    expect(h.logs.map((l) => l.replace(/\(\d+\)/, "(PID)"))).toEqual([" 0(PID) ERROR: <core> [core/kemi.c:357]: sr_kemi_core_setflag(): invalid flag parameter 32"]);
    // Flags are per message.
    const h2 = await withRoute(() => KSR.sl.sl_send_reply(200, String(KSR.isflagset(3))));
    expect(reasons(h2.send(request("OPTIONS")))).toEqual(["false"]);
  });

  it("script flags persist across messages; is_proto letters", async () => {
    const h = await withRoute(() => {
      const was = KSR.issflagset(2);
      KSR.setsflag(2);
      KSR.sl.sl_send_reply(200, `${was} ${KSR.is_proto("u")} ${KSR.is_proto("TE")} ${KSR.is_UDP()}`);
    });
    expect(reasons([...h.send(request("OPTIONS")), ...h.send(request("OPTIONS"))])).toEqual(["false true false true", "true true false true"]);
    expect(reasons(h.send(request("OPTIONS"), { proto: "tcp" }))).toEqual(["true false true false"]);
  });

  it("is_myself*: listen addresses (any port when none is given) and aliases", async () => {
    const h = await withRoute(
      () => {
        const r = [
          KSR.is_myself("sip:127.0.37.1"),
          KSR.is_myself("sip:127.0.37.1:5060"),
          KSR.is_myself("sip:127.0.37.1:5070"),
          KSR.is_myself("sip:x@Proxy.Example.TEST:5999"),
          KSR.is_myself("127.0.37.1"),
          KSR.is_myself("sip:other.test"),
          KSR.is_myself_ruri(),
          KSR.is_myself_furi(),
          KSR.is_myself_srcip(),
        ];
        KSR.sl.sl_send_reply(200, r.join(" "));
      },
      { alias: [{ host: "proxy.example.test" }] },
    );
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["true true false true true false true false false"]);
  });

  it("converts arguments like app_jsdt: an int parameter given a string, a string parameter given a number", async () => {
    const h = await withRoute(() => {
      (KSR.sl.sl_send_reply as (a: unknown, b: unknown) => number)("404", 7);
    });
    const [reply] = h.send(request("OPTIONS"));
    expect(reply!.status).toBe(404);
    expect(reply!.msg!.reason).toBe("7");
  });

  it("logs with Kamailio's prefixes and honours debug", async () => {
    const h = await withRoute(
      () => {
        KSR.info("core info");
        KSR.dbg("core debug");
        KSR.log("warn", "core warn");
        KSR.xlog.xinfo("from $fU at $si:$sp, ua=$ua\n");
        KSR.xlog.xdbg("hidden $ru\n");
        KSR.xlog.xlog("L_ERR", "as error $rm");
      },
      { core: { debug: 2 } },
    );
    h.send(request("OPTIONS"));
    const lines = h.logs.map((l) => l.replace(/\(\d+\)/, "(PID)"));
    expect(lines).toEqual([
      " 0(PID) INFO: <core> [core/kemi.c:106]: sr_kemi_core_info(): core info",
      " 0(PID) WARNING: <core> [core/kemi.c:156]: sr_kemi_core_log(): core warn",
      " 0(PID) INFO: <script>: from tester at 127.0.0.1:5090, ua=<null>",
      " 0(PID) ERROR: <script>: as error OPTIONS",
    ]);
  });
});

describe("KSR.x: exit, drop, failures", () => {
  it("exit ends the run; a throwing route is logged with its name, the message dropped, serving goes on", async () => {
    const h = await withRoute(() => {
      if (KSR.is_INVITE()) throw new TypeError("boom");
      if (KSR.is_BYE()) KSR.x.modf("t_relay");
      KSR.sl.sl_send_reply(200, "first");
      KSR.x.exit();
      KSR.sl.sl_send_reply(500, "not reached");
    });
    expect(h.send(request("INVITE"))).toEqual([]);
    expect(h.logs.at(-1)).toMatch(/ERROR: <kemits>: error in route ksr_request_route: TypeError: boom; message dropped$/);
    expect(h.send(request("BYE"))).toEqual([]);
    expect(h.logs.at(-1)).toMatch(/KSR.x.modf\("t_relay", …\): running native module functions is not supported by kemits/);
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["first"]);
  });

  it("a route that catches the exit sentinel goes on, as under app_jsdt", async () => {
    const h = await withRoute(() => {
      try {
        KSR.x.exit();
      } catch {
        // swallowed, like a generated try/catch would
      }
      KSR.sl.sl_send_reply(200, "after catch");
    });
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["after catch"]);
  });
});

describe("KSR.pv", () => {
  it("get / gete / getw / getvn / getvs / geti / is_null / unset, and invalid names", async () => {
    const h = await withRoute(() => {
      const r = [
        KSR.pv.get("$rU"),
        KSR.pv.get("$rs"),
        KSR.pv.gete("$rs"),
        KSR.pv.getw("$rs"),
        KSR.pv.getvn("$avp(none)", 5),
        KSR.pv.getvs("$avp(none)", "d"),
        KSR.pv.geti("$cs"),
        KSR.pv.geti("$var(unset)"),
        KSR.pv.is_null("$avp(none)"),
        KSR.pv.is_null("$var(unset)"),
        KSR.pv.get("$(ru{uri.user}{s.len})"),
        KSR.pv.get("$bad("),
        KSR.pv.sets("$si", "1.2.3.4"),
      ];
      KSR.sl.sl_send_reply(200, r.map((v) => `${typeof v}:${String(v)}`).join(" "));
    });
    expect(reasons(h.send(request("OPTIONS", "sip:alice@127.0.37.1")))).toEqual([
      "string:alice object:null string: string:<null> number:5 string:d number:1 number:0 boolean:true boolean:false number:5 object:null boolean:false",
    ]);
    expect(h.logs.some((l) => l.includes("invalid pv [$bad(]"))).toBe(true);
    expect(h.logs.some((l) => l.includes("unable to set pv [$si]: $si is read-only"))).toBe(true);
  });

  it("$var persists across messages (per worker), $avp is per message", async () => {
    const h = await withRoute(() => {
      KSR.pv.seti("$var(n)", (KSR.pv.get("$var(n)") as number) + 1);
      KSR.pv.seti("$avp(n)", 1);
      KSR.sl.sl_send_reply(200, `${KSR.pv.get("$var(n)")} ${KSR.pv.get("$cnt($avp(n))")}`);
    });
    expect(reasons([...h.send(request("OPTIONS")), ...h.send(request("OPTIONS")), ...h.send(request("OPTIONS"))])).toEqual(["1 1", "2 1", "3 1"]);
  });

  it("writing $ru, $rU, $rd, $rp, $du changes what routing sees and where forward() sends", async () => {
    const h = await withRoute(() => {
      KSR.pv.sets("$rU", "bob");
      KSR.pv.sets("$rd", "127.0.0.9");
      KSR.pv.sets("$rp", "5099");
      const seen = KSR.pv.get("$ru");
      KSR.hdr.append(`X-Seen: ${seen}\r\n`);
      KSR.forward();
    });
    const [out] = h.send(request("INVITE", "sip:alice@127.0.37.1;transport=udp"));
    expect(out!.address).toBe("127.0.0.9");
    expect(out!.port).toBe(5099);
    expect(out!.text).toMatch(/^INVITE sip:bob@127\.0\.0\.9:5099;transport=udp SIP\/2\.0\r\n/);
    expect(out!.text).toContain("X-Seen: sip:bob@127.0.0.9:5099;transport=udp\r\n");
  });
});

describe("KSR.hdr", () => {
  it("reads received headers; edits show in what is sent, not in later reads", async () => {
    const h = await withRoute(() => {
      const before = [KSR.hdr.is_present("X-A"), KSR.hdr.get("X-A"), KSR.hdr.get_idx("X-A", 1), KSR.hdr.get_idx("X-A", -1), KSR.hdr.gete("X-No"), KSR.hdr.getw("X-No")];
      KSR.hdr.remove("X-A");
      KSR.hdr.append("X-Added: 1\r\n");
      KSR.hdr.insert("X-First: 0\r\n");
      KSR.hdr.append_after("X-After-CSeq: 2\r\n", "CSeq");
      const after = [KSR.hdr.is_present("X-A"), KSR.hdr.is_present("X-Added")];
      KSR.hdr.append(`X-Log: ${before.join("|")} / ${after.join("|")}\r\n`);
      KSR.setdsturi("sip:127.0.0.8:5070");
      KSR.forward();
    });
    const [out] = h.send(request("MESSAGE", "sip:bob@example.test", ["X-A: one", "X-A: two"]));
    expect(out!.address).toBe("127.0.0.8");
    expect(out!.port).toBe(5070);
    const text = out!.text;
    expect(text).not.toContain("X-A:");
    expect(text).toMatch(/^MESSAGE sip:bob@example\.test SIP\/2\.0\r\nX-First: 0\r\nVia: SIP\/2\.0\/UDP 127\.0\.37\.1;branch=z9hG4bK/);
    expect(text).toContain("CSeq: 1 MESSAGE\r\nX-After-CSeq: 2\r\n");
    expect(text).toContain("X-Log: 1|one|two|two||<null> / 1|-1\r\n");
    expect(text).toContain("X-Added: 1\r\nX-Log:");
  });
});

describe("sl", () => {
  it("does not answer ACK; append_to_reply lines go into the reply before Server", async () => {
    const h = await withRoute(() => {
      KSR.hdr.append_to_reply("X-R: 1\r\n");
      const rc = KSR.sl.sl_send_reply(404, "Not Here");
      if (rc < 0) KSR.err(`reply failed ${rc}`);
    });
    expect(h.send(request("ACK"))).toEqual([]);
    expect(h.logs.at(-1)).toContain("reply failed -1");
    const [reply] = h.send(request("OPTIONS"));
    expect(reply!.text).toMatch(/\r\nX-R: 1\r\nServer: kamailio \(5\.6\.3 \(x86_64\/linux\)\)\r\nContent-Length: 0\r\n\r\n$/);
    // UDP replies go to the source address; the port is the source port because the Via has rport.
    expect([reply!.address, reply!.port]).toEqual(["127.0.0.1", 5090]);
  });
});

describe("listen settings", () => {
  it("port= is the default port, advertised_address= goes into our Via and counts as myself", async () => {
    const h = await withRoute(
      () => {
        KSR.hdr.append(`X-Me: ${KSR.is_myself("sip:proxy.example.test:5080")} ${KSR.is_myself("sip:127.0.37.1:5080")}\r\n`);
        KSR.forward_uri("sip:127.0.0.7");
      },
      { core: { port: 5080, advertised_address: "proxy.example.test" }, listen: [{ proto: "udp", host: "127.0.37.1" }] },
    );
    const [out] = h.send(request("INVITE"));
    expect(out!.text).toMatch(/\r\nVia: SIP\/2\.0\/UDP proxy\.example\.test:5080;branch=z9hG4bK/);
    expect(out!.text).toContain("X-Me: true true\r\n");
  });
});

describe("sl_reply_error", () => {
  it("answers 500 with Kamailio's text for no pending error", async () => {
    const h = await withRoute(() => KSR.sl.sl_reply_error());
    expect(h.send(request("OPTIONS")).map((s) => s.text.split("\r\n")[0])).toEqual(["SIP/2.0 500 I'm terribly sorry, server error occurred (1/SL)"]);
  });
});

describe("replies and reply_route", () => {
  const reply = (code: number, vias: string[]) =>
    [`SIP/2.0 ${code} Whatever`, ...vias.map((v) => `Via: ${v}`), "From: <sip:a@x>;tag=1", "To: <sip:b@y>;tag=2", "Call-ID: r1@test", "CSeq: 1 INVITE", "Content-Length: 0", "", ""].join("\r\n");

  it("relays along the second Via unless dropped; replies not for us are not relayed", async () => {
    const h = await createHarness(
      routingModule({
        reply: () => {
          if (KSR.pv.get("$rs") === 183) KSR.x.drop();
        },
      }),
    );
    const ours = "SIP/2.0/UDP 127.0.37.1;branch=z9hG4bKx.y.0";
    const next = "SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-up;received=127.0.0.5;rport=5071";
    expect(h.send(reply(183, [ours, next]))).toEqual([]);
    const [out] = h.send(reply(200, [ours, next]));
    expect([out!.address, out!.port]).toEqual(["127.0.0.5", 5071]);
    expect(out!.text).toMatch(/^SIP\/2\.0 200 Whatever\r\nVia: SIP\/2\.0\/UDP 10\.0\.0\.1:5070;/);
    expect(h.send(reply(200, ["SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", next]))).toEqual([]);
  });

  it("runs onsend_route before a request leaves; drop there stops it", async () => {
    const h = await createHarness(
      routingModule({
        request: () => {
          const rc = KSR.forward_uri("sip:127.0.0.7:5080");
          KSR.sl.sl_send_reply(200, `forward=${rc}`);
        },
        onsend: () => {
          KSR.info(`onsend to ${KSR.pv.get("$snd(ip)")}:${KSR.pv.get("$snd(port)")}`);
          if (KSR.is_BYE()) KSR.x.drop();
        },
      }),
    );
    const sent = h.send(request("INVITE"));
    expect(sent.map((s) => `${s.address}:${s.port} ${s.status}`)).toEqual(["127.0.0.7:5080 0", "127.0.0.1:5090 200"]);
    expect(reasons(sent.slice(1))).toEqual(["forward=1"]);
    const bye = h.send(request("BYE"));
    expect(reasons(bye)).toEqual(["forward=-1"]);
  });
});

describe("the testing harness", () => {
  it("reload swaps the routes and keeps $var", async () => {
    const count = () => {
      KSR.pv.seti("$var(n)", (KSR.pv.get("$var(n)") as number) + 1);
      KSR.sl.sl_send_reply(200, `v1 ${KSR.pv.get("$var(n)")}`);
    };
    const h = await createHarness(routingModule({ request: count }));
    h.send(request("OPTIONS"));
    h.reload(
      routingModule({
        request: () => {
          KSR.pv.seti("$var(n)", (KSR.pv.get("$var(n)") as number) + 1);
          KSR.sl.sl_send_reply(200, `v2 ${KSR.pv.get("$var(n)")}`);
        },
      }),
    );
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["v2 2"]);
    expect(() => h.reload(routingModule({ request: count }, { modules: ["sl"], uses: ["app_lua.run"] }))).toThrow(/KSR.app_lua.run/);
    expect(reasons(h.send(request("OPTIONS")))).toEqual(["v2 3"]);
  });

  it("loads .ts routing modules from files", async () => {
    const h = await createHarness("fixtures/runtime/hello.ts");
    const [reply] = h.send(request("OPTIONS", "sip:x@127.0.31.1"));
    expect(reply!.status).toBe(200);
    expect(reply!.msg!.reason).toBe("Hello, World!");
  });
});

describe("malformed input", () => {
  it("drops what Kamailio drops, without replying or logging errors, and keeps serving", async () => {
    const h = await withRoute(() => KSR.sl.sl_send_reply(200, "ok"));
    const good = request("OPTIONS");
    const bad: (string | Buffer)[] = [
      "",
      good.slice(0, 50),
      Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 131) & 0xff)),
      good.replace("Via:", "Via"),
      good.replace(/To: [^\r]*/, "To: <sip:broken"),
      good.replace(/Call-ID: [^\r]*\r\n/, ""),
      good.replace("SIP/2.0\r\n", "SIP/3.0\r\n"),
      Buffer.concat([Buffer.from(good), Buffer.alloc(70_000, 0x20)]),
    ];
    for (const b of bad) expect(h.send(b)).toEqual([]);
    expect(h.logs.filter((l) => /ERROR|internal/.test(l))).toEqual([]);
    expect(reasons(h.send(good))).toEqual(["ok"]);
  });
});
