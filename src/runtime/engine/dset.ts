/**
 * Kamailio's destination set (core `dset.c`): the extra branches `append_branch()` and registrar's
 * `lookup()` add next to the R-URI, and the R-URI's own q value and path vector. tm forks to the
 * R-URI plus these branches; modules meet here instead of in each other's state. Kept per message
 * in a WeakMap so `MsgContext` keeps its fixed shape.
 */

import { HeaderKind } from "../sip/index.js";
import type { MsgContext } from "./context.js";
import type { LocalSocket } from "./services.js";

/** `sr_dst_max_branches` default: at most this many branches besides the R-URI. */
export const MAX_BRANCHES = 12;

/** Kamailio's q value when none is given (`Q_UNSPECIFIED`, sorted like 1.0 by usrloc). */
export const Q_UNSPECIFIED = -1;

export interface Branch {
  readonly uri: string;
  /** `$du` of the branch, null when unset. */
  readonly dstUri: string | null;
  /** The Path vector (Route values to add), null when none. */
  readonly path: string | null;
  /** q in thousandths (1000 = q=1.0), or Q_UNSPECIFIED. */
  readonly q: number;
  readonly flags: number;
  /** Socket to send from, null for the default. */
  readonly socket: LocalSocket | null;
  readonly instance: string | null;
  readonly ruid: string | null;
  readonly userAgent: string | null;
}

interface DestinationSet {
  branches: Branch[];
  /** q of the R-URI (`$ru_q`), Q_UNSPECIFIED by default. */
  ruriQ: number;
  /** Path vector of the R-URI branch, null when none. */
  ruriPath: string | null;
  /** Socket forced for the R-URI branch (`$fs`), null for the default. */
  forceSocket: LocalSocket | null;
}

const sets = new WeakMap<MsgContext, DestinationSet>();

function setOf(ctx: MsgContext): DestinationSet {
  let s = sets.get(ctx);
  if (s === undefined) {
    s = { branches: [], ruriQ: Q_UNSPECIFIED, ruriPath: null, forceSocket: null };
    sets.set(ctx, s);
  }
  return s;
}

/** Adds a branch; false (nothing added) when MAX_BRANCHES are already there, as `append_branch` fails. */
export function appendBranch(ctx: MsgContext, branch: Branch): boolean {
  const s = setOf(ctx);
  if (s.branches.length >= MAX_BRANCHES) return false;
  s.branches.push(branch);
  return true;
}

/** Replaces branch `index` (registrar's lookup_branches resolves a branch in place). */
export function replaceBranch(ctx: MsgContext, index: number, branch: Branch): void {
  const s = sets.get(ctx);
  if (s !== undefined && index >= 0 && index < s.branches.length) s.branches[index] = branch;
}

/** The branches added so far, in order. */
export function branchesOf(ctx: MsgContext): readonly Branch[] {
  return sets.get(ctx)?.branches ?? [];
}

/** `clear_branches()`: forgets the extra branches (the R-URI stays). */
export function clearBranches(ctx: MsgContext): void {
  const s = sets.get(ctx);
  if (s !== undefined) s.branches = [];
}

export function ruriQ(ctx: MsgContext): number {
  return sets.get(ctx)?.ruriQ ?? Q_UNSPECIFIED;
}

export function setRuriQ(ctx: MsgContext, q: number): void {
  setOf(ctx).ruriQ = q;
}

export function ruriPath(ctx: MsgContext): string | null {
  return sets.get(ctx)?.ruriPath ?? null;
}

export function setRuriPath(ctx: MsgContext, path: string | null): void {
  setOf(ctx).ruriPath = path;
}

export function forcedSocket(ctx: MsgContext): LocalSocket | null {
  return sets.get(ctx)?.forceSocket ?? null;
}

export function setForcedSocket(ctx: MsgContext, sock: LocalSocket | null): void {
  setOf(ctx).forceSocket = sock;
}

/**
 * What the core does with the R-URI's path vector when it sends the request (msg_translator.c):
 * `Route: <path>` goes before the first Route header, or else right after the Via this proxy adds.
 * Call it after inserting that Via.
 */
export function addPathRoute(ctx: MsgContext): void {
  const path = ruriPath(ctx);
  if (path === null || path === "") return;
  const msg = ctx.msg;
  const anchor = msg.firstOfKind(HeaderKind.Route) ?? msg.firstOfKind(HeaderKind.Via);
  ctx.edits.addHeaderLine(`Route: ${path}`, anchor === undefined ? "top" : { before: anchor });
}
