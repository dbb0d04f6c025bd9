import { isIPv6 } from "node:net";
import { type CustomPatternMatcherFunc, type IToken, Lexer, type TokenType, createToken } from "chevrotain";
import { KEYWORD_TOKENS } from "../lexicon/keywords.js";

/*
 * The cfg vocabulary. Kamailio's lexer (cfg.lex) is flex: longest match, no context. Words are
 * matched whole (`[A-Za-z_][A-Za-z0-9_]*`) and then looked up, so a keyword never steals the start
 * of a longer word and every keyword is reserved everywhere. Here too: the lexer reads every word
 * as an `Identifier`, and then gives keywords their own token type from `WORD_TYPES` (one map
 * lookup per word, instead of one matcher per keyword type). Grammar-relevant keywords
 * are token types of their own; the ~250 other reserved words (core parameter names) share
 * `ReservedWord`.
 */

// ---------------------------------------------------------------------------------------------
// Keyword token types: never matched by the lexer itself, assigned after it by word.

const WORD_TYPES = new Map<string, TokenType>();

/** The keyword token type of a reserved word. */
export function wordType(word: string): TokenType | undefined {
  return WORD_TYPES.get(word);
}

/** The lexicon table by Kamailio token: read once, not once per keyword type. */
const WORDS_BY_TOKEN = new Map<string, string[]>();
for (const [word, token] of KEYWORD_TOKENS) {
  const words = WORDS_BY_TOKEN.get(token);
  if (words) words.push(word);
  else WORDS_BY_TOKEN.set(token, [word]);
}

/** Words of the Kamailio tokens named, from the lexicon table. */
function wordsOf(...kamailioTokens: string[]): Set<string> {
  return new Set(kamailioTokens.flatMap((token) => WORDS_BY_TOKEN.get(token) ?? []));
}

const claimed = new Set<string>();

function wordToken(name: string, words: Set<string>, categories?: TokenType[]): TokenType {
  const type = createToken({ name, pattern: Lexer.NA, ...(categories ? { categories } : {}) });
  for (const w of words) {
    claimed.add(w);
    WORD_TYPES.set(w, type);
  }
  return type;
}

function keyword(name: string, ...kamailioTokens: string[]): TokenType {
  return wordToken(name, wordsOf(...kamailioTokens));
}

// ---------------------------------------------------------------------------------------------
// First characters, given to the lexer (`start_chars_hint`) for every token: without them it
// analyses each regular expression on every start to learn the same thing.

const DIGITS = [..."0123456789"];
const LETTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const WORD_CHARS = [...DIGITS, ...LETTERS, "_"];

