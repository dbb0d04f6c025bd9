// acc's log records on real Kamailio 5.6.3 and on kemits: the default kamailio.cfg (with the
// conformance suite's short tm timers) and a few of the conformance scenarios, replayed on their
// own addresses (127.0.75.x proxy, 127.0.76.x / 127.0.77.x peers). The ACC lines each server
// logged must be the same once what differs from run to run is masked: the timestamp, sipp's
// process id in tags and Call-IDs, and the request-dependent suffix of tm's own to-tag.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROXY_FIXTURES, runScenario } from "../support/conformance/run-scenario.js";
import { type ConformanceScenario, SCENARIOS } from "../support/conformance/scenarios.js";
import { kamailio, kemits, type ServerUnderTest } from "../support/conformance/server-under-test.js";
import { killAllSipp } from "../support/conformance/sipp.js";
import { requireSipp } from "../support/tools.js";

const CFG = join(PROXY_FIXTURES, "default-cfg.cfg");
const ADDRESS_BASE = 75;

/** `LEVEL: acc [file:line]: function(): ACC: …` of every ACC line, the log prefix between level and origin dropped. */
function accLines(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split("\n")) {
    const m = /^\s*\d+\(\d+\) (\w+): .*?(acc \[acc\.c:\d+\]: acc_log_request\(\): ACC: .*)$/.exec(line);
    if (m) out.push(`${m[1]}: ${normalise(m[2]!)}`);
  }
  return out;
}

function normalise(line: string): string {
  return line
    .replace(/timestamp=\d+/, "timestamp=<ts>")
    .replace(/=\d+(caller|callee\d*)\b/g, "=<pid>$1")
    .replace(/call_id=(\d+)-\d+@/, "call_id=$1-<pid>@")
    .replace(/to_tag=([0-9a-f]{32})-[0-9a-f]+/, "to_tag=$1-<crc>");
}

/** The ACC lines `server` logged for the scenario, and its log (for failure messages). */
async function accOf(s: ConformanceScenario, server: ServerUnderTest): Promise<{ lines: string[]; log: string }> {
  const r = await runScenario(s, server, CFG);
  const failed = r.runs.filter((x) => x.exit.code !== 0).map((x) => `${x.endpoint} ${x.sipp}: ${x.exit.output.slice(-400)}`);
  expect(failed, `${server.name}: sipp runs failed; server log:\n${r.serverLog.slice(-3000)}`).toEqual([]);
  return { lines: accLines(r.serverLog), log: r.serverLog };
}

const scenario = (name: string): ConformanceScenario => ({ ...SCENARIOS.find((s) => s.name === name)!, addressBase: ADDRESS_BASE });

/** The records Kamailio writes (checked by hand against acc_logic.c); `<n>` is the scenario's slot, the last octet of its addresses. */
const EXTRA = "src_user=caller;src_domain=127.0.75.<n>;src_ip=127.0.76.<n>;dst_ouser=bob;dst_user=bob;dst_domain=127.0.77.<n>";
const ANSWERED = "NOTICE: acc [acc.c:287]: acc_log_request(): ACC: transaction answered: timestamp=<ts>";
const MISSED = "NOTICE: acc [acc.c:287]: acc_log_request(): ACC: call missed: timestamp=<ts>";
const CASES: readonly { name: string; expected: (n: number) => string[] }[] = [
  {
    // INVITE answered, then the BYE (log flag and failed-transaction flag) answered.
    name: "call",
    expected: (n) => [
      `${ANSWERED};method=INVITE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=200;reason=OK;${EXTRA}`,
      `${ANSWERED};method=BYE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=200;reason=OK;${EXTRA}`,
    ],
  },
  {
    // 486 from the callee: missed (TMCB_ON_FAILURE, before failure_route); not answered, no failed flag on INVITEs.
    name: "busy",
    expected: (n) => [`${MISSED};method=INVITE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=486;reason=Busy Here;${EXTRA}`],
  },
  {
    // The callee's 487 after the caller's CANCEL (CANCELs themselves are not accounted: report_cancels 0).
    name: "cancel",
    expected: (n) => [`${MISSED};method=INVITE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=487;reason=Request Terminated;${EXTRA}`],
  },
  {
    // Two phones ring, the second answers: the record names the answering branch (dst_domain), not the first.
    name: "parallel-fork",
    expected: (n) => [
      `${ANSWERED};method=INVITE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=200;reason=OK;${EXTRA.replace("127.0.77", "127.0.78")}`,
      `${ANSWERED};method=BYE;from_tag=<pid>caller;to_tag=<pid>callee1;call_id=1-<pid>@127.0.76.${n};code=200;reason=OK;${EXTRA.replace("127.0.77", "127.0.78")}`,
    ],
  },
  {
    // The INVITE has the accounting flag, but the 404 is sent statelessly (no transaction): nothing is accounted.
    name: "unknown-user",
    expected: () => [],
  },
  {
    // fr_inv_timer: a 408 tm makes itself, with tm's own to-tag.
    name: "no-answer",
    expected: (n) => [expect.stringMatching(new RegExp(`^${MISSED.replace(/[[\]().]/g, "\\$&")};method=INVITE;from_tag=<pid>caller;to_tag=[0-9a-f]{32}-<crc>;call_id=1-<pid>@127\\.0\\.76\\.${n};code=408;reason=Request Timeout;`)) as unknown as string],
  },
];

afterAll(() => killAllSipp());

describe("acc log records of the default kamailio.cfg, Kamailio 5.6.3 and kemits", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      requireSipp();
      const s = scenario(c.name);
      const native = await accOf(s, kamailio);
      const extra = (line: string) => line.replace(/<n>/g, String(s.slot));
      expect(native.lines, `Kamailio's log:\n${native.log.slice(-4000)}`).toEqual(c.expected(s.slot).map((l) => (typeof l === "string" ? extra(l) : l)));
      const ours = await accOf(s, kemits);
      expect(ours.lines, `kemits' log:\n${ours.log.slice(-4000)}`).toEqual(native.lines);
    }, 60_000);
  }
});
