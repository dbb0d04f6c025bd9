// How one endpoint's sipp trace becomes transcript lines: only what it received, with addresses,
// tags, branches, Call-IDs and expiry times made comparable between two servers.
import { describe, expect, it } from "vitest";
import { Normalizer, receivedMessages } from "../support/conformance/transcript.js";

const DASHES = "----------------------------------------------- 2026-11-27 07:48:10.293963";

function trace(entries: [string, string][]): string {
  return entries.map(([what, msg]) => `${DASHES}\n${what}\n\n${msg.replace(/\n/g, "\r\n")}\n\n`).join("");
}

describe("receivedMessages", () => {
  it("keeps received messages in order and drops sent ones", () => {
    const text = trace([
      ["UDP message sent (294 bytes):", "REGISTER sip:127.0.91.1 SIP/2.0\nCSeq: 1 REGISTER"],
      ["UDP message received [355] bytes :", "SIP/2.0 100 Trying\nCSeq: 1 REGISTER"],
      ["UDP message received [355] bytes :", "SIP/2.0 200 OK\nCSeq: 1 REGISTER"],
    ]);
    expect(receivedMessages(text).map((m) => m.split("\r\n")[0])).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 200 OK"]);
  });

  it("finds nothing in an empty trace", () => {
    expect(receivedMessages("")).toEqual([]);
  });
});

describe("Normalizer", () => {
  const roles = new Map([
    ["127.0.91.3", "proxy"],
    ["127.0.92.3", "caller"],
  ]);

  it("keeps the first line and the compared headers, in a fixed order, one list value per line", () => {
    const n = new Normalizer(roles);
    const msg = [
      "INVITE sip:bob@127.0.93.3:5060 SIP/2.0",
      "Max-Forwards: 69",
      "v: SIP/2.0/UDP 127.0.91.3;branch=z9hG4bKab.0, SIP/2.0/UDP 127.0.92.3:5060;rport=5060;branch=z9hG4bK-1-inv",
      "Record-Route: <sip:127.0.91.3;lr>",
      "User-Agent: whatever",
      "Server: kamailio (5.6.3 (x86_64/linux))",
      "i: 1-303@127.0.92.3",
      "",
      "body",
    ].join("\r\n");
    expect(n.message(msg)).toEqual([
      "<- INVITE sip:bob@127.0.93.3:5060 SIP/2.0",
      "   Via: SIP/2.0/UDP proxy;branch=<branch-1>",
      "   Via: SIP/2.0/UDP caller:5060;rport=5060;branch=<branch-2>",
      "   Record-Route: <sip:proxy;lr>",
      "   Max-Forwards: 69",
      "   Call-ID: <call-id-1>",
    ]);
  });

  it("numbers tags, branches and Call-IDs by first appearance, across messages", () => {
    const n = new Normalizer(roles);
    const reply = (tag: string, branch: string) =>
      `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.92.3:5060;branch=${branch}\r\nTo: <sip:bob@127.0.91.3>;tag=${tag}\r\nCall-ID: c@x`;
    const first = n.message(reply("aaa", "z9hG4bK-1"));
    const second = n.message(reply("bbb", "z9hG4bK-1"));
    expect(first.slice(1)).toEqual(["   Via: SIP/2.0/UDP caller:5060;branch=<branch-1>", "   To: <sip:bob@proxy>;tag=<tag-1>", "   Call-ID: <call-id-1>"]);
    expect(second.slice(1)).toEqual(["   Via: SIP/2.0/UDP caller:5060;branch=<branch-1>", "   To: <sip:bob@proxy>;tag=<tag-2>", "   Call-ID: <call-id-1>"]);
  });

  it("rounds contact expiry up to 10 s, so a binding listed a second later reads the same", () => {
    const n = new Normalizer(roles);
    const lines = n.message("SIP/2.0 200 OK\r\nContact: <sip:a@127.0.92.3>;expires=3599, <sip:a@127.0.92.3:5071>;q=0.5;expires=120");
    expect(lines.slice(1)).toEqual(["   Contact: <sip:a@caller>;expires=3600", "   Contact: <sip:a@caller:5071>;q=0.5;expires=120"]);
  });

  it("does not split a list at a comma inside <…> or quotes", () => {
    const n = new Normalizer(roles);
    const lines = n.message('SIP/2.0 200 OK\r\nContact: "Bob, Jr" <sip:b@127.0.92.3;x=a,b>');
    expect(lines.slice(1)).toEqual(['   Contact: "Bob, Jr" <sip:b@caller;x=a,b>']);
  });
});
