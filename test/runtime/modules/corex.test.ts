// corex: each case of fixtures/runtime/modules/corex.json was run, in order, on one Kamailio 5.6.3
// with app_jsdt by capture-kemi.mjs; kemits must return the same values and send the same replies.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiSequence } from "./routing.js";

const fixture = loadKemiFixture("corex");

describe("corex (Kamailio 5.6.3)", () => {
  afterAll(() => rmSync("/tmp/kemits-corex-probe.txt", { force: true }));

  it("every case, in order, in one server", async () => {
    const ours = await runKemiSequence(fixture);
    for (const [i, c] of fixture.cases.entries()) {
      expect({ name: c.name, results: ours[i]!.results }).toEqual({ name: c.name, results: c.kamailio.results });
      expect(ours[i]!.messages).toEqual(c.kamailio.messages);
    }
  });
});
