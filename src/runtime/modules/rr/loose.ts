/**
 * Route processing as rr's `loose.c` (Kamailio 5.6.3) does it: `loose_route_mode()` with its return
 * codes, the strict-router cases (previous hop strict: the R-URI is ours; next hop strict: its URI
 * goes into the R-URI and the R-URI to a Route at the end), double Route entries (`r2=on`), `maddr`.
 * Removed Route values are collected and turned into one edit per Route header at the end, so
 * overlapping removals inside one header cannot conflict.
 */

import type { MsgContext } from "../../engine/context.js";
import type { HeaderField, NameAddr, SipUri } from "../../sip/index.js";
import { HeaderKind } from "../../sip/index.js";

export const RR_ERROR = -1;
export const RR_DRIVEN = 1;
export const RR_NOT_DRIVEN = -1;
export const RR_PRELOADED = -3;

/** What loose routing needs from its surroundings. */
export interface LooseEnv {
  readonly doubleRr: boolean;
  /** rr's is_myself: the URI's host and port (5060 when absent) are ours, any transport. */
  isMyself(uri: SipUri): boolean;
  error(text: string): void;
}

/** One Route value with the header line it is in. */
interface RouteEntry {
  readonly header: HeaderField;
  readonly index: number;
  readonly value: NameAddr;
}

/** The outcome besides the return code: the URI parameters of our own Route entry, for the param checks. */
export interface LooseResult {
  readonly code: number;
  /** Params of the Route URI that was ours (`routed_params`), null when none was. */
  readonly routedParams: string | null;
  /** FL_ROUTE_ADDR: our Route entry was followed by another one, the next hop. */
  readonly routeAddr: boolean;
}

function routeEntries(ctx: MsgContext): RouteEntry[] | null {
  const out: RouteEntry[] = [];
  for (const h of ctx.msg.headers) {
    if (h.kind !== HeaderKind.Route) continue;
    const list = ctx.msg.nameAddrList(h);
    if (list === null) return null;
    for (const [index, value] of list.values.entries()) out.push({ header: h, index, value });
  }
  return out;
}

/** rr's is_strict: a URI is a strict router unless its params contain `lr` (with or without value). */
export function isStrict(uri: SipUri): boolean {
  return uri.param("lr") === undefined;
}

/** `r2` parameter set to `on` (parse_rr.h is_2rr). */
function is2rr(uri: SipUri): boolean {
  const v = uri.param("r2");
  return v !== undefined && v !== null && v.toLowerCase() === "on";
}

/** get_maddr_uri: `sip:MADDR[:port]` when the URI has maddr, else the URI text. */
function maddrUri(uri: SipUri): string {
  const maddr = uri.param("maddr");
  if (maddr === undefined || maddr === null) return uri.text;
  return `sip:${maddr}${uri.portText === "" ? "" : `:${uri.portText}`}`;
}

/** Params text of a URI without the leading `;` (Kamailio's puri.params). */
function paramsOf(uri: SipUri): string {
  return uri.paramsText.startsWith(";") ? uri.paramsText.slice(1) : uri.paramsText;
}

class Removals {
  private readonly removed = new Set<RouteEntry>();
  add(e: RouteEntry): void {
    this.removed.add(e);
  }
  /** One edit per Route header: the whole line when every value goes, else the values that stay. */
  apply(ctx: MsgContext, entries: readonly RouteEntry[]): void {
    const byHeader = new Map<HeaderField, RouteEntry[]>();
    for (const e of entries) {
      const list = byHeader.get(e.header);
      if (list === undefined) byHeader.set(e.header, [e]);
      else list.push(e);
    }
    for (const [h, list] of byHeader) {
      const kept = list.filter((e) => !this.removed.has(e));
      if (kept.length === list.length) continue;
      if (kept.length === 0) ctx.edits.removeHeader(h);
      else ctx.edits.setHeaderValue(h, h.raw.slice(kept[0]!.value.start, kept[kept.length - 1]!.value.end));
    }
  }
}

