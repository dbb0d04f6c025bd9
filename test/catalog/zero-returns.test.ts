import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// zero-returns.json is produced by scripts/catalog/scan-zero-returns.mjs from the Kamailio 5.6.3 sources.
// It says which int KEMI functions can return 0, i.e. where a native call would have ended the script.

interface ZeroVerdict {
  zero: "yes" | "no" | "maybe";
  evidence: string;
}
interface ZeroReturns {
  meta: { kamailio: string; method: string; counts: Record<ZeroVerdict["zero"], number> };
  functions: Record<string, ZeroVerdict>;
}
interface KemiRow {
  module: string;
  name: string;
  ret: string;
}

const ROOT = join(import.meta.dirname, "../..");
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const zero = readJson<ZeroReturns>(join(ROOT, "src/catalog/generated/zero-returns.json"));
const intKeys = (rows: KemiRow[]) => rows.filter((r) => r.ret === "int").map((r) => `${r.module}.${r.name}`);

describe("zero-returns.json", () => {
  it("covers every int KEMI function of the catalog and of the reference dump, and nothing else", () => {
    const catalog = intKeys(readJson<KemiRow[]>(join(ROOT, "src/catalog/generated/kemi-api.json")));
    const reference = intKeys(readJson<KemiRow[]>(join(import.meta.dirname, "../../../shared/reference/kemi-api-5.6.json")));
    expect(Object.keys(zero.functions).sort()).toEqual([...new Set([...catalog, ...reference])].sort());
  });

  it("gives every function a verdict with evidence, and counts that add up", () => {
    const verdicts = Object.values(zero.functions);
    for (const v of verdicts) {
      expect(["yes", "no", "maybe"]).toContain(v.zero);
      expect(v.evidence.length).toBeGreaterThan(0);
    }
    expect(zero.meta.kamailio).toBe("5.6.3");
    const { yes, no, maybe } = zero.meta.counts;
    expect(yes + no + maybe).toBe(verdicts.length);
  });

  it("marks the functions known to stop a native script as yes", () => {
    for (const key of [
      "tm.t_check_trans",
      "tm.t_newtran",
      "presence.handle_subscribe",
      "xhttp.xhttp_reply",
      "websocket.handle_handshake",
    ]) {
      expect(zero.functions[key]?.zero, key).toBe("yes");
    }
  });

  // Hand spot-checks: each read in `git show 5.6.3:<file>` of the bare mirror, following every return.
  //  1. tm.t_check_trans      tm.c t_check_trans: `return 0; /* exit from the script */` for a
  //                           retransmitted request/ACK of a known transaction.
  //  2. tm.t_relay            t_funcs.c t_relay_to: `ret = (ser_error==E_BAD_VIA && reply_to_via) ? 0 : new_tran`
  //                           after t_newtran() (which itself returns 0 for retransmissions).
  //  3. maxfwd.process_maxfwd maxfwd.c process_maxfwd_header: -1 (invalid limit, or Max-Forwards is 0),
  //                           2 (header absent, added), 1 (decremented), -2 (error). Never 0.
  //  4. rr.loose_route        loose.c loose_route_mode -> after_loose/after_strict: RR_ERROR -1,
  //                           RR_DRIVEN 1, RR_OB_DRIVEN 2, RR_NOT_DRIVEN -1, RR_FLOW_TOKEN_BROKEN -2, RR_PRELOADED -3.
  //  5. sl.sl_send_reply      sl_funcs.c sl_send_reply_str -> sl_reply_helper: -2, 1, -1 only.
  //  6. siputils.has_totag    checks.c has_totag: -1 three times, else 1.
  //  7. textops.search        textops.c ki_search: 1 (empty regex), -1, search_helper_f (-1 or 1).
  //  8. tcpops.tcp_conid_state tcpops_mod.c: ret is one of -1, 1, -2, -3, -4, 2, 3.
  //  9. uac_redirect.get_redirects rd_funcs.c get_redirect: `(cts_added>0)?1:-1` or -1.
  // 10. tm.t_reply            tm.c ki_t_reply: -1, -2, or t_reply_str[_unsafe] -> _reply -> _reply_light: 1 / -1.
  // Also read, beyond the ten:
  //  - registrar.lookup: lookup.c lookup_helper returns -3/-1 or ret in {-1, -2, -3, 1}.
  //  - auth_db.auth_check: authorize.c digest_authenticate_hdr sets ret only to AUTH_* codes other than
  //    AUTH_DROP (the one enum member equal to 0).
  //  - rtpengine.rtpengine_manage: rtpengine_rtpp_set_wrap calls the function passed in (rtpengine_manage_wrap),
  //    whose rtpengine_manage/_offer_answer/_delete return -1 or 1.
  //  - dispatcher.ds_select_dst: ds_manage_routes returns -1, 1 or 2.
  //  - tm.t_set_auto_inv_100: its body is written by the T_SET_FLAG_GEN_FUNC macro (tm.c), whose only
  //    return is `return 1;` (the scan expands such file-level macro invocations).
  it("agrees with the hand-checked functions", () => {
    const expected: Record<string, ZeroVerdict["zero"]> = {
      "tm.t_check_trans": "yes",
      "tm.t_relay": "yes",
      "maxfwd.process_maxfwd": "no",
      "rr.loose_route": "no",
      "sl.sl_send_reply": "no",
      "siputils.has_totag": "no",
      "textops.search": "no",
      "tcpops.tcp_conid_state": "no",
      "uac_redirect.get_redirects": "no",
      "tm.t_reply": "no",
      "registrar.lookup": "no",
      "auth_db.auth_check": "no",
      "rtpengine.rtpengine_manage": "no",
      "dispatcher.ds_select_dst": "no",
      "tm.t_set_auto_inv_100": "no",
    };
    for (const [key, verdict] of Object.entries(expected)) expect(zero.functions[key]?.zero, key).toBe(verdict);
  });

  it("points yes verdicts at a source line", () => {
    for (const [key, v] of Object.entries(zero.functions)) {
      if (v.zero === "yes") expect(v.evidence, key).toMatch(/src\/(core|modules)\/\S+\.c:\d+/);
    }
  });
});
