import type { BinaryOperator } from "./nodes.js";

/**
 * Binding power of Kamailio's binary operators (cfg.y `%left` lines; reference §6.2), higher binds
 * tighter. Not C's: shifts bind looser than `==`, `^` tighter than `&`, `>>` tighter than `<<`.
 * All are left-associative.
 */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  "||": 2,
  "&&": 3,
  "|": 4,
  "&": 5,
  "^": 6,
  "<<": 7,
  ">>": 8,
  "==": 9,
  "!=": 9,
  "=~": 9,
  eq: 9,
  ne: 9,
  ieq: 9,
  ine: 9,
  "<": 10,
  ">": 10,
  "<=": 10,
  ">=": 10,
  "+": 11,
  "-": 11,
  "*": 12,
  "/": 12,
  mod: 12,
};

/** Unary operators (`!`, `~`, `-`, `defined`, casts) bind tighter than every binary operator. */
export const UNARY_PRECEDENCE = 13;
