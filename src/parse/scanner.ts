import type { CustomPatternMatcherFunc, ILexingError, ILexingResult, IToken, TokenType } from "chevrotain";
import * as T from "./tokens.js";

/*
 * The cfg lexer, by hand. It makes, token for token, what Chevrotain's `Lexer` makes of the
 * definitions in tokens.ts: at each offset the first definition (in `ALL_TOKENS` order) that
 * matches wins, `longer_alt` gives way to a longer match, and an unknown character is skipped with
 * everything up to the next offset where some token matches. It spares the CLI the `Lexer`'s
 * start-up analysis and lexes several times faster. test/parse/scanner.test.ts holds the two to
 * the same output.
 */

const sticky = (type: TokenType): RegExp => new RegExp((type.PATTERN as RegExp).source, "y");
const SUBST = sticky(T.SubstKeyword);
const DIRECTIVE = sticky(T.DirectiveLine);
const SINGLE_STRING = sticky(T.SingleString);
const SELECT = sticky(T.Select);
const IPV4 = sticky(T.Ipv4);
const NUMBER = sticky(T.NumberLiteral);
const MSG_LEN = sticky(T.MsgLen);
const URI_HOST = sticky(T.UriHost);
const URI_PORT = sticky(T.UriPort);

/** Lexes cfg text: words become keyword tokens where the word is reserved. */
export function tokenize(text: string): ILexingResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: ILexingError[] = [];
  const end = text.length;
  let offset = 0;
  while (offset < end) {
    const length = match(text, offset, tokens);
    if (length < 0) {
      const start = offset;
      do offset++;
      while (offset < end && match(text, offset, tokens) < 0);
      errors.push({
        offset: start,
        line: undefined,
        column: undefined,
        length: offset - start,
        message: `unexpected character: ->${text.charAt(start)}<- at offset: ${start}, skipped ${offset - start} characters.`,
      });
      continue;
    }
    const type = matched;
    if (type !== T.Blank && type !== T.Newline) {
      const image = text.slice(offset, offset + length);
      const word = type === T.Identifier ? T.wordType(image) : undefined;
      const tokenType = word ?? type;
      const token: IToken = { image, startOffset: offset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
      if (type === T.LineComment || type === T.BlockComment || type === T.DirectiveLine) comments.push(token);
      else tokens.push(token);
    }
    offset += length;
  }
  return { tokens, groups: { comments }, errors };
}

/** The token type `match` found. */
let matched: TokenType = T.Blank;

/** The length of the token at `at` (its type in `matched`), or -1 where no token starts. */
function match(text: string, at: number, tokens: IToken[]): number {
  const c = text.charCodeAt(at);
  switch (c) {
    case 10:
      return found(T.Newline, 1);
    case 32:
    case 9:
    case 13:
    case 8:
    case 12: {
      let i = at + 1;
      while (isBlank(text.charCodeAt(i))) i++;
      return found(T.Blank, i - at);
    }
    case 92: {
      // `\` newline: a continued line
      const n = text.charCodeAt(at + 1) === 13 ? 2 : 1;
      return text.charCodeAt(at + n) === 10 ? found(T.Blank, n + 1) : -1;
    }
    case 35: // #
      return regex(SUBST, text, at, T.SubstKeyword) ?? lineComment(text, at);
    case 33: // !
      return regex(SUBST, text, at, T.SubstKeyword) ?? regex(DIRECTIVE, text, at, T.DirectiveLine) ?? pair(text, at, 61, T.NotEq, T.Bang);
    case 47: // /
      if (text.charCodeAt(at + 1) === 42) return custom(T.matchBlockComment, text, at, tokens, T.BlockComment);
      return text.charCodeAt(at + 1) === 47 ? lineComment(text, at) : found(T.Slash, 1);
    case 34:
      return custom(T.matchDoubleString, text, at, tokens, T.DoubleString);
    case 39:
      return regex(SINGLE_STRING, text, at, T.SingleString) ?? -1;
    case 36:
      return custom(T.matchPseudoVariable, text, at, tokens, T.PseudoVariable);
    case 64:
      return regex(SELECT, text, at, T.Select) ?? -1;
    case 40: // (
      if (text.startsWith("(int)", at)) return found(T.IntCast, 5);
      if (text.startsWith("(str)", at)) return found(T.StrCast, 5);
      return found(T.LParen, 1);
    case 61: // =
      if (text.charCodeAt(at + 1) === 61) return found(T.EqEq, 2);
      return pair(text, at, 126, T.RegexMatch, T.Assign);
    case 43:
      return pair(text, at, 61, T.PlusAssign, T.Plus);
    case 60: // <
      if (text.charCodeAt(at + 1) === 61) return found(T.LessEq, 2);
      return pair(text, at, 60, T.ShiftLeft, T.Less);
    case 62: // >
      if (text.charCodeAt(at + 1) === 61) return found(T.GreaterEq, 2);
      return pair(text, at, 62, T.ShiftRight, T.Greater);
    case 38:
      return pair(text, at, 38, T.AndAnd, T.Amp);
    case 124:
      return pair(text, at, 124, T.OrOr, T.Pipe);
    case 126:
      return found(T.Tilde, 1);
    case 94:
      return found(T.Caret, 1);
    case 45:
      return found(T.Minus, 1);
    case 42:
      return found(T.Star, 1);
    case 37:
      return found(T.Percent, 1);
    case 59:
      return found(T.Semicolon, 1);
    case 44:
      return found(T.Comma, 1);
    case 58: {
      const ipv6 = custom(T.matchIpv6, text, at, tokens, T.Ipv6);
      return ipv6 >= 0 ? ipv6 : found(T.Colon, 1);
    }
    case 46:
      return found(T.Dot, 1);
    case 41:
      return found(T.RParen, 1);
    case 123:
      return found(T.LBrace, 1);
    case 125:
      return found(T.RBrace, 1);
    case 91:
      return found(T.LBracket, 1);
    case 93:
      return found(T.RBracket, 1);
  }
  if (c >= 48 && c <= 57) return number(text, at, tokens);
  if (isLetter(c) || c === 95) return word(text, at, c, tokens);
  return -1;
}

