// acc in-process: start-up checks of its modparams (Kamailio's mod_init refusals, and the backends
// kemits does not have), and KSR.acc.acc_log_request / acc_request. The records a transaction
// writes are compared with real Kamailio in acc-differential.test.ts and test/differential/acc.test.ts.
import { describe, expect, it } from "vitest";
import { harness, request } from "../routing.js";

type Modparam = { module: string; name: string; value: number | string };

const LISTEN = "127.0.73.1";

function accHarness(modparams: readonly Modparam[], route: (ksr: typeof KSR) => void = () => {}) {
  return harness({ modules: ["tm", "sl", "pv", "acc"], modparams, listen: LISTEN, request: route, core: { debug: 2 } });
}

async function startError(modparams: readonly Modparam[]): Promise<string> {
  try {
    const h = await accHarness(modparams);
    await h.close();
    return "(started)";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("acc start-up", () => {
  it("starts with the default kamailio.cfg's acc settings", async () => {
    const h = await accHarness([
      { module: "acc", name: "early_media", value: 0 },
      { module: "acc", name: "report_ack", value: 0 },
      { module: "acc", name: "report_cancels", value: 0 },
      { module: "acc", name: "detect_direction", value: 0 },
      { module: "acc", name: "log_flag", value: 1 },
      { module: "acc", name: "log_missed_flag", value: 2 },
      { module: "acc", name: "log_extra", value: "src_user=$fU;src_domain=$fd;src_ip=$si;dst_ouser=$tU;dst_user=$rU;dst_domain=$rd" },
      { module: "acc", name: "failed_transaction_flag", value: 3 },
      // Database settings do nothing without db_url, in Kamailio too.
      { module: "acc", name: "db_flag", value: 1 },
      { module: "acc", name: "db_extra", value: "src_user=$fU" },
    ]);
    expect(h.logs).toEqual([]);
    await h.close();
  });

  // Kamailio's mod_init messages (acc_mod.c, acc_extra.c).
  it.each([
    [{ name: "log_flag", value: 32 }, "log_flag set to invalid value"],
    [{ name: "failed_transaction_flag", value: -2 }, "failed_transaction_flag set to invalid value"],
    [{ name: "failed_filter", value: "404,2000" }, "failed to parse failed_filter param"],
    [{ name: "failed_filter", value: "200" }, "failed to parse failed_filter param"],
    [{ name: "log_extra", value: "a=$fU;" }, "failed to parse log_extra param: parse failed in <a=$fU;>"],
    [{ name: "log_extra", value: "a=fU" }, "failed to parse log_extra param"],
    [{ name: "log_extra", value: "a=$nosuchpv" }, "failed to parse log_extra param"],
    [{ name: "log_facility", value: "LOG_NOPE" }, "invalid log facility configured"],
    [{ name: "cdr_enable", value: 2 }, "cdr_enable is out of range"],
  ])("refuses %o", async (p, message) => {
    expect(await startError([{ module: "acc", ...p }])).toContain(message);
  });

  it("counts extras against acc_extra_size", async () => {
    const extras = [
      { module: "acc", name: "acc_extra_size", value: 2 },
      { module: "acc", name: "log_extra", value: "a=$fU;b=$tU;c=$rU" },
    ];
    expect(await startError(extras)).toContain("too many extras");
  });

  // What kemits cannot do stops start-up rather than losing records silently.
  it.each([
    [{ name: "db_url", value: "mysql://kamailio:pw@localhost/kamailio" }, 'modparam("acc", "db_url", …) enables database accounting'],
    [{ name: "cdr_enable", value: 1 }, 'modparam("acc", "cdr_enable", 1) enables dialog CDRs'],
    [{ name: "report_ack", value: 1 }, 'modparam("acc", "report_ack", 1) accounts e2e ACKs'],
    [{ name: "detect_direction", value: 1 }, "detect_direction"],
    [{ name: "multi_leg_info", value: "dst=$avp(dst)" }, "multi_leg_info"],
  ])("does not pretend to honour %o", async (p, message) => {
    const error = await startError([{ module: "acc", ...p }]);
    expect(error).toContain(message);
    expect(error).toContain("not supported by kemits");
  });

  it("takes time_mode 3 with the default format, refuses a format it cannot write", async () => {
    expect(await startError([{ module: "acc", name: "time_mode", value: 3 }])).toBe("(started)");
    const error = await startError([
      { module: "acc", name: "time_mode", value: 4 },
      { module: "acc", name: "time_format", value: "%a %b %e" },
    ]);
    expect(error).toContain("time_format conversion %a is not supported by kemits");
  });
});

describe("KSR.acc.acc_log_request", () => {
  const record = (line: string) => line.replace(/^ 0\(\d+\) /, "").replace(/timestamp=\d+/, "timestamp=<s>");

  it("writes a request record at log_level, with the code split off the comment", async () => {
    const results: number[] = [];
    const h = await accHarness([{ module: "acc", name: "log_extra", value: "ru=$ru;ua=$hdr(User-Agent)" }], (ksr) => {
      results.push(ksr.acc.acc_log_request("404  Not here"), ksr.acc.acc_log_request("4x4 no code"), ksr.acc.acc_request("200 Both", "acc"));
    });
    h.send(request());
    await h.close();
    expect(results).toEqual([1, 1, 1]);
    const head = "NOTICE: acc [acc.c:287]: acc_log_request(): ACC: request accounted: timestamp=<s>;method=OPTIONS;from_tag=f1;to_tag=;call_id=call-1@test";
    expect(h.logs.map(record)).toEqual([
      `${head};code=404;reason=Not here;ru=sip:alice@127.0.60.1;ua=`,
      `${head};code=;reason=4x4 no code;ru=sip:alice@127.0.60.1;ua=`,
      `${head};code=200;reason=Both;ru=sip:alice@127.0.60.1;ua=`,
    ]);
  });

  it("refuses an empty comment and one with a variable, as ki_acc_log_request does", async () => {
    const results: number[] = [];
    const h = await accHarness([], (ksr) => {
      results.push(ksr.acc.acc_log_request(""), ksr.acc.acc_log_request("200 $ru"));
    });
    h.send(request());
    await h.close();
    expect(results).toEqual([-1, -1]);
    expect(h.logs.map(record)).toEqual([
      "ERROR: acc [acc_logic.c:233]: acc_param_parse(): invalid parameters",
      "ERROR: acc [acc_logic.c:258]: ki_acc_log_request(): failed execution",
      "ERROR: acc [acc_logic.c:241]: acc_param_parse(): cfg variable detected - not supported",
      "ERROR: acc [acc_logic.c:258]: ki_acc_log_request(): failed execution",
    ]);
  });

  it("is silent when log_level is above debug (2)", async () => {
    const h = await accHarness([{ module: "acc", name: "log_level", value: 3 }], (ksr) => {
      ksr.acc.acc_log_request("200 ok");
    });
    h.send(request());
    await h.close();
    expect(h.logs).toEqual([]);
  });
});