/** A token matching exactly `text`. */
function fixed(name: string, text: string, categories?: TokenType[]): TokenType {
  const pattern = new RegExp(text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"));
  return createToken({ name, pattern, start_chars_hint: [text[0]!], ...(categories ? { categories } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Categories

export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });
/** Operators binding tighter than comparisons: what a legacy condition's right side may use. */
export const TightOperator = createToken({ name: "TightOperator", pattern: Lexer.NA, categories: [BinaryOperator] });
export const EqualityOperator = createToken({ name: "EqualityOperator", pattern: Lexer.NA, categories: [BinaryOperator] });
export const RelationalOperator = createToken({
  name: "RelationalOperator",
  pattern: Lexer.NA,
  categories: [TightOperator],
});
export const ConditionField = createToken({ name: "ConditionField", pattern: Lexer.NA });
export const Proto = createToken({ name: "Proto", pattern: Lexer.NA });
export const RouteKeyword = createToken({ name: "RouteKeyword", pattern: Lexer.NA });

// ---------------------------------------------------------------------------------------------
// Comments, blanks, strings (custom matchers where flex needed states)

export const Blank = createToken({
  name: "Blank",
  pattern: /[ \t\r\b\f]+|\\\r?\n/,
  start_chars_hint: [" ", "\t", "\r", "\b", "\f", "\\"],
  group: Lexer.SKIPPED,
});
export const Newline = createToken({ name: "Newline", pattern: /\n/, start_chars_hint: ["\n"], group: Lexer.SKIPPED, line_breaks: true });

/** `#!subst`, `#!substdef`, `#!substdefs` are grammar statements in Kamailio, not lexer directives. */
export const SubstKeyword = createToken({
  name: "SubstKeyword",
  pattern: /(?:#!|!!)(?:substdefs|substdef|subst)(?![A-Za-z0-9_])/,
  start_chars_hint: ["#", "!"],
});

/** Other directives left in the text (`!!define …` would otherwise lex as `!` `!`). */
export const DirectiveLine = createToken({
  name: "DirectiveLine",
  pattern:
    /!!(?:define|def|trydefine|trydef|redefine|redef|ifdef|ifndef|else|endif|defenvs|defenv|trydefenvs|trydefenv|include_file|import_file)(?![A-Za-z0-9_])[^\n]*/,
  start_chars_hint: ["!"],
  group: "comments",
});

export const LineComment = createToken({ name: "LineComment", pattern: /(?:#|\/\/)[^\n]*/, start_chars_hint: ["#", "/"], group: "comments" });

/** Nested `/* … *\/`; an unclosed comment runs to the end (reported by the parser). */
export const matchBlockComment: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
  let depth = 1;
  let i = offset + 2;
  while (i < text.length && depth > 0) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (c === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
    } else i++;
  }
  return [text.slice(offset, i)];
};

export const BlockComment = createToken({
  name: "BlockComment",
  pattern: { exec: matchBlockComment },
  start_chars_hint: ["/"],
  line_breaks: true,
  group: "comments",
});

/**
 * A double-quoted string, with the adjacent double-quoted literals that only blanks and newlines
 * separate (flex's STR_BETWEEN state): `"a"\n"b"` is one token. Unclosed runs to the end.
 */
export const matchDoubleString: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 34) return null;
  let i = offset + 1;
  for (;;) {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= text.length) return [text.slice(offset)];
    i++; // closing quote
    let j = i;
    while (j < text.length && isBlankOrNewline(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 34) return [text.slice(offset, i)];
    i = j + 1;
  }
};

export const DoubleString = createToken({
  name: "DoubleString",
  pattern: { exec: matchDoubleString },
  start_chars_hint: ['"'],
  line_breaks: true,
});

function isBlankOrNewline(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 8;
}

/** Single-quoted: raw, no escapes, no join. Unclosed runs to the end. */
export const SingleString = createToken({ name: "SingleString", pattern: /'[^']*'?/, start_chars_hint: ["'"], line_breaks: true });

// ---------------------------------------------------------------------------------------------
// Pseudo-variables and selects

const PV_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * `$?`, `$rc`, `$retcode`; `$(…)` to the matching parenthesis; `$name` and `$name(…)`. Only
 * parentheses are counted inside, as flex's PVAR_P state does. An unbalanced one runs to the end
 * of the line (reported by the parser).
 */
export const matchPseudoVariable: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 36) return null;
  const next = text.charCodeAt(offset + 1);
  if (next === 63) return ["$?"];
  if (text.startsWith("$retcode", offset)) return ["$retcode"];
  if (text.startsWith("$rc", offset)) return ["$rc"];
  let i = offset + 1;
  if (next !== 40) {
    PV_NAME.lastIndex = i;
    const m = PV_NAME.exec(text);
    if (!m) return null;
    i += m[0].length;
    if (text.charCodeAt(i) !== 40) return [text.slice(offset, i)];
  }
  let depth = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return [text.slice(offset, i + 1)];
    i++;
  }
  return [text.slice(offset, i)];
};

export const PseudoVariable = createToken({
  name: "PseudoVariable",
  pattern: { exec: matchPseudoVariable },
  start_chars_hint: ["$"],
  line_breaks: false,
});

export const Select = createToken({
  name: "Select",
  pattern: /@[A-Za-z_][A-Za-z0-9_]*(?:\[(?:-?[0-9]+|"[^"\n]*")\]|\.[A-Za-z_][A-Za-z0-9_]*)*/,
  start_chars_hint: ["@"],
});

// ---------------------------------------------------------------------------------------------
// Addresses and numbers

const IPV6_CANDIDATE = /(?:[0-9a-fA-F]{0,4}:){2,7}(?:[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+|[0-9a-fA-F]{0,4})(?![A-Za-z0-9_:])/y;

/** Checked with the real address parser, so `case 1:` or `a:b` never lex as addresses. */
export const matchIpv6: CustomPatternMatcherFunc = (text, offset) => {
  if (!colonWithin4Hex(text, offset)) return null; // most words and numbers: no regex run
  IPV6_CANDIDATE.lastIndex = offset;
  const m = IPV6_CANDIDATE.exec(text);
  return m && isIPv6(m[0]) ? [m[0]] : null;
};

export const Ipv6 = createToken({
  name: "Ipv6",
  pattern: { exec: matchIpv6 },
  start_chars_hint: [..."0123456789abcdefABCDEF:"],
  line_breaks: false,
});

/** What the candidate needs first: at most 4 hex digits, then `:`. */
function colonWithin4Hex(text: string, offset: number): boolean {
  let i = offset;
  while (i < offset + 4 && isHexDigit(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 58;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export const Ipv4 = createToken({ name: "Ipv4", pattern: /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(?![0-9A-Za-z_])/, start_chars_hint: DIGITS });

/** `[A-Za-z0-9_]+` that is not a number or identifier (`1abc`, `08`): only valid in host names. */
export const NumId = createToken({ name: "NumId", pattern: /[0-9A-Za-z_]+/, start_chars_hint: WORD_CHARS });

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /0x[0-9a-fA-F]+|[01]+b|0[0-7]+|[1-9][0-9]*|0/,
  start_chars_hint: DIGITS,
  longer_alt: NumId,
});

// ---------------------------------------------------------------------------------------------
// Keywords

export const MsgLen = createToken({ name: "MsgLen", pattern: /msg:len(?![A-Za-z0-9_])/, start_chars_hint: ["m"], categories: [ConditionField] });
export const UriHost = createToken({ name: "UriHost", pattern: /uri:host(?![A-Za-z0-9_])/, start_chars_hint: ["u"] });
export const UriPort = createToken({ name: "UriPort", pattern: /uri:port(?![A-Za-z0-9_])/, start_chars_hint: ["u"] });

/** `mod:event-name` right after `event_route[` (flex's EVRTNAME state). */
export const matchEventRouteName: CustomPatternMatcherFunc = (text, offset, tokens) => {
  const n = tokens.length;
  // By the word, not the token type: Chevrotain's lexer gives keywords their types only after.
  if (n < 2 || tokens[n - 1]!.tokenType !== LBracket || WORD_TYPES.get(tokens[n - 2]!.image) !== RouteEvent) return null;
  EVENT_NAME.lastIndex = offset;
  const m = EVENT_NAME.exec(text);
  return m ? [m[0]] : null;
};

export const EventRouteName = createToken({
  name: "EventRouteName",
  pattern: { exec: matchEventRouteName },
  start_chars_hint: LETTERS,
  line_breaks: false,
});
const EVENT_NAME = /[a-zA-Z][0-9a-zA-Z-]*(?::[a-zA-Z][0-9a-zA-Z_-]*)+/y;

export const If = keyword("If", "IF");
export const Else = keyword("Else", "ELSE");
export const Switch = keyword("Switch", "SWITCH");
export const Case = keyword("Case", "CASE");
export const Default = keyword("Default", "DEFAULT");
export const While = keyword("While", "WHILE");
export const Break = keyword("Break", "BREAK");
export const Return = keyword("Return", "RETURN");
export const Exit = keyword("Exit", "EXIT");
export const Drop = keyword("Drop", "DROP");

export const Route = wordToken("Route", wordsOf("ROUTE"), [RouteKeyword]);
export const RouteRequest = wordToken("RouteRequest", wordsOf("ROUTE_REQUEST"), [RouteKeyword]);
export const RouteFailure = wordToken("RouteFailure", wordsOf("ROUTE_FAILURE"), [RouteKeyword]);
export const RouteReply = wordToken("RouteReply", wordsOf("ROUTE_REPLY"), [RouteKeyword]);
export const RouteOnReply = wordToken("RouteOnReply", wordsOf("ROUTE_ONREPLY"), [RouteKeyword]);
export const RouteBranch = wordToken("RouteBranch", wordsOf("ROUTE_BRANCH"), [RouteKeyword]);
export const RouteSend = wordToken("RouteSend", wordsOf("ROUTE_SEND"), [RouteKeyword]);
export const RouteEvent = keyword("RouteEvent", "ROUTE_EVENT");

export const LoadModule = keyword("LoadModule", "LOADMODULE", "LOADMODULEX");
export const LoadPath = keyword("LoadPath", "LOADPATH");
export const ModParam = keyword("ModParam", "MODPARAM", "MODPARAMX");
export const CfgEngine = keyword("CfgEngine", "CFGENGINE");
export const FlagsDecl = keyword("FlagsDecl", "FLAGS_DECL");
export const AvpFlagsDecl = keyword("AvpFlagsDecl", "AVPFLAGS_DECL");
export const Listen = keyword("Listen", "LISTEN");
export const Alias = keyword("Alias", "ALIAS");
export const Advertise = keyword("Advertise", "ADVERTISE");
export const StrName = keyword("StrName", "STRNAME");
export const Virtual = keyword("Virtual", "VIRTUAL");
export const Description = keyword("Description", "CFG_DESCRIPTION");
export const Kemi = keyword("Kemi", "KEMI");

export const Myself = keyword("Myself", "MYSELF");
export const Defined = keyword("Defined", "DEFINED");
export const Strlen = keyword("Strlen", "STRLEN");
export const Strempty = keyword("Strempty", "STREMPTY");
export const Selval = keyword("Selval", "SELVAL");

export const LogNotWord = wordToken("LogNotWord", new Set(["not"]));
export const LogAndWord = wordToken("LogAndWord", wordsOf("LOG_AND"), [BinaryOperator]);
export const LogOrWord = wordToken("LogOrWord", wordsOf("LOG_OR"), [BinaryOperator]);
export const Modulo = wordToken("Modulo", wordsOf("MODULO"), [TightOperator]);
export const StrEq = wordToken("StrEq", wordsOf("STREQ"), [EqualityOperator]);
export const StrDiff = wordToken("StrDiff", wordsOf("STRDIFF"), [EqualityOperator]);
export const IntEq = wordToken("IntEq", wordsOf("INTEQ"), [EqualityOperator]);
export const IntDiff = wordToken("IntDiff", wordsOf("INTDIFF"), [EqualityOperator]);

/** `yes true on enable` (1), `no false off disable` (0), `inet ipv4…` (2), `inet6 ipv6…` (10). */
export const NumberWord = keyword("NumberWord", "YES", "NO", "INET", "INET6");
export const ProtoWord = wordToken("ProtoWord", wordsOf("UDP", "TCP", "TLS", "SCTP", "WS", "WSS"), [Proto]);

export const ConditionWord = wordToken(
  "ConditionWord",
  wordsOf(
    "METHOD",
    "URI",
    "FROM_URI",
    "TO_URI",
    "SRCIP",
    "DSTIP",
    "SNDIP",
    "TOIP",
    "SRCPORT",
    "DSTPORT",
    "SNDPORT",
    "TOPORT",
    "PROTO",
    "SNDPROTO",
    "AF",
    "SNDAF",
  ),
  [ConditionField],
);

/** Kamailio tokens of the core actions (cfg.y `cmd`), each with its own argument grammar. */
export const CORE_ACTION_TOKENS = [
  "FORWARD",
  "FORWARD_TCP",
  "FORWARD_UDP",
  "FORWARD_TLS",
  "FORWARD_SCTP",
  "LOG",
  "ERROR",
  "EXEC",
  "SETFLAG",
  "RESETFLAG",
  "ISFLAGSET",
  "SETAVPFLAG",
  "RESETAVPFLAG",
  "ISAVPFLAGSET",
  "SET_HOST",
  "SET_HOSTPORT",
  "SET_HOSTPORTTRANS",
  "SET_USER",
  "SET_USERPASS",
  "SET_PORT",
  "SET_URI",
  "REVERT_URI",
  "PREFIX",
  "STRIP",
  "STRIP_TAIL",
  "SET_USERPHONE",
  "REMOVE_BRANCH",
  "CLEAR_BRANCHES",
  "SET_ADV_ADDRESS",
  "SET_ADV_PORT",
  "FORCE_SEND_SOCKET",
  "SET_FWD_NO_CONNECT",
  "SET_RPL_NO_CONNECT",
  "SET_FWD_CLOSE",
  "SET_RPL_CLOSE",
  "CFG_SELECT",
  "CFG_RESET",
  "FORCE_RPORT",
  "ADD_LOCAL_RPORT",
  "FORCE_TCP_ALIAS",
  "UDP_MTU_TRY_PROTO",
] as const;

export const CoreActionWord = keyword("CoreActionWord", ...CORE_ACTION_TOKENS);

/** Every other reserved word: core parameter names, `max_len`, `sslv23`, … */
export const ReservedWord = wordToken(
  "ReservedWord",
  new Set([...KEYWORD_TOKENS.keys()].filter((w) => !claimed.has(w))),
);

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, start_chars_hint: [...LETTERS, "_"], longer_alt: NumId });

// ---------------------------------------------------------------------------------------------
// Operators and punctuation

export const IntCast = fixed("IntCast", "(int)");
export const StrCast = fixed("StrCast", "(str)");
export const EqEq = fixed("EqEq", "==", [EqualityOperator]);
export const NotEq = fixed("NotEq", "!=", [EqualityOperator]);
export const RegexMatch = fixed("RegexMatch", "=~", [EqualityOperator]);
/** Lexed by Kamailio (ADDEQ) but in no grammar rule: always an error. */
export const PlusAssign = fixed("PlusAssign", "+=");
export const Assign = fixed("Assign", "=");
export const LessEq = fixed("LessEq", "<=", [RelationalOperator]);
export const GreaterEq = fixed("GreaterEq", ">=", [RelationalOperator]);
export const ShiftLeft = fixed("ShiftLeft", "<<", [BinaryOperator]);
export const ShiftRight = fixed("ShiftRight", ">>", [BinaryOperator]);
export const Less = fixed("Less", "<", [RelationalOperator]);
export const Greater = fixed("Greater", ">", [RelationalOperator]);
export const AndAnd = fixed("AndAnd", "&&", [BinaryOperator]);
export const OrOr = fixed("OrOr", "||", [BinaryOperator]);
export const Bang = fixed("Bang", "!");
export const Tilde = fixed("Tilde", "~");
export const Amp = fixed("Amp", "&", [BinaryOperator]);
export const Pipe = fixed("Pipe", "|", [BinaryOperator]);
export const Caret = fixed("Caret", "^", [BinaryOperator]);
export const Plus = fixed("Plus", "+", [TightOperator]);
export const Minus = fixed("Minus", "-", [TightOperator]);
export const Star = fixed("Star", "*", [TightOperator, Proto]);
export const Slash = fixed("Slash", "/", [TightOperator]);
/** Kamailio's SER attribute marker, never modulo: always an error here. */
export const Percent = fixed("Percent", "%");
export const Semicolon = fixed("Semicolon", ";");
export const Comma = fixed("Comma", ",");
export const Colon = fixed("Colon", ":");
export const Dot = fixed("Dot", ".");
export const LParen = fixed("LParen", "(");
export const RParen = fixed("RParen", ")");
export const LBrace = fixed("LBrace", "{");
export const RBrace = fixed("RBrace", "}");
export const LBracket = fixed("LBracket", "[");
export const RBracket = fixed("RBracket", "]");

/** Lexer order: first match wins, so longer forms come before their prefixes. */
export const ALL_TOKENS: TokenType[] = [
  Newline,
  Blank,
  SubstKeyword,
  DirectiveLine,
  BlockComment,
  LineComment,
  DoubleString,
  SingleString,
  PseudoVariable,
  Select,
  MsgLen,
  UriHost,
  UriPort,
  EventRouteName,
  Ipv6,
  Ipv4,
  NumberLiteral,
  If,
  Else,
  Switch,
  Case,
  Default,
  While,
  Break,
  Return,
  Exit,
  Drop,
  Route,
  RouteRequest,
  RouteFailure,
  RouteReply,
  RouteOnReply,
  RouteBranch,
  RouteSend,
  RouteEvent,
  LoadModule,
  LoadPath,
  ModParam,
  CfgEngine,
  FlagsDecl,
  AvpFlagsDecl,
  Listen,
  Alias,
  Advertise,
  StrName,
  Virtual,
  Description,
  Kemi,
  Myself,
  Defined,
  Strlen,
  Strempty,
  Selval,
  LogNotWord,
  LogAndWord,
  LogOrWord,
  Modulo,
  StrEq,
  StrDiff,
  IntEq,
  IntDiff,
  NumberWord,
  ProtoWord,
  ConditionWord,
  CoreActionWord,
  ReservedWord,
  Identifier,
  NumId,
  IntCast,
  StrCast,
  EqEq,
  NotEq,
  RegexMatch,
  PlusAssign,
  Assign,
  LessEq,
  GreaterEq,
  ShiftLeft,
  ShiftRight,
  Less,
  Greater,
  AndAnd,
  OrOr,
  Bang,
  Tilde,
  Amp,
  Pipe,
  Caret,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Semicolon,
  Comma,
  Colon,
  Dot,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  BinaryOperator,
  TightOperator,
  EqualityOperator,
  RelationalOperator,
  ConditionField,
  Proto,
  RouteKeyword,
];

/**
 * How these definitions are lexed by Chevrotain's `Lexer`: the specification `scanner.ts` follows
 * by hand, and what test/parse/scanner.test.ts compares it with.
 */
export const LEXER_CONFIG = { positionTracking: "onlyOffset", ensureOptimizations: true } as const;

export type { IToken };
