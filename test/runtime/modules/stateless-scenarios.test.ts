// The stateless scenarios that call this area's modules (maxfwd, textops), played against real
// Kamailio 5.6.3 on the native cfg and against the kemits runtime on the same cfg: the replies
// must be the same after `normalize` (tags and Server). Addresses 127.0.61–63.x (this suite's range).
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRoutingModule } from "../../../src/runtime/engine/load-routing.js";
import { startServer } from "../../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../../src/runtime/modules/index.js";
import { problems, relocateScenario, removeDir, runScenario } from "../../differential/run.js";
import { nativeKamailio, type ServerUnderTest } from "../../differential/servers.js";

const SUITE = resolve(import.meta.dirname, "../../../fixtures/sip/stateless");

const kemitsRuntime: ServerUnderTest = {
  name: "kemits runtime",
  async start(cfg) {
    const logs: string[] = [];
    const server = await startServer(await loadRoutingModule(cfg), { modules: BUILTIN_MODULES, logSink: (l) => logs.push(l) });
    return { log: () => logs.join(""), stop: () => server.stop() };
  },
};

describe("stateless scenarios on the kemits runtime vs Kamailio 5.6.3", () => {
  it.each([
    ["max-forwards", 61],
    ["headers", 62],
    ["regex", 63],
  ] as const)("%s", async (name, octet) => {
    const { scenario, serverIp, uacIp, dir } = relocateScenario(join(SUITE, name), octet);
    try {
      const native = await runScenario(nativeKamailio, scenario, scenario.cfg, serverIp, uacIp);
      const ours = await runScenario(kemitsRuntime, scenario, scenario.cfg, serverIp, uacIp);
      expect(native.exchanges.some((e) => e.replies.length > 0)).toBe(true);
      expect(ours.exchanges, `kemits differs; its log:\n${problems(ours.log)}`).toEqual(native.exchanges);
    } finally {
      removeDir(dir);
    }
  }, 30_000);
});
