/**
 * Character classes and token scanners of Kamailio's cfg lexer (cfg.lex), as far as the preprocessor
 * needs them to know the lexical context: where strings, comments, pseudo-variables and selects
 * start and end. Every scanner takes the text, a start offset and the end of the region, and returns
 * the offset just after the token (or -1 when the token is not closed). No regexes, no allocation.
 */

export const CH = {
  NL: 10,
  CR: 13,
  TAB: 9,
  BS: 8,
  SPACE: 32,
  BANG: 33,
  DQUOTE: 34,
  HASH: 35,
  DOLLAR: 36,
  PERCENT: 37,
  SQUOTE: 39,
  LPAREN: 40,
  RPAREN: 41,
  STAR: 42,
  MINUS: 45,
  DOT: 46,
  SLASH: 47,
  COLON: 58,
  EQUALS: 61,
  QUESTION: 63,
  AT: 64,
  LBRACK: 91,
  BACKSLASH: 92,
  RBRACK: 93,
  LBRACE: 123,
  RBRACE: 125,
} as const;

export function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Kamailio's EAT_ABLE: space, tab, backspace, carriage return. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 8;
}

export function scanIdent(text: string, pos: number, end: number): number {
  while (pos < end && isIdChar(text.charCodeAt(pos))) pos++;
  return pos;
}

export function skipBlanks(text: string, pos: number, end: number): number {
  while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
  return pos;
}

/** Skips space and tab only (the `[ \t]*` of the include and defenv rules). */
export function skipSpaceTab(text: string, pos: number, end: number): number {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 9) break;
    pos++;
  }
  return pos;
}

/** The offset of the next newline at or after `pos`, or `end`. */
export function lineEnd(text: string, pos: number, end: number): number {
  const i = text.indexOf("\n", pos);
  return i < 0 || i > end ? end : i;
}

/** `pos` at `"`. Backslash escapes the next character (a newline too); raw newlines are allowed. */
export function scanDoubleString(text: string, pos: number, end: number): number {
  for (let i = pos + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CH.BACKSLASH) i++;
    else if (c === CH.DQUOTE) return i + 1;
  }
  return -1;
}

/** `pos` at `'`. Single-quoted strings are raw: they end at the next `'`. */
export function scanSingleString(text: string, pos: number, end: number): number {
  const i = text.indexOf("'", pos + 1);
  return i < 0 || i >= end ? -1 : i + 1;
}

/** `pos` at `/*`. Block comments nest. */
export function scanBlockComment(text: string, pos: number, end: number): number {
  let depth = 0;
  let i = pos;
  while (i < end - 1) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c === CH.SLASH && d === CH.STAR) {
      depth++;
      i += 2;
    } else if (c === CH.STAR && d === CH.SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** `pos` at `(`: the offset after the matching `)`. Only parentheses count; a newline ends the search. */
function scanBalancedParens(text: string, pos: number, end: number): number {
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CH.LPAREN) depth++;
    else if (c === CH.RPAREN) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === CH.NL) return -1;
  }
  return -1;
}

export interface PvToken {
  /** Offset after the token, or -1 when its parentheses are not closed on the line. */
  readonly end: number;
  /** True for the token kinds Kamailio runs `#!subst` rules on (PVAR tokens). */
  readonly substituted: boolean;
}

const AVP_CLASS_PREFIXES = new Set(["f", "t", "fr", "fu", "fd", "tr", "tu", "td", "g"]);

/**
 * `pos` at `$`. Cuts a pseudo-variable as cfg.lex does: `$(…)` and `$name(…)` up to the matching
 * parenthesis; `$?`, `$rc`, `$retcode`; `$name`; SER attributes `$f.name` (outside #!KAMAILIO mode).
 */
export function scanPseudoVariable(text: string, pos: number, end: number, kamailioMode: boolean): PvToken {
  const n = pos + 1;
  if (n >= end) return { end: n, substituted: false };
  const c = text.charCodeAt(n);
  if (c === CH.LPAREN) return { end: scanBalancedParens(text, n, end), substituted: true };
  if (c === CH.QUESTION) return { end: n + 1, substituted: false };
  if (text.startsWith("retcode", n)) return { end: n + 7, substituted: false };
  if (text.startsWith("rc", n)) return { end: n + 2, substituted: false };
  if (!isIdStart(c)) return { end: n, substituted: false };
  const e = scanIdent(text, n, end);
  const next = e < end ? text.charCodeAt(e) : -1;
  if (next === CH.LPAREN) return { end: scanBalancedParens(text, e, end), substituted: true };
  if (!kamailioMode && next === CH.DOT && AVP_CLASS_PREFIXES.has(text.slice(n, e))) {
    return { end: scanIdent(text, e + 1, end), substituted: false };
  }
  return { end: e, substituted: kamailioMode };
}

/** `pos` at `%` (a SER attribute): the optional class prefix and the name. */
export function scanAttribute(text: string, pos: number, end: number): number {
  let e = scanIdent(text, pos + 1, end);
  if (e < end && text.charCodeAt(e) === CH.DOT && AVP_CLASS_PREFIXES.has(text.slice(pos + 1, e))) {
    e = scanIdent(text, e + 1, end);
  }
  return e;
}

/**
 * `pos` at `@`. A select runs over names, dots, `[index]` and `["string"]` parts; the first other
 * character ends it. Returns -1 for an unclosed string inside it.
 */
export function scanSelect(text: string, pos: number, end: number): number {
  let i = pos + 1;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isIdChar(c) || c === CH.DOT || c === CH.LBRACK || c === CH.RBRACK) i++;
    else if (c === CH.DQUOTE) {
      i = scanDoubleString(text, i, end);
      if (i < 0) return -1;
    } else break;
  }
  return i;
}

/**
 * After the keyword `event_route`: skips `[ name ]` when present. Inside, cfg.lex reads the name
 * as one EVENT_RT_NAME token, so nothing there is a define.
 */
export function scanEventRouteName(text: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === CH.NL)) i++;
  if (i >= end || text.charCodeAt(i) !== CH.LBRACK) return pos;
  const close = text.indexOf("]", i);
  if (close < 0 || close >= end) return pos;
  const nl = text.indexOf("\n", i);
  return nl >= 0 && nl < close ? pos : close + 1;
}

/**
 * An IPv6 address starting at `pos` (cfg.lex's IPV6ADDR wins over a shorter ID such as `fe80`):
 * a run of hex digits and colons with `::` or seven colons. Returns the end, or -1.
 */
export function scanIpv6(text: string, pos: number, end: number): number {
  let i = pos;
  let colons = 0;
  let double = false;
  let group = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === CH.COLON) {
      if (i > pos && text.charCodeAt(i - 1) === CH.COLON) double = true;
      colons++;
      group = 0;
    } else if (isHexDigit(c)) {
      if (++group > 4) return -1;
    } else break;
    i++;
  }
  if (i < end && isIdChar(text.charCodeAt(i))) return -1;
  return double || colons === 7 ? i : -1;
}
