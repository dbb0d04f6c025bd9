/**
 * tmx: tm extensions (Kamailio's tmx.so) over tm's api — route-type checks, `t_flush_flags`, and
 * `t_precheck_trans`. The pre-transaction table exists in Kamailio to see the same request being
 * routed by another worker process at the same moment; kemits routes one message at a time, so
 * no other message is ever in flight and the check never matches (as in a one-worker Kamailio).
 */

import { defineModule, intParam, type ModuleContext, type ParamValues } from "../../engine/module.js";
import type { TmApi } from "../tm/index.js";

const params = { precheck_trans: intParam(1) };
type Tmx = ModuleContext<ParamValues<typeof params>, undefined>;

const tm = (m: Tmx) => m.api<TmApi>("tm");

/** t_precheck_trans: -1 (no parallel processing of the same request), -2 where Kamailio refuses. */
function precheckTrans(m: Tmx): number {
  const ctx = m.msg;
  const msg = ctx.msg;
  if (tm(m).routeType(ctx) !== "request") {
    m.log.write(-1, "<tmx> ", "invalid usage - not in request route\n");
    return -2;
  }
  if (!msg.isRequest) {
    m.log.write(-1, "<tmx> ", "invalid usage - not a sip request\n");
    return -2;
  }
  const method = msg.cseq()?.method;
  if (method === "ACK" || method === "CANCEL") return -2;
  if ((msg.from()?.tag ?? "") === "") {
    m.log.write(-1, "<tmx> ", "failed to get From header\n");
    return -2;
  }
  return -1;
}

const isRoute = (m: Tmx, type: string) => (tm(m).routeType(m.msg) === type ? 1 : -1);

export default defineModule("tmx", {
  params,
  functions: {
    t_precheck_trans: precheckTrans,
    t_is_request_route: (m) => isRoute(m, "request"),
    t_is_failure_route: (m) => isRoute(m, "failure"),
    t_is_branch_route: (m) => isRoute(m, "branch"),
    t_is_reply_route: (m) => isRoute(m, "onreply"),
    t_flush_flags: (m) => tm(m).flushFlags(m.msg),
  },
});
