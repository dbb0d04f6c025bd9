/**
 * The regexes textops compiles: POSIX EREs with `REG_EXTENDED|REG_ICASE|REG_NEWLINE` (the `subst`
 * family chooses its own flags). `REG_NEWLINE` is applied on top of the shared POSIX translation
 * (`src/regex/posix.ts`): `.` and negated brackets do not match a newline, `^` also matches right
 * after a newline and `$` right before one (only LF: a CR is an ordinary character to glibc).
 * Patterns and subjects are latin1 strings so that offsets are byte offsets into the message.
 */

import { PosixRegexError, posixToJsSource } from "../../../regex/posix.js";

const cache = new Map<string, RegExp>();
const MAX_CACHED = 2000;

/** Rewrites a JS regex source for REG_NEWLINE (see the module comment). */
function newlineSensitive(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      out += src.slice(i, i + 2);
      i += 2;
    } else if (c === "[") {
      let j = i + 1;
      if (src[j] === "^") j++;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      const cls = src.slice(i, j + 1);
      if (cls === "[\\s\\S]") out += "[^\\n]";
      else if (cls.startsWith("[^")) out += `[^\\n${cls.slice(2)}`;
      else out += cls;
      i = j + 1;
    } else if (c === "^") {
      out += "(?:^|(?<=\\n))";
      i++;
    } else if (c === "$") {
      out += "(?=\\n|$)";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Compiles `pattern` (a JS string holding UTF-8 text, matched as bytes), or returns the reason
 * it is invalid. `newline` = REG_NEWLINE, `icase` = REG_ICASE. Results are cached.
 */
export function compileTextRegex(pattern: string, icase: boolean, newline: boolean): RegExp | string {
  const key = `${icase ? "i" : "-"}${newline ? "n" : "-"}${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let re: RegExp;
  try {
    const bytes = Buffer.from(pattern, "utf8").toString("latin1");
    const src = posixToJsSource(bytes, icase);
    re = new RegExp(newline ? newlineSensitive(src) : src, icase ? "gi" : "g");
  } catch (e) {
    return e instanceof PosixRegexError || e instanceof SyntaxError ? e.message : String(e);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, re);
  return re;
}

/** The first match in `text` at or after `from`, or null. */
export function execFrom(re: RegExp, text: string, from: number): RegExpExecArray | null {
  re.lastIndex = from;
  return re.exec(text);
}

/** Bytes as a latin1 string (one char per byte), for matching with byte offsets. */
export function bytesText(buf: Buffer, start = 0, end = buf.length): string {
  return buf.toString("latin1", start, end);
}

/** UTF-8 text as the latin1 string of its bytes. */
export function latin1Of(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}
