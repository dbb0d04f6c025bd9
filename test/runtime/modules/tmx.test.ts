// tmx's $T_* pseudo-variables in the request route: each case of fixtures/runtime/modules/tmx.json
// was run, in order, on one Kamailio 5.6.3 with app_jsdt by capture-kemi.mjs; kemits must return
// the same values and send the same replies. The transaction's label is random in both, so it is
// only compared with itself.
import { describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiSequence } from "./routing.js";

const fixture = loadKemiFixture("tmx");

describe("tmx pseudo-variables (Kamailio 5.6.3)", () => {
  it("every case, in order, in one server", async () => {
    const ours = await runKemiSequence(fixture);
    for (const [i, c] of fixture.cases.entries()) {
      expect({ name: c.name, results: ours[i]!.results }).toEqual({ name: c.name, results: c.kamailio.results });
      expect(ours[i]!.messages.map(firstLine)).toEqual(c.kamailio.messages.map(firstLine));
    }
  });
});

function firstLine(message: string): string {
  return message.slice(0, message.indexOf("\r\n"));
}
