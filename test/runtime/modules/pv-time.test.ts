// The time pseudo-variables' pieces that a Kamailio run cannot pin down: strftime against glibc's
// own output (python3's time.strftime in UTC, the C locale Kamailio runs in) for fixed times, and a
// message's time staying the same for the whole message while the current time moves on.
import { describe, expect, it } from "vitest";
import { breakDown, format } from "../../../src/runtime/modules/pv/strftime.js";
import { harness, request } from "./routing.js";

// [epoch, format, what glibc's strftime gives for gmtime(epoch)]
const GLIBC: readonly [number, string, string][] = [
  [1700000000, "%a %A %b %B %h %e %u %w %D %F %T %R %I %p %y", "Tue Tuesday Nov November Nov 14 2 2 11/14/23 2023-11-14 22:13:20 22:13 10 PM 23"],
  [1700000000, "%c|%x|%X|%r|%G-%V-%g|%U|%W|%j|%s|%z|%Z|%C|%P", "Tue Nov 14 22:13:20 2023|11/14/23|22:13:20|10:13:20 PM|2023-46-23|46|46|318|1700000000|+0000|GMT|20|pm"],
  [1700000000, "%5d|%-d|%_m|%^a|%#b|%10Y|%k|%l|%-5d|%05e|%_5H|%3a|%#Z|%^Z|%8B|%08B", "00014|14|11|TUE|NOV|0000002023|22|10|   14|00014|   22|Tue|gmt|GMT|November|November"],
  [1704067199, "%G-W%V-%u %U %W %j", "2023-W52-7 53 52 365"],
  [1704067200, "%G-W%V-%u %U %W %j", "2024-W01-1 00 01 001"],
  [1609459200, "%G-W%V-%u %g %U %W", "2020-W53-5 20 00 00"],
  [951782400, "%F %j %a", "2000-02-29 060 Tue"],
  [1700000000, "%Q|%Ey|%Od|%+|%E|%", "%Q|23|14|%+|%E|%"],
  [0, "%5%|%-%|%n%t|%I %l %p", "    %|%|\n\t|12 12 AM"],
];

describe("strftime (glibc, C locale)", () => {
  for (const [epoch, fmt, want] of GLIBC) {
    it(`${fmt} at ${epoch}`, () => {
      expect(format(fmt, breakDown(epoch, true))).toBe(want);
    });
  }
});

describe("message time and current time", () => {
  it("keeps $Ts, $TV(s), $TV(u) and $time(...) for the message, while $TV(Sn) and $TV(sn) move on", async () => {
    const seen: unknown[][] = [];
    const h = await harness({
      modules: ["sl"],
      listen: "127.0.122.10",
      request: (ksr) => {
        const read = () => ["$Ts", "$TV(s)", "$TV(u)", "$Tf", "$utimef(%H:%M:%S)", "$TV(Sn)"].map((n) => ksr.pv.get(n));
        const first = read();
        const until = Date.now() + 5;
        while (Date.now() < until) {
          // Time passes within the route.
        }
        seen.push(first, read());
        ksr.sl.sl_send_reply(200, "OK");
      },
    });
    h.send(request());
    const [first, second] = seen as [unknown[], unknown[]];
    expect(second.slice(0, 5)).toEqual(first.slice(0, 5));
    expect(second[5]).not.toBe(first[5]);
    expect(Math.abs((first[0] as number) - Date.now() / 1000)).toBeLessThan(2);
    // A new message has a time of its own.
    h.send(request());
    expect(seen).toHaveLength(4);
    expect(seen[2]![2]).not.toBe(first[2]);
    await h.close();
  });

  it("gives $TV(un) the microseconds of the last $TV(sn), 0 before any", async () => {
    const got: unknown[] = [];
    const h = await harness({
      modules: ["sl"],
      listen: "127.0.122.11",
      request: (ksr) => {
        got.push(ksr.pv.get("$TV(un)"));
        const sn = ksr.pv.get("$TV(sn)") as number;
        const un = ksr.pv.get("$TV(un)") as number;
        got.push(Math.abs(sn + un / 1e6 - Date.now() / 1000) < 1, un === ksr.pv.get("$TV(un)"));
        ksr.sl.sl_send_reply(200, "OK");
      },
    });
    h.send(request());
    expect(got).toEqual([0, true, true]);
    await h.close();
  });
});
