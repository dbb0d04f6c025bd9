/**
 * Native cfg value semantics (Kamailio `rvalue.c`) over the values KEMI hands to JavaScript:
 * `number` is a cfg int, `string` a cfg str, `null` an undefined value (unset AVP, missing header,
 * `$null`). Generated modules call these wherever plain TypeScript operators would mean something
 * else; where they would mean the same, the generator emits the plain operator instead.
 */
export type Value = number | string | null;

const DECIMAL = /^[+-]?\d+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;

/** str → int as Kamailio converts: "" → 0, signed decimal ("010" → 10), 0x hex, anything else 0. */
export function toInt(v: Value): number {
  if (typeof v === "number") return v;
  if (v === null || v === "") return 0;
  if (DECIMAL.test(v)) return Number.parseInt(v, 10);
  if (HEX.test(v)) return Number.parseInt(v.slice(2), 16);
  return 0;
}

/** int → str is the decimal text; undefined is "". */
export function toStr(v: Value): string {
  if (v === null) return "";
  return typeof v === "number" ? String(v) : v;
}

/** Conditions are ints, true only when > 0: `if ("alice")` is false, `if (-1)` is false. */
export function truthy(v: Value | boolean): boolean {
  if (typeof v === "boolean") return v;
  return toInt(v) > 0;
}

/** `+` takes the left operand's type: int addition, else concatenation. */
export function add(a: Value, b: Value): Value {
  if (typeof a === "number") return a + toInt(b);
  return toStr(a) + toStr(b);
}

/** `==`: int compare when the left is int, byte-exact string compare when it is str; undefined takes the right's type. */
export function eq(a: Value, b: Value): boolean {
  if (typeof a === "number") return a === toInt(b);
  if (typeof a === "string") return a === toStr(b);
  if (typeof b === "number") return b === 0;
  return b === null || b === "";
}

export function ne(a: Value, b: Value): boolean {
  return !eq(a, b);
}

/** `eq`/`ne` keywords: always string compare. */
export function strEq(a: Value, b: Value): boolean {
  return toStr(a) === toStr(b);
}

/** `ieq`/`ine` keywords: always int compare. */
export function intEq(a: Value, b: Value): boolean {
  return toInt(a) === toInt(b);
}

/** Division and modulo by zero make the whole expression fail, as in Kamailio. */
export class ExpressionError extends Error {}

export function div(a: Value, b: Value): number {
  const d = toInt(b);
  if (d === 0) throw new ExpressionError("division by zero");
  return Math.trunc(toInt(a) / d);
}

export function mod(a: Value, b: Value): number {
  const d = toInt(b);
  if (d === 0) throw new ExpressionError("modulo by zero");
  return toInt(a) % d;
}

/** `strlen(x)`: length of the string form. */
export function strlen(v: Value): number {
  return toStr(v).length;
}

/** `strempty(x)`: true for "" and for undefined. */
export function strempty(v: Value): boolean {
  return toStr(v) === "";
}

/** `defined x`: false only for undefined values. */
export function defined(v: Value): boolean {
  return v !== null;
}
