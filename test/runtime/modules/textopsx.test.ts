// textopsx: each case of fixtures/runtime/modules/textopsx.json was run on Kamailio 5.6.3 with
// app_jsdt by capture-kemi.mjs; kemits must return the same values and send the same messages
// (only the branch of the Via a relaying server adds may differ).
import { describe, expect, it } from "vitest";
import { harness, loadKemiFixture, runKemiCase, withoutTopViaBranch } from "./routing.js";

const fixture = loadKemiFixture("textopsx");

describe("textopsx (Kamailio 5.6.3)", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ours = await runKemiCase(fixture, c);
    expect(ours.results).toEqual(c.kamailio.results);
    expect(ours.messages.map(withoutTopViaBranch)).toEqual(c.kamailio.messages.map(withoutTopViaBranch));
  });
});

describe("textopsx reply status (Kamailio 5.6.3, native reply_route)", () => {
  // Observed with a native reply_route calling change_reply_status / change_reply_status_code on
  // replies relayed statelessly through Kamailio 5.6.3: the relayed first line and the return code.
  const cases: [string, (ksr: typeof KSR) => number, string, number][] = [
    ["486 Busy Here", (k) => k.textopsx.change_reply_status(404, "Not Here"), "SIP/2.0 404 Not Here", 1],
    ["200 OK", (k) => k.textopsx.change_reply_status(404, "Nope"), "SIP/2.0 200 OK", -1],
    ["180 Ringing", (k) => k.textopsx.change_reply_status(183, "Progress"), "SIP/2.0 183 Progress", 1],
    ["480 Temporarily Unavailable", (k) => k.textopsx.change_reply_status_code(404), "SIP/2.0 404 Temporarily Unavailable", 1],
    ["500 Server Error", (k) => k.textopsx.change_reply_status(700, "Bad"), "SIP/2.0 500 Server Error", -1],
    ["603 Decline", (k) => k.textopsx.change_reply_status(302, "Moved"), "SIP/2.0 302 Moved", 1],
  ];
  it.each(cases)("%s", async (status, change, firstLine, rc) => {
    let got = 0;
    const h = await harness({
      modules: ["sl", "textopsx"],
      listen: "127.0.60.14",
      request: () => {},
      reply: (ksr) => {
        got = change(ksr);
      },
    });
    const reply = [
      `SIP/2.0 ${status}`,
      "Via: SIP/2.0/UDP 127.0.60.14:5060;branch=z9hG4bKsrv1",
      "Via: SIP/2.0/UDP 127.0.69.200:5099;branch=z9hG4bK-u1",
      "From: <sip:bob@127.0.69.200>;tag=f1",
      "To: <sip:alice@127.0.60.14>;tag=t1",
      "Call-ID: crs-1@test",
      "CSeq: 1 INVITE",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    const [relayed] = h.send(reply, { from: "127.0.69.201:5060" });
    expect(got).toBe(rc);
    expect(relayed?.text.split("\r\n")[0]).toBe(firstLine);
    await h.close();
  });
});
