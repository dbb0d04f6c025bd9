// A log_prefix with pseudo-variables, on real Kamailio 5.6.3 and on `kemits run` with the same cfg
// (fixtures/runtime/log-prefix): each line written while a message is routed carries the prefix
// expanded for that message, and lines written outside message processing carry none.
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { loadRoutingModule } from "../../src/runtime/engine/load-routing.js";
import { startServer } from "../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../src/runtime/modules/index.js";
import { startKamailio } from "../support/kamailio-process.js";
import { SipPeer } from "../support/sip-peer.js";

const CFG = resolve(import.meta.dirname, "../../fixtures/runtime/log-prefix/route.cfg");
const SERVER = "127.0.33.3";
const UAC = "127.0.33.100";

async function sendTwo(): Promise<void> {
  const uac = await SipPeer.bind(UAC, 5099);
  try {
    for (const n of [1, 2]) {
      await uac.send(
        `OPTIONS sip:user${n}@${SERVER} SIP/2.0\r\nVia: SIP/2.0/UDP ${UAC}:5099;branch=z9hG4bK-lp-${n}\r\nFrom: <sip:a@${UAC}>;tag=a${n}\r\nTo: <sip:user${n}@${SERVER}>\r\nCall-ID: prefix-call-${n}\r\nCSeq: ${n} OPTIONS\r\nContent-Length: 0\r\n\r\n`,
        SERVER,
        5060,
      );
      await uac.waitFor(n, 1000);
    }
  } finally {
    await uac.close();
  }
}

/** The lines from the level label on (process numbers and pids differ), those the script wrote. */
const scriptLines = (log: string) =>
  log
    .split("\n")
    .filter((l) => l.includes("<script>"))
    .map((l) => l.replace(/^\s*\d+\(\d+\) /, ""));

it("expands log_prefix per message, as Kamailio 5.6.3 does", async () => {
  const kamailio = await startKamailio(CFG, [`udp:${SERVER}:5060`]);
  try {
    await sendTwo();
  } finally {
    await kamailio.stop();
  }
  const kamailioLines = scriptLines(kamailio.log());
  expect(kamailioLines).toEqual([
    `INFO: {1 OPTIONS prefix-call-1} <script>: routing sip:user1@${SERVER}`,
    `INFO: {1 OPTIONS prefix-call-2} <script>: routing sip:user2@${SERVER}`,
  ]);

  const lines: string[] = [];
  const kemits = await startServer(await loadRoutingModule(CFG), { modules: BUILTIN_MODULES, logSink: (l) => lines.push(l) });
  try {
    await sendTwo();
  } finally {
    await kemits.stop();
  }
  expect(scriptLines(lines.join(""))).toEqual(kamailioLines);
  // Start-up and shutdown lines are written outside any message: no prefix, not the raw text.
  expect(lines.filter((l) => l.includes("<kemits>")).length).toBeGreaterThan(0);
  expect(lines.filter((l) => l.includes("{"))).toEqual(lines.filter((l) => l.includes("<script>")));
});
