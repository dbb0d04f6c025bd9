/**
 * Native return-code semantics. In native cfg a module function returning 0 ends the script, a
 * call inside an expression counts as 1 when its code is > 0 and 0 otherwise, and `$rc` holds the
 * raw code. KEMI does none of this on its own (its functions return ints, booleans or values, and
 * 0 does not stop anything), so generated code routes calls through these helpers.
 */

import { ksr } from "./ksr.js";

/** A native call in statement or condition position: a 0 code ends the script, as natively. */
export function exitIfZero(code: number): number {
  if (code === 0) ksr().x.exit();
  return code;
}

/**
 * A KEMI call that fails (< 0) where its native function returns 0 and so ends the script
 * (`sanity_check` while sanity's `autodrop` is on); a 0 ends it too, as for `exitIfZero`.
 */
export function exitIfFailed(code: number): number {
  if (code <= 0) ksr().x.exit();
  return code;
}

/** The native code of a boolean KEMI result: true is 1, false is -1. */
export function boolCode(b: boolean): 1 | -1 {
  return b ? 1 : -1;
}

/** A call or `route()` used inside an expression counts as 1 when its code is > 0, else 0. */
export function asOperand(code: number): 0 | 1 {
  return code > 0 ? 1 : 0;
}
