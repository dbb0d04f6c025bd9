// textops: each case of fixtures/runtime/modules/textops.json was run on Kamailio 5.6.3 with
// app_jsdt by capture-kemi.mjs; kemits must return the same values and send the same messages
// (only the branch of the Via a relaying server adds may differ).
import { describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiCase, withoutTopViaBranch } from "./routing.js";

const fixture = loadKemiFixture("textops");

describe("textops (Kamailio 5.6.3)", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ours = await runKemiCase(fixture, c);
    expect(ours.results).toEqual(c.kamailio.results);
    expect(ours.messages.map(withoutTopViaBranch)).toEqual(c.kamailio.messages.map(withoutTopViaBranch));
  });
});
