/**
 * rr: Record-Route and Route processing (Kamailio 5.6.3 rr.so). `record_route()` adds
 * `Record-Route: <sip:ADDR;lr[;ftag=…]>` naming the receiving socket (two lines with `r2=on` when the
 * send socket differs and `enable_double_rr` is on); `loose_route()` removes our own Route entries,
 * sets `$du` to the next loose router or puts a strict router into the R-URI, with 5.6.3's return
 * codes (1 routed, -1 no Route / not routed / error, -2 broken flow token, -3 preloaded route set).
 */

import type { MsgContext } from "../../engine/context.js";
import { addSendTimeHeaders } from "../../engine/send-headers.js";
import { defineModule, intParam, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";
import { compilePosix } from "../../../regex/posix.js";
import type { SipUri } from "../../sip/index.js";
import { type LooseEnv, looseRoute, RR_PRELOADED } from "./loose.js";
import { addRecordRoute, presetLine, type Recorded, type RecordSpec } from "./record.js";

const params = {
  append_fromtag: intParam(1),
  enable_double_rr: intParam(1),
  enable_full_lr: intParam(0),
  add_username: intParam(0),
  enable_socket_mismatch_warning: intParam(1),
  custom_user_avp: strParam(""),
  force_send_socket: intParam(0),
  ignore_sips: intParam(0),
  sockname_mode: intParam(0),
};

/** What rr remembers about one message (Kamailio keeps it in msg flags and static buffers). */
interface RrMessage {
  /** FL_RR_ADDED. */
  added: boolean;
  /** add_rr_param texts given before record_route (rr_param_buf). */
  paramBuf: string;
  /** The Record-Route lines added, to extend with later add_rr_param calls. */
  recorded: Recorded[];
  /** routed_params: the params of our Route URI; undefined until computed. */
  routedParams: string | null | undefined;
  /** FL_ROUTE_ADDR: loose_route found a next hop in the route set. */
  routeAddr: boolean;
  /** is_direction's cached answer: 0 unknown, else RR_FLOW_*. */
  direction: number;
}

interface RrState {
  readonly perMessage: WeakMap<MsgContext, RrMessage>;
}

type Rr = ModuleContext<ParamValues<typeof params>, RrState>;

const RR_FLOW_DOWNSTREAM = 1;
const RR_FLOW_UPSTREAM = 2;
const E_CFG = -6;

function perMessage(m: Rr): RrMessage {
  const ctx = m.msg;
  let s = m.state.perMessage.get(ctx);
  if (s === undefined) {
    s = { added: false, paramBuf: "", recorded: [], routedParams: undefined, routeAddr: false, direction: 0 };
    m.state.perMessage.set(ctx, s);
  }
  return s;
}

function logErr(m: Rr, where: string, text: string): void {
  m.log.write(-1, `rr [${where}`, text);
}

function env(m: Rr): LooseEnv {
  return {
    doubleRr: m.params.enable_double_rr !== 0,
    isMyself: (uri: SipUri) => uri.host !== "" && m.runtime.isMyself(uri.host, uri.port !== 0 ? uri.port : 5060),
    error: (text) => logErr(m, "loose.c]: loose_route_mode(): ", text),
  };
}

function loose(m: Rr, mode: number): number {
  const s = perMessage(m);
  const r = looseRoute(m.msg, mode, env(m));
  s.routedParams = r.routedParams;
  s.routeAddr = r.routeAddr;
  return r.code;
}

/** The user part a Record-Route carries with add_username (custom_user_avp is not supported). */
function rrUser(m: Rr): string {
  if (m.params.add_username === 0) return "";
  const orig = m.msg.msg.ruri();
  if (orig !== null && orig.user !== "") return orig.user;
  return m.msg.ruriChanged ? (m.msg.ruri()?.user ?? "") : (orig?.user ?? "");
}

function isSips(m: Rr): boolean {
  return m.params.ignore_sips === 0 && m.msg.ruri()?.scheme === "sips";
}

/** rr's get_route_param over routed_params: the value ("" for a flag), null when absent. */
function routeParam(params: string, name: string): string | null {
  for (const part of splitParams(params)) {
    const t = part.replace(/^[ \t]+/, "");
    if (!t.startsWith(name)) continue;
    const rest = t.slice(name.length).replace(/^[ \t]+/, "");
    if (rest === "") return "";
    if (rest[0] !== "=") continue;
    let v = rest.slice(1).replace(/^[ \t]+/, "");
    if (v.startsWith('"') || v.startsWith("'")) v = v.slice(1).replace(/["'][\s\S]*$/, "");
    else v = v.replace(/[ \t][\s\S]*$/, "");
    return v;
  }
  return null;
}

function splitParams(s: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '"' || c === "'") && s[i - 1] !== "\\") quoted = !quoted;
    else if (c === ";" && !quoted) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** redo_route_params: without a loose_route() run, the params of the first Route when it is ours. */
function routedParams(m: Rr): string | null {
  const s = perMessage(m);
  if (s.routedParams !== undefined && s.routedParams !== null && s.routedParams !== "") return s.routedParams;
  const first = m.msg.msg.routes()[0]?.uri;
  if (first === undefined || first === null || !env(m).isMyself(first)) return null;
  s.routedParams = first.paramsText.startsWith(";") ? first.paramsText.slice(1) : first.paramsText;
  return s.routedParams;
}

function direction(m: Rr): number {
  const s = perMessage(m);
  if (s.direction !== 0) return s.direction;
  let dir = RR_FLOW_DOWNSTREAM;
  const params = routedParams(m);
  const ftag = params === null ? null : routeParam(params, "ftag");
  const tag = m.msg.msg.from()?.tag ?? "";
  if (ftag !== null && ftag !== "" && tag !== "" && tag !== ftag) dir = RR_FLOW_UPSTREAM;
  s.direction = dir;
  return dir;
}

function recordRoute(m: Rr, extra: string): number {
  const s = perMessage(m);
  if (s.added) {
    logErr(m, "rr_mod.c:334]: ki_record_route_params(): ", "Double attempt to record-route");
    return -1;
  }
  let tag = "";
  if (m.params.append_fromtag !== 0) {
    const hdr = direction(m) === RR_FLOW_UPSTREAM ? m.msg.msg.to() : m.msg.msg.from();
    if (hdr === null) return -1;
    tag = hdr.tag;
  }
  const rec: Recorded = { later: "", removed: false };
  const spec: RecordSpec = {
    sips: isSips(m),
    user: rrUser(m),
    tag,
    params: extra + s.paramBuf,
    fullLr: m.params.enable_full_lr !== 0,
    doubleRr: m.params.enable_double_rr,
  };
  addRecordRoute(m.msg, spec, rec);
  s.recorded.push(rec);
  s.paramBuf = "";
  if (m.msg.kind !== "event") s.added = true;
  return 1;
}

function preset(m: Rr, address: string, rec: Recorded): void {
  const s = perMessage(m);
  const tag = m.params.append_fromtag !== 0 ? (m.msg.msg.from()?.tag ?? "") : "";
  const head = presetLine(isSips(m), rrUser(m), address, tag, s.paramBuf, m.params.enable_full_lr !== 0);
  addSendTimeHeaders(m.msg, () => (rec.removed ? "" : `Record-Route: ${head}${rec.later}>\r\n`));
  s.recorded.push(rec);
}

function recordRoutePreset(m: Rr, addr1: string, addr2: string): number {
  const s = perMessage(m);
  if (s.added) {
    logErr(m, "rr_mod.c:427]: ki_record_route_preset(): ", "Double attempt to record-route");
    return -1;
  }
  if (addr2 !== "" && m.params.enable_double_rr === 0) {
    logErr(m, "rr_mod.c:432]: ki_record_route_preset(): ", "Attempt to double record-route while 'enable_double_rr' param is disabled");
    return -1;
  }
  preset(m, addr1, { later: "", removed: false });
  if (addr2 !== "") preset(m, addr2, { later: "", removed: false });
  s.paramBuf = "";
  s.added = true;
  return 1;
}

function addRrParam(m: Rr, param: string): number {
  const s = perMessage(m);
  const live = s.recorded.filter((r) => !r.removed);
  if (live.length > 0) {
    for (const r of live) r.later += param;
    return 1;
  }
  if (s.paramBuf.length + param.length > 512) {
    logErr(m, "record.c]: add_rr_param(): ", "maximum size of rr_param_buf exceeded");
    return -1;
  }
  s.paramBuf += param;
  return 1;
}

function checkRouteParam(m: Rr, re: string): number {
  let rx: RegExp;
  try {
    rx = compilePosix(re, true);
  } catch {
    logErr(m, "rr_mod.c:529]: ki_check_route_param(): ", `bad re ${re}`);
    return -1;
  }
  const params = routedParams(m);
  if (params === null || params === "") return -1;
  return rx.test(`;${params}`) ? 1 : -1;
}

function isDirection(m: Rr, dir: string): number {
  if (m.params.append_fromtag === 0) {
    logErr(m, "rr_mod.c:550]: ki_is_direction(): ", 'usage of "is_direction" function requires parameter"append_fromtag" enabled!!');
    return E_CFG;
  }
  const d = dir.toLowerCase();
  const want = d === "downstream" ? RR_FLOW_DOWNSTREAM : d === "upstream" ? RR_FLOW_UPSTREAM : 0;
  if (want === 0) {
    logErr(m, "rr_mod.c:560]: ki_is_direction(): ", `unknown direction '${dir}' - use 'downstream' or 'upstream'`);
    return E_CFG;
  }
  return direction(m) === want ? 1 : -1;
}

export default defineModule("rr", {
  params,
  init: (): RrState => ({ perMessage: new WeakMap() }),
  functions: {
    record_route: (m) => recordRoute(m, ""),
    record_route_params: (m, p) => recordRoute(m, p),
    record_route_preset: (m, a1, a2) => recordRoutePreset(m, a1, a2),
    record_route_preset_one: (m, a1) => recordRoutePreset(m, a1, ""),
    loose_route: (m) => loose(m, 0),
    loose_route_mode: (m, mode) => loose(m, mode),
    loose_route_preloaded: (m) => (loose(m, 0) === RR_PRELOADED ? 1 : -1),
    add_rr_param: addRrParam,
    check_route_param: checkRouteParam,
    is_direction: isDirection,
    next_hop_route: (m) => (perMessage(m).routeAddr ? 1 : -1),
    remove_record_route: (m) => {
      for (const r of perMessage(m).recorded) r.removed = true;
      return 1;
    },
  },
  api: (m) => ({
    /** rr's is_direction for dialog modules: true when the request goes from callee to caller. */
    isUpstream: () => direction(m) === RR_FLOW_UPSTREAM,
  }),
});
