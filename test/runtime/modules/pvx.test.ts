// pvx: each case of fixtures/runtime/modules/pvx.json was run, in order, on one Kamailio 5.6.3 with
// app_jsdt by capture-kemi.mjs; kemits must return the same values. The cases run in order in one
// server here too, since $var keeps its value from one message to the next.
import { describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiSequence } from "./routing.js";

const fixture = loadKemiFixture("pvx");

describe("pvx (Kamailio 5.6.3)", () => {
  it("every case, in order, in one server", async () => {
    const ours = await runKemiSequence(fixture);
    for (const [i, c] of fixture.cases.entries()) {
      expect({ name: c.name, results: ours[i]!.results }).toEqual({ name: c.name, results: c.kamailio.results });
      expect(ours[i]!.messages).toEqual(c.kamailio.messages);
    }
  });
});
