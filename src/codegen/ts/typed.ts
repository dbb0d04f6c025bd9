/**
 * A TypeScript expression together with what it holds, so the generator can emit plain operators
 * where they mean what the cfg meant and semantic helpers where they do not.
 *
 * - `int`: a JS number (cfg int);
 * - `str`: a JS string (cfg str);
 * - `bool`: a JS boolean (comparisons, logical operators, boolean KEMI functions);
 * - `value`: `number | string | null`, what `KSR.pv.get` returns; its cfg type is known only at run time;
 * - `call`: the result of a module function, core action or `route()`: `code` is the raw native
 *   return code (an int expression: what `$x = f()` stores), `cond` the JS condition "code > 0",
 *   and `stmt` the call written as a statement. Inside larger expressions a call counts as 1 or 0.
 *   Each consumer uses exactly one of the three, so the call runs once.
 */
export type Typed =
  | { readonly type: "int" | "str" | "bool" | "value"; readonly code: string }
  | { readonly type: "call"; readonly code: string; readonly cond: string; readonly stmt: string };

/** Names of helpers from `kemits/native` that an expression needs; the module imports only those. */
export type HelperUse = (name: string) => string;

export function asCondition(t: Typed, use: HelperUse): string {
  switch (t.type) {
    case "bool":
      return t.code;
    case "int":
      return `(${t.code}) > 0`;
    case "call":
      return t.cond;
    default:
      return `${use("truthy")}(${t.code})`;
  }
}

export function asInt(t: Typed, use: HelperUse): string {
  switch (t.type) {
    case "int":
      return t.code;
    case "bool":
      return `Number(${t.code})`;
    case "call":
      return `Number(${t.cond})`;
    default:
      return `${use("toInt")}(${t.code})`;
  }
}

export function asStr(t: Typed, use: HelperUse): string {
  switch (t.type) {
    case "str":
      return t.code;
    case "int":
      return `String(${t.code})`;
    case "bool":
    case "call":
      return `(${t.type === "call" ? t.cond : t.code} ? "1" : "0")`;
    default:
      return `${use("toStr")}(${t.code})`;
  }
}

/** As a `number | string | null` value, for helpers that decide by the run-time type. */
export function asValue(t: Typed, use: HelperUse): string {
  if (t.type === "bool" || t.type === "call") return asInt(t, use);
  return t.code;
}

export const int = (code: string): Typed => ({ type: "int", code });

/** The value of an int literal expression (`5`, `-1`), when that is what `code` is. */
export function literalInt(code: string): number | undefined {
  return /^-?\d+$/.test(code) ? Number(code) : undefined;
}
export const str = (code: string): Typed => ({ type: "str", code });
export const bool = (code: string): Typed => ({ type: "bool", code });
export const value = (code: string): Typed => ({ type: "value", code });
