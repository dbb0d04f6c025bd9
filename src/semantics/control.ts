import { ksr } from "./ksr.js";

/** `while` loops stop after this many iterations (`max_while_loops`), logging "runaway while". */
export const MAX_WHILE_LOOPS = 100;

export function runawayWhile(where: string): void {
  ksr().err(`runaway while (${where}): more than ${MAX_WHILE_LOOPS} loops\n`);
}

/**
 * `route($var(name))`: the route is looked up when the statement runs. An unknown name is logged
 * and the call fails (-1); the script goes on, as natively.
 */
export function callRoute(table: Readonly<Record<string, () => unknown>>, name: string): number {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; Duktape (app_jsdt) has no such function.
  const fn = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!fn) {
    ksr().err(`route "${name}" not found\n`);
    return -1;
  }
  const code = fn();
  return typeof code === "number" ? code : 1;
}
