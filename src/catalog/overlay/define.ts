// Small constructors so overlay rows read like the mapping tables in docs/catalog.md.
import type { ArgKind, ArgSpec, KemiArgSource, KemiTarget, OverlayRow } from "../types.js";

/** `KSR.<module>.<name>(…)`; numbers pick native arguments by index, objects are constants or templates. */
export function to(target: string, ...args: (number | KemiArgSource)[]): KemiTarget {
  return toKemi(target, args);
}

/** Like `to`, for a KEMI function whose result means the opposite of the native one. */
export function toNegated(target: string, ...args: (number | KemiArgSource)[]): KemiTarget {
  return { ...toKemi(target, args), result: "negate" };
}

/** Like `to`, for a KEMI function that fails (< 0) where the native one ends the script, while `modparam` is on. */
export function toFailureEnds(modparamName: string, defaultValue: number, target: string, ...args: (number | KemiArgSource)[]): KemiTarget {
  return { ...toKemi(target, args), result: { failureEnds: { modparam: modparamName, default: defaultValue } } };
}

function toKemi(target: string, args: readonly (number | KemiArgSource)[]): KemiTarget {
  const dot = target.lastIndexOf(".");
  const module = dot < 0 ? "" : target.slice(0, dot);
  const name = dot < 0 ? target : target.slice(dot + 1);
  return { module, name, args: args.map((a) => (typeof a === "number" ? { from: a } : a)) };
}

/** A constant KEMI argument, with the reason it has this value. */
export function constant(value: number | string, why: string): KemiArgSource {
  return { value, why };
}

export function template(text: string): KemiArgSource {
  return { template: text };
}

export function modparam(name: string, defaultValue: number | string): KemiArgSource {
  return { modparam: name, default: defaultValue };
}

/** One overlay row for native `name/arity`; `kemi: null` states that no KEMI export does this. */
export function row(
  signature: string,
  kemi: KemiTarget | null,
  opts: { args?: readonly (ArgKind | ArgSpec)[]; note?: string } = {},
): OverlayRow {
  const slash = signature.lastIndexOf("/");
  const out: { -readonly [K in keyof OverlayRow]: OverlayRow[K] } = {
    name: signature.slice(0, slash),
    arity: Number(signature.slice(slash + 1)),
    kemi,
  };
  if (opts.args) out.args = opts.args.map((a) => (typeof a === "string" ? { kind: a } : a));
  if (opts.note) out.note = opts.note;
  return out;
}
