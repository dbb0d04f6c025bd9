import { ksr } from "./ksr.js";
import type { Value } from "./values.js";

/**
 * `$pv = value` when the value's type is known only at run time: ints with `seti`, strings with
 * `sets`, undefined with `unset` (which for `$var` means 0, for `$avp` removal, as natively).
 */
export function assign(name: string, value: Value): void {
  if (value === null) ksr().pv.unset(name);
  else if (typeof value === "number") ksr().pv.seti(name, value);
  else ksr().pv.sets(name, value);
}

/** How a format string prints a value: undefined is `<null>`, ints in decimal. */
export function printed(value: Value): string {
  return value === null ? "<null>" : String(value);
}

/**
 * Core URI actions with no KEMI function of their own, written over the R-URI pseudo-variables.
 * Each returns 1, like the native action.
 */
export function prefixUser(prefix: string): number {
  ksr().pv.sets("$rU", prefix + String(ksr().pv.gete("$rU")));
  return 1;
}

export function stripUser(n: number): number {
  ksr().pv.sets("$rU", String(ksr().pv.gete("$rU")).slice(n));
  return 1;
}

export function stripUserTail(n: number): number {
  const user = String(ksr().pv.gete("$rU"));
  ksr().pv.sets("$rU", user.slice(0, Math.max(0, user.length - n)));
  return 1;
}

export function setPort(port: string): number {
  if (port === "") ksr().pv.unset("$rp");
  else ksr().pv.sets("$rp", port);
  return 1;
}

export function setHostPort(hostport: string): number {
  const colon = hostport.lastIndexOf(":");
  const ipv6 = hostport.startsWith("[") && hostport.lastIndexOf("]") > colon;
  if (colon < 0 || ipv6) {
    ksr().pv.sets("$rd", hostport);
    ksr().pv.unset("$rp");
  } else {
    ksr().pv.sets("$rd", hostport.slice(0, colon));
    ksr().pv.sets("$rp", hostport.slice(colon + 1));
  }
  return 1;
}

/** `revert_uri()`: back to the R-URI the request arrived with. */
export function revertUri(): number {
  ksr().pv.sets("$ru", String(ksr().pv.gete("$ou")));
  return 1;
}
