// sanity: each case of fixtures/runtime/modules/sanity*.json was run on Kamailio 5.6.3 with app_jsdt
// by capture-kemi.mjs (autodrop 0, proxy_require "foo, bar"; the second file with noreply 1);
// kemits must return the same values and send the same replies, byte for byte.
import { describe, expect, it } from "vitest";
import { type KemiFixture, loadKemiFixture, runKemiCase } from "./routing.js";

function suite(fixture: KemiFixture): void {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ours = await runKemiCase(fixture, c);
    if (c.kamailio.results !== null) expect(ours.results).toEqual(c.kamailio.results);
    expect(ours.messages).toEqual(c.kamailio.messages);
  });
}

describe("sanity (Kamailio 5.6.3)", () => suite(loadKemiFixture("sanity")));
describe("sanity with noreply (Kamailio 5.6.3)", () => suite(loadKemiFixture("sanity-noreply")));

describe("sanity required headers (Kamailio 5.6.3, native sanity_check(\"4\", \"1\"))", () => {
  // Kamailio's strict header parser refuses a second From, To, Call-ID or CSeq when sanity parses
  // all headers: the check fails and no reply can be sent. Observed with a native route
  // `if (!sanity_check("4", "1")) exit; sl_send_reply("200", "ok");`: no reply to any of these.
  it.each(["From: <sip:carol@x>;tag=z", "To: <sip:x@y>", "Call-ID: other", "CSeq: 5 OPTIONS"])("a second %s fails silently", async (dup) => {
    const fixture = loadKemiFixture("sanity");
    const base = fixture.cases[0]!;
    const request = base.request.replace("Content-Length:", `${dup}\r\nContent-Length:`).replace(/Proxy-Require[^\r]*\r\n|Expires[^\r]*\r\n|Contact[^\r]*\r\n|Authorization[^\r]*\r\n/g, "");
    const ours = await runKemiCase(fixture, { ...base, request, snippets: ["KSR.sanity.sanity_check(4, 1)"] });
    expect(ours.results).toEqual(["-1"]);
    // Only the route's own 200 is sent: sanity itself sent nothing.
    expect(ours.messages.map((m) => m.split("\r\n")[0])).toEqual(["SIP/2.0 200 OK"]);
  });
});
