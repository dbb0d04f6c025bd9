/**
 * POSIX extended regular expressions (what Kamailio compiles with glibc `regcomp(REG_EXTENDED)`)
 * turned into JavaScript RegExp sources. Used wherever the cfg holds a regex: `=~`, `case /"re":`,
 * `#!subst`, textops `search`, `re.subst` transformations.
 *
 * Differences handled: bracket expressions (`[[:digit:]]`, `]` first is literal, a backslash inside
 * brackets is literal), `\d`-style escapes glibc does not know match the letter itself, glibc's GNU
 * extensions `\w \W \s \S \b \B \< \>` keep their meaning, and `.` matches a newline (no REG_NEWLINE).
 * The sources are ES5 regexes (`.` is written `[\s\S]`, no lookbehind, no flags needed) because
 * Kamailio's app_jsdt (Duktape) rejects the `s` flag and lookbehind.
 * One glibc quirk is kept on purpose, since `=~` is case-insensitive and configs meet it: under
 * REG_ICASE an escaped lower-case letter that is not a GNU escape (`\d`, `\q`) matches nothing,
 * while without REG_ICASE it matches the letter (checked against glibc 2.36's regcomp).
 * Not emulated: POSIX leftmost-longest alternation (JS takes the first alternative that matches);
 * it changes what a replacement covers only for alternations whose earlier branch is a prefix of a
 * later one.
 */

/** POSIX character classes (`[:digit:]`) as JavaScript bracket contents; fnmatch shares them. */
export const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "\\x21-\\x7e",
  lower: "a-z",
  print: "\\x20-\\x7e",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
};

/** glibc escapes that keep a special meaning in ERE; any other `\c` is the character c. */
const GNU_ESCAPES: Record<string, string> = {
  w: "[A-Za-z0-9_]",
  W: "[^A-Za-z0-9_]",
  s: "\\s",
  S: "\\S",
  b: "\\b",
  B: "\\B",
  "<": "\\b(?=[A-Za-z0-9_])",
  ">": "\\b(?![A-Za-z0-9_])",
  "`": "^",
  "'": "$",
};

export class PosixRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The JS source for a POSIX ERE; throws PosixRegexError (with an offset) when it is invalid. */
export function posixToJsSource(re: string, icase = false): string {
  const out: string[] = [];
  let i = 0;
  while (i < re.length) {
    const c = re[i]!;
    if (c === "\\") {
      const n = re[i + 1];
      if (n === undefined) throw new PosixRegexError("trailing backslash", i);
      if (n >= "1" && n <= "9") out.push(`\\${n}`);
      else if (GNU_ESCAPES[n] !== undefined) out.push(GNU_ESCAPES[n]!);
      else if (icase && n >= "a" && n <= "z") out.push("(?!)");
      else out.push(escapeLiteral(n));
      i += 2;
    } else if (c === "[") {
      const { source, end } = convertBracket(re, i);
      out.push(source);
      i = end;
    } else if (c === "{") {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(re.slice(i));
      if (!m || (m[1] === "" && m[2] === undefined)) {
        throw new PosixRegexError("invalid interval: '{' must start {n}, {n,}, {,m} or {n,m}", i);
      }
      // glibc reads a missing lower bound as 0; JavaScript wants it written.
      out.push(`{${m[1] || "0"}${m[2] ?? ""}}`);
      i += m[0].length;
    } else {
      out.push(c === "." ? "[\\s\\S]" : c);
      i++;
    }
  }
  const source = out.join("");
  try {
    new RegExp(source);
  } catch (e) {
    throw new PosixRegexError((e as Error).message.replace(/^Invalid regular expression: /, ""), 0);
  }
  return source;
}

// A plain object, not a Map: this runs on Duktape (ES5) too.
let compiled: Record<string, RegExp> = Object.create(null);
let cachedCount = 0;

/** A cached RegExp for a POSIX ERE (case-insensitive when `icase`, as `=~` is). */
export function compilePosix(re: string, icase: boolean, global = false): RegExp {
  const key = `${icase ? "i" : "-"}${global ? "g" : "-"}${re}`;
  let r = compiled[key];
  if (!r) {
    r = new RegExp(posixToJsSource(re, icase), `${icase ? "i" : ""}${global ? "g" : ""}`);
    if (cachedCount > 10_000) {
      compiled = Object.create(null);
      cachedCount = 0;
    }
    compiled[key] = r;
    cachedCount++;
  }
  return r;
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function convertBracket(re: string, start: number): { source: string; end: number } {
  let i = start + 1;
  let negate = false;
  if (re[i] === "^") {
    negate = true;
    i++;
  }
  const parts: string[] = [];
  let first = true;
  while (i < re.length) {
    const c = re[i]!;
    if (c === "]" && !first) {
      return { source: `[${negate ? "^" : ""}${parts.join("")}]`, end: i + 1 };
    }
    first = false;
    if (c === "[" && (re[i + 1] === ":" || re[i + 1] === "=" || re[i + 1] === ".")) {
      const kind = re[i + 1]!;
      const close = re.indexOf(`${kind}]`, i + 2);
      if (close < 0) throw new PosixRegexError(`unterminated [${kind} in bracket expression`, i);
      const name = re.slice(i + 2, close);
      if (kind === ":") {
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) throw new PosixRegexError(`unknown character class [:${name}:]`, i);
        parts.push(cls);
      } else {
        parts.push(escapeInBracket(name));
      }
      i = close + 2;
      continue;
    }
    parts.push(escapeInBracket(c));
    i++;
  }
  throw new PosixRegexError("unterminated bracket expression '['", start);
}

function escapeInBracket(s: string): string {
  // A range dash stays a dash; everything JS treats specially inside [] is escaped.
  return s.replace(/[\\\]^[]/g, (m) => `\\${m}`);
}