/** Digits: an IPv6 or IPv4 address, a number, or a `NumId` (`1abc`, `08`) when that is longer. */
function number(text: string, at: number, tokens: IToken[]): number {
  const ipv6 = custom(T.matchIpv6, text, at, tokens, T.Ipv6);
  if (ipv6 >= 0) return ipv6;
  const ipv4 = regex(IPV4, text, at, T.Ipv4);
  if (ipv4 !== undefined) return ipv4;
  NUMBER.lastIndex = at;
  NUMBER.test(text);
  const n = NUMBER.lastIndex - at;
  const id = wordLength(text, at);
  return id > n ? found(T.NumId, id) : found(T.NumberLiteral, n);
}

/** A letter or `_`: `msg:len`, `uri:host`, `uri:port`, an event route name, an IPv6 address, a word. */
function word(text: string, at: number, c: number, tokens: IToken[]): number {
  if (c === 109) {
    const n = regex(MSG_LEN, text, at, T.MsgLen);
    if (n !== undefined) return n;
  } else if (c === 117) {
    const n = regex(URI_HOST, text, at, T.UriHost) ?? regex(URI_PORT, text, at, T.UriPort);
    if (n !== undefined) return n;
  }
  if (c !== 95) {
    const event = custom(T.matchEventRouteName, text, at, tokens, T.EventRouteName);
    if (event >= 0) return event;
    if (isHexLetter(c)) {
      const ipv6 = custom(T.matchIpv6, text, at, tokens, T.Ipv6);
      if (ipv6 >= 0) return ipv6;
    }
  }
  return found(T.Identifier, wordLength(text, at));
}

function found(type: TokenType, length: number): number {
  matched = type;
  return length;
}

function regex(re: RegExp, text: string, at: number, type: TokenType): number | undefined {
  re.lastIndex = at;
  return re.test(text) ? found(type, re.lastIndex - at) : undefined;
}

function custom(
  exec: CustomPatternMatcherFunc,
  text: string,
  at: number,
  tokens: IToken[],
  type: TokenType,
): number {
  const m = exec(text, at, tokens, {});
  return m ? found(type, m[0].length) : -1;
}

/** `#…` or `//…` to the end of the line. */
function lineComment(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return found(T.LineComment, (nl < 0 ? text.length : nl) - at);
}

/** `a` or `ab` where the second character is `second`. */
function pair(text: string, at: number, second: number, two: TokenType, one: TokenType): number {
  return text.charCodeAt(at + 1) === second ? found(two, 2) : found(one, 1);
}

function wordLength(text: string, at: number): number {
  let i = at + 1;
  for (let c = text.charCodeAt(i); isLetter(c) || (c >= 48 && c <= 57) || c === 95; c = text.charCodeAt(++i));
  return i - at;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isHexLetter(c: number): boolean {
  return (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 8 || c === 12;
}
