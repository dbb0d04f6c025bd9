// kex: setdebug/resetdebug change the process-local log level (Kamailio 5.6.3 kex_mod.c and
// core/dprint.c: set_local_debug_level / reset_local_debug_level, never reset per message).
import { describe, expect, it } from "vitest";
import { harness, request } from "./routing.js";

describe("kex (Kamailio 5.6.3)", () => {
  it("setdebug raises the level for later messages too; resetdebug returns to the configured one", async () => {
    const steps = ["set", "still", "reset"];
    let n = 0;
    const codes: number[] = [];
    const h = await harness({
      modules: ["sl", "kex"],
      listen: "127.0.60.12",
      core: { debug: 1 },
      request: (ksr) => {
        const step = steps[n++];
        if (step === "set") codes.push(ksr.kex.setdebug(3));
        if (step === "reset") codes.push(ksr.kex.resetdebug());
        ksr.dbg(`debug line ${step}\n`);
      },
    });
    for (let i = 0; i < steps.length; i++) h.send(request());
    expect(codes).toEqual([1, 1]);
    const lines = h.logs.filter((l) => l.includes("debug line"));
    expect(lines.map((l) => l.replace(/^.*debug line /, ""))).toEqual(["set", "still"]);
    await h.close();
  });
});
