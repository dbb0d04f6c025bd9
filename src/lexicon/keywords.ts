import { KEYWORD_TOKENS } from "./generated/keywords.js";

export { KEYWORD_TOKENS };

/** Word operators that Kamailio's lexer defines beside symbols (`NOT !|"not"` and friends). */
const WORD_OPERATORS = ["not"];

/**
 * True when `word` is a reserved word of the cfg language. Flex has no context, so a reserved word
 * is a keyword everywhere outside strings and pseudo-variables: it cannot name a route, a flag or
 * a bare host, and a define with such a name is never expanded.
 */
export function isReservedWord(word: string): boolean {
  return KEYWORD_TOKENS.has(word) || WORD_OPERATORS.includes(word);
}
