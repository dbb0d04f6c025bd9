/**
 * registrar: REGISTER processing and location lookups over usrloc (Kamailio 5.6.3 registrar.so):
 * `save`, `save_uri`, `lookup`, `lookup_uri`, `lookup_branches`, `registered`, `registered_uri`, `unregister`,
 * `set_q_override`. Replies go out through sl, like Kamailio's `slb.freply`.
 */

import type { MsgContext } from "../../engine/context.js";
import { branchesOf, forcedSocket, replaceBranch, ruriPath, ruriQ, setForcedSocket, setRuriPath, setRuriQ } from "../../engine/dset.js";
import { defineModule, type InitContext, intParam, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";
import { parseUri } from "../../sip/index.js";
import { LocationDbError, Q_UNSPECIFIED, type UsrlocApi } from "../usrloc/index.js";
import { lookup, registered } from "./lookup.js";
import { extractAor, parseQ, type RegError } from "./message.js";
import { type RegistrarConfig, SaveRun, save } from "./save.js";

const params = {
  default_expires: intParam(3600),
  default_expires_range: intParam(0, { min: 0, max: 100 }),
  expires_range: intParam(0, { min: 0, max: 100 }),
  default_q: intParam(-1),
  append_branches: intParam(1),
  case_sensitive: intParam(0),
  realm_prefix: strParam(""),
  min_expires: intParam(60),
  max_expires: intParam(0),
  received_param: strParam("received"),
  received_avp: strParam(""),
  max_contacts: intParam(0),
  retry_after: intParam(0),
  sock_mode: intParam(0),
  sock_flag: intParam(-1),
  sock_hdr_name: strParam(""),
  method_filtering: intParam(0),
  use_path: intParam(0),
  path_mode: intParam(2, { min: 0, max: 2 }),
  path_use_received: intParam(0),
  path_check_local: intParam(0),
  xavp_cfg: strParam(""),
  xavp_rcd: strParam(""),
  xavp_rcd_mask: intParam(0),
  gruu_enabled: intParam(1),
  outbound_mode: intParam(0, { min: 0, max: 2 }),
  regid_mode: intParam(0),
  flow_timer: intParam(0),
  contact_max_size: intParam(512),
  event_callback: strParam(""),
  lookup_filter_mode: intParam(0),
  min_expires_mode: intParam(0),
  use_expired_contacts: intParam(0),
};

type Params = ParamValues<typeof params>;

interface SlApi {
  sendReply(code: number, reason: string): number;
}

interface RegistrarState {
  readonly cfg: RegistrarConfig;
  readonly ul: UsrlocApi;
  readonly sl: SlApi;
  /** set_q_override: the q for the next save() of this message. */
  readonly qOverride: WeakMap<MsgContext, number>;
}

type Registrar = ModuleContext<Params, RegistrarState>;

/** `$avp(name)` / `$avp(s:name)` → the AVP name, as received_avp names it. */
function avpName(spec: string): string {
  const m = /^\$avp\((?:s:)?([^)]+)\)$/.exec(spec.trim());
  return m === null ? "" : m[1]!;
}

function config(p: Params, natFlag: number): RegistrarConfig {
  const dq = p.default_q;
  return {
    defaultExpires: p.default_expires,
    defaultExpiresRange: p.default_expires_range,
    expiresRange: p.expires_range,
    minExpires: p.min_expires,
    maxExpires: p.max_expires,
    minExpiresMode: p.min_expires_mode !== 0,
    maxContacts: p.max_contacts,
    retryAfter: p.retry_after,
    // Kamailio clamps default_q into 0..1000 unless it is "unspecified".
    defaultQ: dq === -1 ? -1 : Math.min(1000, Math.max(0, dq)),
    appendBranches: p.append_branches !== 0,
    useExpiredContacts: p.use_expired_contacts !== 0,
    methodFiltering: p.method_filtering !== 0,
    usePath: p.use_path !== 0,
    pathMode: p.path_mode,
    pathUseReceived: p.path_use_received !== 0,
    pathCheckLocal: p.path_check_local !== 0,
    receivedParam: p.received_param,
    receivedAvp: avpName(p.received_avp),
    contactMaxSize: p.contact_max_size,
    natFlag,
    useDomain: false,
    caseSensitive: p.case_sensitive !== 0,
    realmPrefix: p.realm_prefix,
  };
}

function parseUserHost(text: string): { user: string; host: string } | null {
  const r = parseUri(text);
  return r.ok ? { user: r.uri.user, host: r.uri.host } : null;
}

function aorOf(m: Registrar, uri: string): string | RegError {
  const cfg = m.state.cfg;
  return extractAor(uri, { useDomain: m.state.ul.useDomain, caseSensitive: cfg.caseSensitive, realmPrefix: cfg.realmPrefix }, parseUserHost);
}

function logErr(m: Registrar, origin: string, text: string): void {
  m.log.write(-1, `registrar [${origin}`, text);
}

function doSave(m: Registrar, table: string, flags: number, uri?: string): number {
  const ctx = m.msg;
  if (!ctx.msg.isRequest) return -1;
  const q = m.state.qOverride.get(ctx);
  const run = new SaveRun(ctx, m.state.cfg, m.state.ul, m.state.ul.now(), flags, q ?? null);
  const domain = m.state.ul.domain(table);
  const sendReply = (code: number, reason: string, headers: string[]) => {
    if (headers.length > 0) ctx.replyHeaders = [...(ctx.replyHeaders ?? []), ...headers];
    if (m.state.sl.sendReply(code, reason) < 0) logErr(m, "reply.c]: reg_reply_helper(): ", `failed to send ${code} ${reason}`);
  };
  const aor = (to: string) => aorOf(m, uri !== undefined && uri !== "" ? uri : to);
  const rc = save(run, domain, aor, sendReply);
  if (run.error === "R_INV_CSEQ") logErr(m, "save.c:721]: update_contacts(): ", `invalid cseq for aor <${run.aor}>`);
  if (run.dbError !== "") logErr(m, "save.c]: save(): ", run.dbError);
  return rc;
}

