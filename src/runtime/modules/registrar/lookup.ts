/**
 * `lookup()` and `registered()` as Kamailio 5.6.3's registrar does them (lookup.c): the R-URI
 * becomes the first valid binding that accepts the request's method, `$du` its Path first hop or
 * its received address, and the following bindings become extra branches for parallel forking.
 * Returns 1 found, -1 not found, -2 found but no binding accepts the method, -3 internal error.
 */

import { appendBranch, setForcedSocket, setRuriPath, setRuriQ } from "../../engine/dset.js";
import type { MsgContext } from "../../engine/context.js";
import type { LocalSocket } from "../../engine/services.js";
import type { UDomain, Ucontact } from "../usrloc/index.js";
import { isValid } from "../usrloc/index.js";
import { firstPathUri, methodBit } from "./message.js";
import type { RegistrarConfig } from "./save.js";

export interface LookupEnv {
  readonly cfg: RegistrarConfig;
  readonly now: number;
  readonly sockets: readonly LocalSocket[];
  isMyself(host: string): boolean;
  parseHost(uri: string): string | null;
}

function allowed(ctx: MsgContext, c: Ucontact, cfg: RegistrarConfig): boolean {
  if (!cfg.methodFiltering) return true;
  if ((methodBit(ctx.msg.method) & c.methods) !== 0) return true;
  return (ctx.msg.to()?.tag ?? "") !== "";
}

/** Where a binding is reached: its Path (first hop, or the next one when the first is us) or received. */
function nextHop(c: Ucontact, env: LookupEnv): { dst: string | null; path: string | null } {
  if (c.path !== "") {
    let path = c.path;
    let dst = firstPathUri(path);
    if (dst === null) return { dst: null, path: null };
    if (env.cfg.pathCheckLocal) {
      const host = env.parseHost(dst);
      if (host !== null && env.isMyself(host)) {
        // Skip our own entry: "<" + uri + ">,".
        if (path.length > dst.length + 3) {
          path = path.slice(dst.length + 3);
          dst = firstPathUri(path);
        } else dst = null;
      }
    }
    if (dst !== null) return { dst, path };
  }
  return { dst: c.received !== "" ? c.received : null, path: null };
}

function socketOf(text: string, sockets: readonly LocalSocket[]): LocalSocket | null {
  if (text === "") return null;
  return sockets.find((s) => `${s.proto}:${s.address}:${s.port}` === text) ?? null;
}

export function lookup(ctx: MsgContext, domain: UDomain, aor: string, env: LookupEnv): number {
  const r = domain.get(aor);
  if (r === undefined) return -1;
  const cfg = env.cfg;
  const usable = (c: Ucontact) => isValid(c, env.now) || cfg.useExpiredContacts;
  let ret = -1;
  let i = 0;
  for (; i < r.contacts.length; i++) {
    const c = r.contacts[i]!;
    if (!usable(c)) continue;
    if (allowed(ctx, c, cfg)) break;
    ret = -2;
  }
  const first = r.contacts[i];
  if (first === undefined) return ret;
  ctx.setRequestUri(first.contact);
  ctx.dstUri = null;
  const hop = nextHop(first, env);
  if (hop.path !== null) setRuriPath(ctx, hop.path);
  if (hop.dst !== null) ctx.dstUri = hop.dst;
  setRuriQ(ctx, first.q);
  ctx.branchFlags |= first.cflags;
  const sock = socketOf(first.socket, env.sockets);
  if (sock !== null) setForcedSocket(ctx, sock);
  if (!cfg.appendBranches) return 1;
  for (const c of r.contacts.slice(i + 1)) {
    if (!usable(c) || !allowed(ctx, c, cfg)) continue;
    const h = nextHop(c, env);
    appendBranch(ctx, {
      uri: c.contact,
      dstUri: h.dst,
      path: h.path,
      q: c.q,
      flags: c.cflags,
      socket: socketOf(c.socket, env.sockets),
      instance: c.instance === "" ? null : c.instance,
      ruid: c.ruid,
      userAgent: c.userAgent,
    });
  }
  return 1;
}

/** registered(): 1 when the AOR has a valid binding, else -1. */
export function registered(domain: UDomain, aor: string, env: Pick<LookupEnv, "cfg" | "now">): number {
  const r = domain.get(aor);
  if (r === undefined) return -1;
  return r.contacts.some((c) => isValid(c, env.now) || env.cfg.useExpiredContacts) ? 1 : -1;
}
