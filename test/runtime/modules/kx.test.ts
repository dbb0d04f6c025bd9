// kemix (KSR.kx): each case of fixtures/runtime/modules/kemix.json was run on Kamailio 5.6.3 with
// app_jsdt by capture-kemi.mjs; kemits must return the same values (and send the same reply).
import { describe, expect, it } from "vitest";
import { loadKemiFixture, runKemiCase } from "./routing.js";

const fixture = loadKemiFixture("kemix");

describe("kemix (Kamailio 5.6.3)", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const ours = await runKemiCase(fixture, c);
    expect(ours.results).toEqual(c.kamailio.results);
    expect(ours.messages).toEqual(c.kamailio.messages);
  });

  it("get_timestamp is the current Unix time in seconds", async () => {
    const c = fixture.cases[0]!;
    const ours = await runKemiCase(fixture, { ...c, snippets: ["KSR.kx.get_timestamp()"] });
    expect(Math.abs(Number(ours.results[0]) - Date.now() / 1000)).toBeLessThan(5);
  });
});