function lookupEnv(m: Registrar) {
  return {
    cfg: m.state.cfg,
    now: m.state.ul.now(),
    sockets: m.runtime.sockets,
    isMyself: (host: string) => m.runtime.isMyself(host, 0),
    parseHost: (uri: string) => parseUserHost(uri)?.host ?? null,
  };
}

function doLookup(m: Registrar, table: string, uri?: string): number {
  const ctx = m.msg;
  const aor = aorOf(m, uri ?? ctx.requestUri);
  if (aor.startsWith("R_")) {
    logErr(m, "lookup.c]: lookup_helper(): ", "failed to extract address of record");
    return -3;
  }
  try {
    return lookup(ctx, m.state.ul.domain(table), aor, lookupEnv(m));
  } catch (e) {
    if (!(e instanceof LocationDbError)) throw e;
    logErr(m, "lookup.c]: lookup_helper(): ", e.message);
    return -3;
  }
}

/**
 * lookup_branches: lookup() for the R-URI, then for every "clean" branch there was before (no $du,
 * Path, socket or flags), which takes the found binding's URI, destination, q, socket and flags in
 * place; the R-URI's own results are put back afterwards. 1 when anything was found, else the
 * last lookup's code.
 */
function doLookupBranches(m: Registrar, table: string): number {
  const ctx = m.msg;
  const start = branchesOf(ctx).length;
  let ret = doLookup(m, table);
  if (start === 0) return ret;
  let found = ret > 0;
  const saved = { uri: ctx.requestUri, dst: ctx.dstUri, path: ruriPath(ctx), q: ruriQ(ctx), socket: forcedSocket(ctx), flags: ctx.branchFlags };
  const resetRuriBranch = () => {
    ctx.dstUri = null;
    setRuriPath(ctx, null);
    setRuriQ(ctx, Q_UNSPECIFIED);
    setForcedSocket(ctx, null);
    ctx.branchFlags = 0;
  };
  resetRuriBranch();
  for (let i = 0; i < start; i++) {
    const crt = branchesOf(ctx)[i]!;
    if (crt.uri === "" || crt.dstUri !== null || crt.path !== null || crt.socket !== null || crt.flags !== 0) continue;
    ctx.setRequestUri(crt.uri);
    ret = doLookup(m, table);
    if (ret > 0) {
      found = true;
      replaceBranch(ctx, i, {
        ...crt,
        uri: ctx.requestUri,
        dstUri: ctx.dstUri,
        path: ruriPath(ctx),
        q: ruriQ(ctx),
        socket: forcedSocket(ctx),
        flags: ctx.branchFlags,
      });
    }
    resetRuriBranch();
  }
  ctx.setRequestUri(saved.uri);
  ctx.dstUri = saved.dst;
  setRuriPath(ctx, saved.path);
  setRuriQ(ctx, saved.q);
  setForcedSocket(ctx, saved.socket);
  ctx.branchFlags = saved.flags;
  return found ? 1 : ret;
}

function doRegistered(m: Registrar, table: string, uri?: string): number {
  const ctx = m.msg;
  const text = uri ?? (ctx.msg.isRequest ? ctx.requestUri : (ctx.msg.to()?.uriText ?? ""));
  const aor = aorOf(m, text);
  if (aor.startsWith("R_")) {
    logErr(m, "lookup.c]: registered4(): ", "failed to extract address of record");
    return -1;
  }
  try {
    return registered(m.state.ul.domain(table), aor, lookupEnv(m));
  } catch (e) {
    if (!(e instanceof LocationDbError)) throw e;
    logErr(m, "lookup.c]: registered4(): ", e.message);
    return -1;
  }
}

function doUnregister(m: Registrar, table: string, uri: string): number {
  if (uri === "") {
    logErr(m, "registrar.c]: ki_unregister(): ", "invalid uri parameter");
    return -1;
  }
  const aor = aorOf(m, uri);
  if (aor.startsWith("R_")) {
    logErr(m, "save.c]: unregister(): ", "failed to extract Address Of Record");
    return -1;
  }
  try {
    m.state.ul.domain(table).deleteRecord(aor);
  } catch (e) {
    if (!(e instanceof LocationDbError)) throw e;
    logErr(m, "save.c]: unregister(): ", e.message);
    return -2;
  }
  return 1;
}

export default defineModule("registrar", {
  params,
  init: (m: InitContext<Params>): RegistrarState => {
    const ul = m.api<UsrlocApi>("usrloc");
    return { cfg: config(m.params, ul.natFlag), ul, sl: m.api<SlApi>("sl"), qOverride: new WeakMap() };
  },
  functions: {
    save: (m, table, flags) => doSave(m, table, flags),
    save_uri: (m, table, flags, uri) => doSave(m, table, flags, uri),
    lookup: (m, table) => doLookup(m, table),
    lookup_uri: (m, table, uri) => doLookup(m, table, uri),
    lookup_branches: doLookupBranches,
    registered: (m, table) => doRegistered(m, table),
    registered_uri: (m, table, uri) => doRegistered(m, table, uri),
    unregister: doUnregister,
    set_q_override: (m, q) => {
      const v = parseQ(q);
      if (v === null) {
        logErr(m, "registrar.c]: ki_set_q_override(): ", "invalid q value");
        return -1;
      }
      m.state.qOverride.set(m.msg, v);
      return 1;
    },
  },
});
