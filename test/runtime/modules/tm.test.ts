// tm through the testing harness (no sockets, fake timers): transaction matching, retransmission
// absorption, stateful relaying, timers, failure/branch/onreply routes, CANCEL. Expected
// messages follow Kamailio 5.6.3's tm (checked by hand against src/modules/tm and, for the
// wire details, by tm-differential.test.ts against a real Kamailio).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { appendBranch, Q_UNSPECIFIED } from "../../../src/runtime/engine/dset.js";
import { parseProxy } from "../../../src/runtime/modules/tm/messages.js";
import { createHarness, type Harness } from "../../../src/testing/index.js";
import { firstLine, fromUac, fromUas, PROXY, tmHarness, type TmRouting, tmRouting, UAC, UAS, UAS2, uacRequest, uasReply, vias } from "./tm-support.js";

// biome-ignore lint/suspicious/noExplicitAny: the routing module talks to the KSR global, as generated code does.
declare const KSR: any;

let h: Harness;
async function start(spec: TmRouting = {}): Promise<Harness> {
  h = await tmHarness(spec);
  return h;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await h?.close();
  vi.useRealTimers();
});

describe("server transactions", () => {
  it("sl's send_reply answers through the transaction t_newtran made, as the stock cfg's LOCATION route needs", async () => {
    await start({
      beforeRelay: () => {
        KSR.tm.t_newtran();
        KSR.sl.send_reply(404, "Not Found");
        KSR.x.exit();
      },
    });
    const first = h.send(uacRequest(), fromUac).map(firstLine);
    expect(first).toEqual(["SIP/2.0 404 Not Found"]);
    // Stateful: the retransmission is absorbed and answered from the transaction, and tm does not
    // complain that the script left the transaction without a reply.
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual(["SIP/2.0 404 Not Found"]);
    expect(h.logs.join("\n")).not.toContain("didn't release transaction");
  });

  it("relays an INVITE statefully after a 100 Trying, with a branch Via and Max-Forwards untouched", async () => {
    await start();
    const out = h.send(uacRequest(), fromUac);
    expect(out.map(firstLine)).toEqual(["SIP/2.0 100 trying -- your call is important to us", `INVITE sip:bob@${UAS}:5070 SIP/2.0`]);
    const [trying, invite] = out;
    expect(trying!.address).toBe(UAC);
    expect(trying!.port).toBe(5090);
    expect(trying!.msg?.to()?.tag).toBe("");
    expect(invite!.address).toBe(UAS);
    expect(invite!.port).toBe(5070);
    const v = vias(invite);
    expect(v).toHaveLength(2);
    expect(v[0]).toMatch(new RegExp(`^Via: SIP/2.0/UDP ${PROXY.replace(/\./g, "\\.")};branch=z9hG4bK[0-9a-f]+\\.[0-9a-f]+\\.0$`));
    expect(v[1]).toBe(`Via: SIP/2.0/UDP ${UAC}:5090;branch=z9hG4bK-uac-1`);
    expect(invite!.msg?.headerValue("Max-Forwards")).toBe("70");
  });

  it("absorbs a retransmitted INVITE and resends the last provisional reply", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual(["SIP/2.0 100 trying -- your call is important to us"]);
    const relayed = h.send(uasReply(invite!, 180, "Ringing"), fromUas);
    expect(relayed.map(firstLine)).toEqual(["SIP/2.0 180 Ringing"]);
    expect(relayed[0]!.address).toBe(UAC);
    expect(vias(relayed[0])).toEqual([`Via: SIP/2.0/UDP ${UAC}:5090;branch=z9hG4bK-uac-1`]);
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual(["SIP/2.0 180 Ringing"]);
  });

  it("ACKs a negative final reply hop by hop, relays it once, absorbs the UAC's ACK", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    const busy = uasReply(invite!, 486, "Busy Here");
    const out = h.send(busy, fromUas);
    expect(out.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 486 Busy Here"]);
    const ack = out[0]!;
    expect(ack.address).toBe(UAS);
    expect(vias(ack)).toEqual([vias(invite)[0]]);
    expect(ack.msg?.headerValue("CSeq")).toBe("1 ACK");
    expect(ack.msg?.to()?.tag).toBe("b1");
    expect(ack.msg?.headerValue("Max-Forwards")).toBe("70");
    expect(ack.msg?.headerValue("Content-Length")).toBe("0");
    // The UAS retransmits its 486: ACKed again, not relayed again.
    expect(h.send(busy, fromUas).map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`]);
    // A retransmitted INVITE gets the final reply again.
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual(["SIP/2.0 486 Busy Here"]);
    // The UAC's ACK (same branch) ends there.
    expect(h.send(uacRequest({ method: "ACK", toTag: "b1" }), fromUac)).toEqual([]);
  });

  it("retransmits an unACKed negative INVITE reply (timer G) until the wait timer frees the transaction", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 486, "Busy Here"), fromUas);
    vi.advanceTimersByTime(10_000);
    // Sent at 0, then 0.5, 1.5 and 3.5 s; wt_timer (5 s) after the final reply the transaction is gone.
    expect(h.sent.filter((s) => s.address === UAC && s.status === 486)).toHaveLength(4);
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual(["SIP/2.0 100 trying -- your call is important to us", `INVITE sip:bob@${UAS}:5070 SIP/2.0`]);
  });

  it("relays every 2xx of an INVITE and does not ACK it", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    const ok = uasReply(invite!, 200, "OK");
    expect(h.send(ok, fromUas).map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
    expect(h.send(ok, fromUas).map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
  });

  it("does not send 100 Trying for non-INVITE requests and retransmits the final reply", async () => {
    await start();
    const out = h.send(uacRequest({ method: "OPTIONS" }), fromUac);
    expect(out.map(firstLine)).toEqual([`OPTIONS sip:bob@${UAS}:5070 SIP/2.0`]);
    expect(h.send(uacRequest({ method: "OPTIONS" }), fromUac)).toEqual([]);
    expect(h.send(uasReply(out[0]!, 200, "OK"), fromUas).map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
    expect(h.send(uacRequest({ method: "OPTIONS" }), fromUac).map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
  });

  it("frees the transaction after the wait timer: the same request is then routed anew", async () => {
    await start();
    const [req] = h.send(uacRequest({ method: "OPTIONS" }), fromUac);
    h.send(uasReply(req!, 200, "OK"), fromUas);
    vi.advanceTimersByTime(4900);
    expect(h.send(uacRequest({ method: "OPTIONS" }), fromUac).map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
    vi.advanceTimersByTime(200);
    expect(h.send(uacRequest({ method: "OPTIONS" }), fromUac).map(firstLine)).toEqual([`OPTIONS sip:bob@${UAS}:5070 SIP/2.0`]);
  });

  it("t_reply needs a transaction; after t_newtran it replies statefully with tm's to-tag", async () => {
    const rcs: number[] = [];
    await start({
      beforeRelay: () => {
        rcs.push(KSR.tm.t_reply(404, "Not Found"));
        rcs.push(KSR.tm.t_newtran());
        rcs.push(KSR.tm.t_reply(404, "Not Found"));
        rcs.push(KSR.tm.t_reply(500, "Again"));
        KSR.x.exit();
      },
    });
    const out = h.send(uacRequest({ method: "MESSAGE" }), fromUac);
    expect(rcs).toEqual([-1, 1, 1, -1]);
    expect(out.map(firstLine)).toEqual(["SIP/2.0 404 Not Found"]);
    expect(out[0]!.msg?.to()?.tag).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}$/);
    expect(h.send(uacRequest({ method: "MESSAGE" }), fromUac).map(firstLine)).toEqual(["SIP/2.0 404 Not Found"]);
  });
});

describe("per-transaction settings", () => {
  it("t_set_auto_inv_100(0) before t_relay: no 100 Trying; t_set_fr shortens the final-response timer", async () => {
    await start({
      beforeRelay: () => {
        KSR.tm.t_set_auto_inv_100(0);
        KSR.tm.t_set_fr(0, 1000);
      },
    });
    expect(h.send(uacRequest(), fromUac).map(firstLine)).toEqual([`INVITE sip:bob@${UAS}:5070 SIP/2.0`]);
    const before = h.sent.length;
    vi.advanceTimersByTime(1000);
    expect(h.sent.slice(before).filter((s) => s.address === UAC).map(firstLine)).toEqual(["SIP/2.0 408 Request Timeout"]);
  });
});

describe("t_relay_to_*", () => {
  it("t_relay_to_proxy_flags sends every branch to the proxy, R-URI unchanged; flag 1 skips the 100 Trying", async () => {
    let rc: unknown = null;
    await start({
      beforeRelay: () => {
        rc = KSR.tm.t_relay_to_proxy_flags(`udp:${UAS2}:5080`, 1);
        KSR.x.exit();
      },
    });
    const out = h.send(uacRequest(), fromUac);
    expect(out.map((s) => `${firstLine(s)} → ${s.address}:${s.port}`)).toEqual([`INVITE sip:bob@${UAS}:5070 SIP/2.0 → ${UAS2}:5080`]);
    expect(rc).toBe(1);
  });

  it("parses [proto:]host[:port] like parse_phostport", () => {
    expect(parseProxy("tcp:10.0.0.1:5080")).toEqual({ proto: "tcp", host: "10.0.0.1", port: 5080 });
    expect(parseProxy("[::1]:5062")).toEqual({ proto: null, host: "[::1]", port: 5062 });
    expect(parseProxy("example.com")).toEqual({ proto: null, host: "example.com", port: 0 });
    expect(parseProxy("tls:example.com")).toBeNull();
    expect(parseProxy("a:b:c")).toBeNull();
  });
});

describe("client transaction timers", () => {
  it("retransmits an INVITE at T1, 2T1, 4T1 until a provisional reply, then times out with 408", async () => {
    await start({ modparams: [{ module: "tm", name: "fr_timer", value: 3000 }] });
    const [, invite] = h.send(uacRequest(), fromUac);
    const count = () => h.sent.filter((s) => s.address === UAS && firstLine(s).startsWith("INVITE")).length;
    vi.advanceTimersByTime(499);
    expect(count()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(count()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(count()).toBe(3);
    vi.advanceTimersByTime(1000);
    expect(count()).toBe(3);
    const before = h.sent.length;
    vi.advanceTimersByTime(500); // 3000 ms: fr_timer
    const after = h.sent.slice(before);
    expect(after.map(firstLine)).toEqual(["SIP/2.0 408 Request Timeout"]);
    expect(after[0]!.msg?.to()?.tag).not.toBe("");
    expect(invite).toBeDefined();
  });

  it("stops INVITE retransmissions on a provisional reply and switches to fr_inv_timer; a ringing branch is CANCELled on timeout", async () => {
    await start({
      modparams: [
        { module: "tm", name: "fr_timer", value: 1000 },
        { module: "tm", name: "fr_inv_timer", value: 5000 },
      ],
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 180, "Ringing"), fromUas);
    const before = h.sent.length;
    vi.advanceTimersByTime(4999);
    expect(h.sent.length).toBe(before);
    vi.advanceTimersByTime(1);
    const after = h.sent.slice(before);
    // Kamailio's fake_reply: the 408 goes through reply processing first, then the CANCEL.
    expect(after.map(firstLine)).toEqual(["SIP/2.0 408 Request Timeout", `CANCEL sip:bob@${UAS}:5070 SIP/2.0`]);
    expect(vias(after[1])).toEqual([vias(invite)[0]]);
    // The CANCEL is retransmitted over UDP until answered.
    const toUas = () => h.sent.slice(before + 2).filter((s) => s.address === UAS).map(firstLine);
    vi.advanceTimersByTime(500);
    expect(toUas()).toEqual([`CANCEL sip:bob@${UAS}:5070 SIP/2.0`]);
    h.send(uasReply(after[1]!, 200, "OK"), fromUas);
    vi.advanceTimersByTime(5000);
    expect(toUas()).toHaveLength(1);
    // Meanwhile the 408 went upstream again and again (timer G), the UAC not having ACKed it.
    expect(h.sent.slice(before + 2).filter((s) => s.address === UAC).map(firstLine)[0]).toBe("SIP/2.0 408 Request Timeout");
  });

  it("retransmits non-INVITE requests capped at T2, and at T2 after a provisional reply", async () => {
    await start({ modparams: [{ module: "tm", name: "retr_timer2", value: 1000 }] });
    const [req] = h.send(uacRequest({ method: "OPTIONS" }), fromUac);
    const times: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 40; i++) {
      const n = h.sent.length;
      vi.advanceTimersByTime(100);
      if (h.sent.length > n) times.push(Date.now() - t0);
      if (times.length === 4) break;
    }
    expect(times).toEqual([500, 1500, 2500, 3500]);
    h.send(uasReply(req!, 100, "Trying"), fromUas);
    const n = h.sent.length;
    vi.advanceTimersByTime(1000);
    expect(h.sent.length).toBe(n + 1);
  });
});

describe("routes", () => {
  it("runs failure_route on the best negative reply and forks anew from it", async () => {
    const seen: unknown[] = [];
    await start({
      failure: () => {
        seen.push(KSR.tm.t_check_status("4[0-9][0-9]"), KSR.tm.t_branch_timeout(), KSR.tm.t_branch_replied(), KSR.tm.t_is_canceled());
        KSR.pv.sets("$ru", `sip:carol@${UAS2}:5070`);
        KSR.tm.t_relay();
      },
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    const out = h.send(uasReply(invite!, 486, "Busy Here"), fromUas);
    // The branch counts as replied only after this reply is processed (F_RB_REPLIED in Kamailio).
    expect(seen).toEqual([1, -1, -1, -1]);
    expect(out.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, `INVITE sip:carol@${UAS2}:5070 SIP/2.0`]);
    const second = out[1]!;
    expect(second.address).toBe(UAS2);
    expect(vias(second)[0]).toMatch(/\.1$/);
    expect(vias(second)[0]!.replace(/\.1$/, "")).toBe(vias(invite)[0]!.replace(/\.0$/, ""));
    const ok = h.send(uasReply(second, 200, "OK", "c1"), { from: `${UAS2}:5070` });
    expect(ok.map(firstLine)).toEqual(["SIP/2.0 200 OK"]);
    expect(ok[0]!.msg?.to()?.tag).toBe("c1");
  });

  it("drops the first step's replies when the failure route forks (failure_reply_mode 3), unless t_drop_replies(\"n\")", async () => {
    for (const keep of [false, true]) {
      const grep: unknown[] = [];
      await start({
        failure: () => {
          grep.push(KSR.tm.t_grep_status(404), KSR.tm.t_grep_status(486));
          if (keep) KSR.tm.t_drop_replies("n");
          KSR.pv.sets("$ru", `sip:carol@${UAS2}:5070`);
          KSR.tm.t_relay();
        },
      });
      const [, invite] = h.send(uacRequest(), fromUac);
      const [, second] = h.send(uasReply(invite!, 404, "Not Found"), fromUas);
      const out = h.send(uasReply(second!, 486, "Busy Here", "c1"), { from: `${UAS2}:5070` });
      // The first 404 is not yet marked replied while its own failure route runs.
      expect(grep).toEqual([-1, -1]);
      expect(out.map(firstLine)).toEqual([`ACK sip:carol@${UAS2}:5070 SIP/2.0`, keep ? "SIP/2.0 404 Not Found" : "SIP/2.0 486 Busy Here"]);
      await h.close();
    }
  });

  it("runs failure_route with t_branch_timeout after fr_timer, and t_reply there answers the UAC", async () => {
    const seen: unknown[] = [];
    await start({
      modparams: [{ module: "tm", name: "fr_timer", value: 2000 }],
      failure: () => {
        seen.push(KSR.tm.t_check_status("408"), KSR.tm.t_branch_timeout(), KSR.tm.t_branch_replied(), KSR.tm.t_any_timeout());
        KSR.tm.t_reply(480, "Temporarily Unavailable");
      },
    });
    h.send(uacRequest(), fromUac);
    const before = h.sent.length;
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([1, 1, -1, 1]);
    const toUac = h.sent.slice(before).filter((s) => s.address === UAC);
    expect(toUac.map(firstLine)).toEqual(["SIP/2.0 480 Temporarily Unavailable"]);
  });

  it("runs branch_route per branch with $T_branch_idx context; drop there fails t_relay with a 500", async () => {
    const seen: unknown[] = [];
    let drop = false;
    await start({
      branch: () => {
        seen.push(KSR.tmx.t_is_branch_route(), KSR.tm.t_get_branch_index(), KSR.pv.get("$ru"));
        if (drop) KSR.x.drop();
        KSR.hdr.append("X-Branch: yes\r\n");
      },
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    expect(seen).toEqual([1, 0, `sip:bob@${UAS}:5070`]);
    expect(invite!.msg?.headerValue("X-Branch")).toBe("yes");
    drop = true;
    const out = h.send(uacRequest({ branch: "z9hG4bK-uac-2", callId: "tm-call-2" }), fromUac);
    // sl_reply_error answers first (the route runs on); tm's delayed error reply follows after the route.
    expect(out.map(firstLine)).toEqual([
      "SIP/2.0 100 trying -- your call is important to us",
      expect.stringMatching(/^SIP\/2\.0 500 .*\/SL\)$/),
      "SIP/2.0 500 I'm terribly sorry, server error occurred (6/TM)",
    ]);
  });

  it("runs onreply_route per reply; drop there discards a provisional reply", async () => {
    const seen: unknown[] = [];
    await start({
      onreply: () => {
        seen.push(KSR.tmx.t_is_reply_route(), KSR.pv.get("$rs"));
        if (KSR.pv.get("$rs") === 183) KSR.x.drop();
      },
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    expect(h.send(uasReply(invite!, 183, "Session Progress"), fromUas)).toEqual([]);
    expect(h.send(uasReply(invite!, 180, "Ringing"), fromUas).map(firstLine)).toEqual(["SIP/2.0 180 Ringing"]);
    expect(seen).toEqual([1, 183, 1, 180]);
  });

  it("$T_branch_idx, $T_reply_code and $T_req() read the transaction through KSR.pv", async () => {
    const seen: unknown[] = [];
    await start({
      branch: () => seen.push(`branch ${KSR.pv.get("$T_branch_idx")}`),
      failure: () => seen.push(`failure ${KSR.pv.get("$T_reply_code")} ${KSR.pv.get("$T_req($rm)")}`),
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 486, "Busy Here"), fromUas);
    // $T_req() reads only in reply routes (tmx's pv_get_t_var_req; checked in pv-tm-differential.test.ts).
    expect(seen).toEqual(["branch 0", "failure 486 null"]);
  });

  it("t_relay consumes the armed branch route and the R-URI: the failure route sees neither", async () => {
    const seen: unknown[] = [];
    await start({
      branch: () => seen.push(`branch ${KSR.tm.t_get_branch_index()}`),
      failure: () => {
        seen.push(KSR.tm.t_is_set("branch_route"), KSR.tm.t_relay());
      },
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    const out = h.send(uasReply(invite!, 404, "Not Found"), fromUas);
    // No new branch from the unchanged R-URI: t_relay fails, the 404 is relayed.
    expect(seen).toEqual(["branch 0", -1, -1]);
    expect(out.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 404 Not Found"]);
  });

  it("onreply and failure routes see the request's flags and the branch's flags", async () => {
    const seen: unknown[] = [];
    await start({
      beforeRelay: () => {
        KSR.setflag(3);
        KSR.setbflag(5);
      },
      onreply: () => {
        seen.push(`reply ${KSR.isflagset(3)} ${KSR.isbflagset(5)}`);
        KSR.setflag(4);
      },
      failure: () => seen.push(`failure ${KSR.isflagset(3)} ${KSR.isflagset(4)} ${KSR.isbflagset(5)}`),
    });
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 486, "Busy Here"), fromUas);
    expect(seen).toEqual(["reply true true", "failure true true true"]);
  });

  it("t_is_set reports armed routes", async () => {
    const seen: unknown[] = [];
    await start({
      beforeRelay: () => {
        seen.push(KSR.tm.t_is_set("failure_route"));
        KSR.tm.t_on_failure("ksr_failure_manage");
        seen.push(KSR.tm.t_is_set("failure_route"), KSR.tm.t_is_set("branch_route"));
      },
    });
    h.send(uacRequest(), fromUac);
    expect(seen).toEqual([-1, 1, -1]);
  });
});

describe("CANCEL", () => {
  it("answers 200 canceling, CANCELs the ringing branch hop by hop, relays the 487", async () => {
    let canceled: unknown = null;
    await start({ failure: () => (canceled = KSR.tm.t_is_canceled()) });
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 180, "Ringing"), fromUas);
    const out = h.send(uacRequest({ method: "CANCEL", extra: ["Reason: Q.850;cause=16"] }), fromUac);
    expect(out.map(firstLine)).toEqual([`CANCEL sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 200 canceling"]);
    const cancel = out[0]!;
    expect(cancel.address).toBe(UAS);
    expect(vias(cancel)).toEqual([vias(invite)[0]]);
    expect(cancel.msg?.headerValue("CSeq")).toBe("1 CANCEL");
    expect(cancel.msg?.headerValue("Reason")).toBe("Q.850;cause=16");
    // The UAS answers the CANCEL (absorbed) and the INVITE with 487 (ACKed, relayed).
    expect(h.send(uasReply(cancel, 200, "OK"), fromUas)).toEqual([]);
    const r = h.send(uasReply(invite!, 487, "Request Terminated"), fromUas);
    expect(r.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 487 Request Terminated"]);
    expect(canceled).toBe(1);
  });

  it("matches a CANCEL only with the INVITE's Call-ID and CSeq number, not by branch alone (Kamailio hashes on them)", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    h.send(uasReply(invite!, 180, "Ringing"), fromUas);
    expect(h.send(uacRequest({ method: "CANCEL", callId: "another-call" }), fromUac)).toEqual([]);
    expect(h.send(uacRequest({ method: "CANCEL", cseq: 2 }), fromUac)).toEqual([]);
    expect(h.send(uacRequest({ method: "CANCEL" }), fromUac).map(firstLine)).toEqual([`CANCEL sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 200 canceling"]);
  });

  it("sends the CANCEL only once the branch has a provisional reply", async () => {
    await start();
    const [, invite] = h.send(uacRequest(), fromUac);
    expect(h.send(uacRequest({ method: "CANCEL" }), fromUac).map(firstLine)).toEqual(["SIP/2.0 200 canceling"]);
    // The 1xx of a canceled branch only triggers the CANCEL; it is not relayed (checked against Kamailio).
    const out = h.send(uasReply(invite!, 180, "Ringing"), fromUas);
    expect(out.map(firstLine)).toEqual([`CANCEL sip:bob@${UAS}:5070 SIP/2.0`]);
    // A second 1xx gets the same CANCEL again.
    expect(h.send(uasReply(invite!, 183, "Session Progress"), fromUas).map(firstLine)).toEqual([`CANCEL sip:bob@${UAS}:5070 SIP/2.0`]);
  });

  it("t_check_trans on a CANCEL without INVITE transaction is -1", async () => {
    await start();
    expect(h.send(uacRequest({ method: "CANCEL" }), fromUac)).toEqual([]);
  });
});

describe("forking", () => {
  /** Adds a destination-set branch to the message being routed (what append_branch/lookup do). */
  const fork = (uri: string) => () => {
    const ctx = h.engine.current;
    if (ctx === null) throw new Error("no message");
    appendBranch(ctx, { uri, dstUri: null, path: null, q: Q_UNSPECIFIED, flags: 0, socket: null, instance: null, ruid: null, userAgent: null });
  };

  it("sends one INVITE per branch, relays the 2xx and CANCELs the other ringing branch", async () => {
    await start({ beforeRelay: fork(`sip:carol@${UAS2}:5070`) });
    const out = h.send(uacRequest(), fromUac);
    expect(out.map((s) => `${firstLine(s)} → ${s.address}`)).toEqual([
      "SIP/2.0 100 trying -- your call is important to us → 127.0.70.2",
      `INVITE sip:bob@${UAS}:5070 SIP/2.0 → ${UAS}`,
      `INVITE sip:carol@${UAS2}:5070 SIP/2.0 → ${UAS2}`,
    ]);
    const [, b0, b1] = out;
    expect(vias(b0)[0]).toMatch(/\.0$/);
    expect(vias(b1)[0]).toMatch(/\.1$/);
    h.send(uasReply(b0!, 180, "Ringing"), fromUas);
    const ok = h.send(uasReply(b1!, 200, "OK", "c1"), { from: `${UAS2}:5070` });
    expect(ok.map((s) => `${firstLine(s)} → ${s.address}`)).toEqual([`SIP/2.0 200 OK → ${UAC}`, `CANCEL sip:bob@${UAS}:5070 SIP/2.0 → ${UAS}`]);
    expect(ok[1]!.msg?.headerValue("Reason")).toBe('SIP;cause=200;text="Call completed elsewhere"');
    // The canceled branch's 487 is ACKed and not relayed.
    expect(h.send(uasReply(b0!, 487, "Request Terminated"), fromUas).map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`]);
  });

  it("waits for every branch and relays the best negative reply (404 beats 486)", async () => {
    await start({ beforeRelay: fork(`sip:carol@${UAS2}:5070`) });
    const [, b0, b1] = h.send(uacRequest(), fromUac);
    expect(h.send(uasReply(b0!, 486, "Busy Here"), fromUas).map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`]);
    const out = h.send(uasReply(b1!, 404, "Not Found", "c1"), { from: `${UAS2}:5070` });
    expect(out.map(firstLine)).toEqual([`ACK sip:carol@${UAS2}:5070 SIP/2.0`, "SIP/2.0 404 Not Found"]);
  });

  it("a 6xx cancels the pending branches and wins over their 487", async () => {
    await start({ beforeRelay: fork(`sip:carol@${UAS2}:5070`) });
    const [, b0, b1] = h.send(uacRequest(), fromUac);
    h.send(uasReply(b1!, 180, "Ringing", "c1"), { from: `${UAS2}:5070` });
    const out = h.send(uasReply(b0!, 603, "Decline"), fromUas);
    expect(out.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, `CANCEL sip:carol@${UAS2}:5070 SIP/2.0`]);
    expect(out[1]!.msg?.headerValue("Reason")).toBe("SIP;cause=603");
    const end = h.send(uasReply(b1!, 487, "Request Terminated", "c1"), { from: `${UAS2}:5070` });
    expect(end.map(firstLine)).toEqual([`ACK sip:carol@${UAS2}:5070 SIP/2.0`, "SIP/2.0 603 Decline"]);
  });
});

describe("onsend_route", () => {
  it("runs for each branch; a dropped branch is not sent and never picked", async () => {
    await start({
      beforeRelay: () => {
        const ctx = h.engine.current!;
        appendBranch(ctx, { uri: `sip:carol@${UAS2}:5070`, dstUri: null, path: null, q: Q_UNSPECIFIED, flags: 0, socket: null, instance: null, ruid: null, userAgent: null });
      },
      onsend: () => {
        if (KSR.pv.get("$snd(ip)") === UAS2) KSR.x.drop();
      },
    });
    const out = h.send(uacRequest(), fromUac);
    expect(out.map((s) => `${firstLine(s)} → ${s.address}`)).toEqual([
      `SIP/2.0 100 trying -- your call is important to us → ${UAC}`,
      `INVITE sip:bob@${UAS}:5070 SIP/2.0 → ${UAS}`,
    ]);
    const r = h.send(uasReply(out[1]!, 486, "Busy Here"), fromUas);
    expect(r.map(firstLine)).toEqual([`ACK sip:bob@${UAS}:5070 SIP/2.0`, "SIP/2.0 486 Busy Here"]);
  });

  it("answers 477 after the route when every branch was dropped there", async () => {
    await start({ onsend: () => KSR.x.drop() });
    const out = h.send(uacRequest(), fromUac);
    expect(out.map(firstLine)).toEqual([
      "SIP/2.0 100 trying -- your call is important to us",
      expect.stringMatching(/^SIP\/2\.0 500 .*\/SL\)$/),
      "SIP/2.0 477 Unfortunately error on sending to next hop occurred (477/TM)",
    ]);
  });
});

describe("TCP", () => {
  it("does not retransmit over TCP and answers on the incoming connection", async () => {
    h = await createHarness({
      ...tmRouting({ modparams: [{ module: "tm", name: "fr_timer", value: 2000 }] }),
      config: {
        ...tmRouting().config,
        modparams: [{ module: "tm", name: "fr_timer", value: 2000 }],
        listen: [{ proto: "tcp", host: PROXY, port: 5060 }],
      },
    });
    const req = uacRequest({ method: "OPTIONS", ruri: `sip:bob@${UAS}:5070;transport=tcp` }).replace("SIP/2.0/UDP", "SIP/2.0/TCP");
    const out = h.send(req, { ...fromUac, proto: "tcp", connectionId: 7 });
    expect(out.map((s) => `${s.proto} ${firstLine(s)}`)).toEqual([`tcp OPTIONS sip:bob@${UAS}:5070;transport=tcp SIP/2.0`]);
    expect(vias(out[0])[0]).toMatch(/^Via: SIP\/2\.0\/TCP /);
    const before = h.sent.length;
    vi.advanceTimersByTime(2000);
    const after = h.sent.slice(before);
    expect(after.map((s) => `${s.proto} ${firstLine(s)} #${s.connectionId}`)).toEqual(["tcp SIP/2.0 408 Request Timeout #7"]);
  });
});
