// maxfwd: every expected value below was observed on Kamailio 5.6.3 (max_limit 20, the route calls
// is_maxfwd_lt(10), process_maxfwd(10), reads $hdr(Max-Forwards), then repeats both calls).
import { describe, expect, it } from "vitest";
import { header, harness, request } from "./routing.js";

interface Seen {
  lt0: number;
  a: number;
  h1: string;
  lt: number;
  b: number;
}

async function run(mfLine: string | null): Promise<{ seen: Seen; forwarded: string }> {
  let seen: Seen | undefined;
  const h = await harness({
    modules: ["sl", "maxfwd"],
    modparams: [{ module: "maxfwd", name: "max_limit", value: 20 }],
    listen: "127.0.60.1",
    request: (ksr) => {
      const lt0 = ksr.maxfwd.is_maxfwd_lt(10);
      const a = ksr.maxfwd.process_maxfwd(10);
      const h1 = String(ksr.pv.get("$hdr(Max-Forwards)"));
      const lt = ksr.maxfwd.is_maxfwd_lt(10);
      const b = ksr.maxfwd.process_maxfwd(10);
      seen = { lt0, a, h1, lt, b };
      ksr.forward_uri("sip:127.0.60.2:5060");
    },
  });
  const sent = h.send(request({ headers: mfLine === null ? [] : [mfLine] }));
  await h.close();
  return { seen: seen!, forwarded: sent[0]?.text ?? "" };
}

describe("maxfwd (Kamailio 5.6.3)", () => {
  it.each([
    ["Max-Forwards: 70", { lt0: -1, a: 1, h1: "20", lt: -1, b: 1 }, "19"],
    ["Max-Forwards: 0", { lt0: 1, a: -1, h1: "0", lt: 1, b: -1 }, "0"],
    ["Max-Forwards: 1", { lt0: 1, a: 1, h1: "0", lt: 1, b: -1 }, "0"],
    ["Max-Forwards: 2", { lt0: 1, a: 1, h1: "1", lt: 1, b: 1 }, "0"],
    ["Max-Forwards: 15", { lt0: -1, a: 1, h1: "14", lt: -1, b: 1 }, "13"],
    ["Max-Forwards: 255", { lt0: -1, a: 1, h1: " 20", lt: -1, b: 1 }, " 19"],
    ["Max-Forwards: 0070", { lt0: -1, a: 1, h1: "  20", lt: -1, b: 1 }, "  19"],
    ["Max-Forwards: 99999", { lt0: -1, a: 1, h1: "   20", lt: -1, b: 1 }, "   19"],
    // str2s wraps like an unsigned short: 65537 is 1.
    ["Max-Forwards: 65537", { lt0: 1, a: 1, h1: "    0", lt: 1, b: -1 }, "    0"],
    ["Max-Forwards: abc", { lt0: -3, a: -2, h1: "abc", lt: -3, b: -2 }, "abc"],
    ["Max-Forwards:", { lt0: 1, a: -1, h1: "", lt: 1, b: -1 }, ""],
  ])("%s", async (line, expected, finalValue) => {
    const { seen, forwarded } = await run(line);
    expect(seen).toEqual(expected);
    // The decremented digits are rewritten in place: the forwarded request carries them.
    expect(forwarded).toContain(`\r\nMax-Forwards:${finalValue === "" ? "" : " "}${finalValue}\r\n`);
  });

  it("adds Max-Forwards: limit as the first header when absent, and returns 2 each time", async () => {
    const { seen, forwarded } = await run(null);
    expect(seen).toMatchObject({ lt0: -2, a: 2, lt: -2, b: 2 });
    // The added header is a lump: $hdr does not see it.
    expect(seen.h1).toBe("null");
    const lines = forwarded.split("\r\n");
    expect(lines[1]).toBe("Max-Forwards: 10");
    expect(lines[2]).toBe("Max-Forwards: 10");
  });

  it("refuses limits outside 0..255 with -1", async () => {
    let r: number[] = [];
    const h = await harness({
      modules: ["sl", "maxfwd"],
      listen: "127.0.60.1",
      request: (ksr) => {
        r = [ksr.maxfwd.process_maxfwd(256), ksr.maxfwd.process_maxfwd(-1), ksr.maxfwd.is_maxfwd_lt(300)];
      },
    });
    h.send(request({ headers: ["Max-Forwards: 70"] }));
    expect(r).toEqual([-1, -1, -1]);
    expect(h.logs.some((l) => l.includes("ERROR: maxfwd [maxfwd.c:126]: process_maxfwd_header(): invalid param value: 256"))).toBe(true);
    await h.close();
  });

  it("uses max_limit 70 by default", async () => {
    const h = await harness({
      modules: ["sl", "maxfwd"],
      listen: "127.0.60.1",
      request: (ksr) => {
        ksr.maxfwd.process_maxfwd(10);
        ksr.forward_uri("sip:127.0.60.2:5060");
      },
    });
    const [fwd] = h.send(request({ headers: ["Max-Forwards: 200"] }));
    // 200 > 70: taken as 71, then decremented, written over "200".
    expect(fwd?.text).toContain("\r\nMax-Forwards:  70\r\n");
    expect(header(fwd, "Max-Forwards")).toBe("70");
    await h.close();
  });
});