/** loose_route_mode(mode): 0 = loose or strict routing, 1 = loose only. */
export function looseRoute(ctx: MsgContext, mode: number, env: LooseEnv): LooseResult {
  const none = (code: number): LooseResult => ({ code, routedParams: null, routeAddr: false });
  if (ctx.msg.firstOfKind(HeaderKind.Route) === undefined) return none(-1);
  const entries = routeEntries(ctx);
  if (entries === null || entries.length === 0) {
    env.error("failed to parse Route HF");
    return none(-1);
  }
  const ruri = ctx.ruri();
  if (ruri === null) {
    env.error("failed to parse Request URI");
    return none(-1);
  }
  const to = ctx.msg.to();
  if (to === null) {
    env.error("To header field not found");
    return none(-1);
  }
  const preloaded = to.tag === "";
  const removals = new Removals();
  let result: LooseResult;
  if (!preloaded && mode === 0 && env.isMyself(ruri)) result = afterStrict(ctx, entries, removals, env);
  else result = afterLoose(ctx, entries, removals, preloaded, env);
  // Like lumps, removals made before a failure stay.
  removals.apply(ctx, entries);
  return result;
}

function afterLoose(ctx: MsgContext, entries: RouteEntry[], removals: Removals, preloaded: boolean, env: LooseEnv): LooseResult {
  let i = 0;
  let puri = entries[0]!.value.uri;
  if (puri === null) {
    env.error(`failed to parse the first route URI (${entries[0]!.value.uriText})`);
    return { code: RR_ERROR, routedParams: null, routeAddr: false };
  }
  let routedParams: string | null = null;
  let routeAddr = false;
  const done = (): LooseResult => ({ code: preloaded ? RR_PRELOADED : RR_DRIVEN, routedParams, routeAddr: false });
  if (puri.host !== "" && env.isMyself(puri)) {
    routedParams = paramsOf(puri);
    const first2rr = env.doubleRr && is2rr(puri);
    removals.add(entries[0]!);
    i = 1;
    if (i >= entries.length) return done();
    if (first2rr) {
      const second = entries[i]!.value.uri;
      if (second === null) {
        env.error(`failed to parse the double route URI (${entries[i]!.value.uriText})`);
        return { code: RR_ERROR, routedParams: null, routeAddr: false };
      }
      removals.add(entries[i]!);
      i++;
      if (i >= entries.length) return done();
    }
    puri = entries[i]!.value.uri;
    if (puri === null) {
      env.error(`failed to parse the next route URI (${entries[i]!.value.uriText})`);
      return { code: RR_ERROR, routedParams: null, routeAddr: false };
    }
    routeAddr = true;
  }
  const next = entries[i]!;
  if (isStrict(puri)) {
    // Next hop is a strict router: the R-URI goes to a Route at the end, the Route URI into the R-URI.
    ctx.edits.addHeaderLine(`Route: <${ctx.msg.requestUri}>`, "bottom");
    ctx.setRequestUri(maddrUri(puri));
    removals.add(next);
  } else {
    ctx.dstUri = maddrUri(puri);
  }
  return { code: RR_DRIVEN, routedParams, routeAddr };
}

function afterStrict(ctx: MsgContext, entries: RouteEntry[], removals: Removals, env: LooseEnv): LooseResult {
  let i = 0;
  let puri = entries[0]!.value.uri;
  if (puri === null) {
    env.error("failed to parse the first route URI");
    return { code: RR_ERROR, routedParams: null, routeAddr: false };
  }
  if (env.doubleRr && is2rr(puri) && env.isMyself(puri)) {
    removals.add(entries[0]!);
    i = 1;
    if (i >= entries.length) return { code: RR_NOT_DRIVEN, routedParams: null, routeAddr: false };
    puri = entries[i]!.value.uri;
    if (puri === null) {
      env.error("failed to parse URI");
      return { code: RR_ERROR, routedParams: null, routeAddr: false };
    }
  }
  // The params Kamailio checks afterwards are those of the R-URI, which a strict router filled with our Route.
  const ruri = ctx.ruri();
  const routedParams = ruri === null ? null : paramsOf(ruri);
  const current = entries[i]!;
  if (isStrict(puri)) {
    ctx.setRequestUri(maddrUri(puri));
    removals.add(current);
  } else {
    ctx.dstUri = maddrUri(puri);
    // Recover from strict routing: the last Route value is the real target.
    const last = entries[entries.length - 1]!;
    const target = last.value.uri;
    ctx.setRequestUri(target === null ? last.value.uriText : maddrUri(target));
    removals.add(last);
  }
  return { code: RR_DRIVEN, routedParams, routeAddr: false };
}
