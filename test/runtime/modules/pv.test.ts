// pv: each case of fixtures/runtime/modules/pv.json was run, in order, on one Kamailio 5.6.3 with
// app_jsdt by capture-kemi.mjs; kemits must return the same values. Time values differ from run to
// run, so their cases check types, formats and relations (to the clock and to each other) instead.
import { describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiSequence } from "./routing.js";

const fixture = loadKemiFixture("pv");

describe("pv classes (Kamailio 5.6.3)", () => {
  it("every case, in order, in one server", async () => {
    const ours = await runKemiSequence(fixture);
    for (const [i, c] of fixture.cases.entries()) {
      expect({ name: c.name, results: ours[i]!.results }).toEqual({ name: c.name, results: c.kamailio.results });
    }
  });
});
