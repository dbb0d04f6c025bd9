/**
 * sed-style substitution expressions `s/re/replacement/flags` as Kamailio's core parses and runs
 * them (`subst_parser`, `parse_repl`, `subst_run`, `replace_build` in `core/re.c`): the first
 * character is the separator; flags `i` (ignore case), `g` (all matches), `s` (let `.` match a
 * newline: no REG_NEWLINE). In the replacement `\0`..`\9` are groups, `\n \r \t \\ \$` characters,
 * `\u` the R-URI, any other `\c` the character itself, and `$pv` a pseudo-variable read when applied.
 */

import { parsePvSpecAt } from "../../../pv/index.js";
import { compileTextRegex, latin1Of } from "./regex.js";

type Piece =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "group"; readonly n: number }
  | { readonly kind: "ruri" }
  | { readonly kind: "pv"; readonly name: string };

export interface SubstExpr {
  readonly re: RegExp;
  readonly all: boolean;
  readonly pieces: readonly Piece[];
}

/** What a replacement reads from the message: the R-URI for `\u`, PV values. */
export interface SubstEnv {
  ruri(): string | null;
  pv(name: string): string;
}

/** A match to replace: byte offsets in the subject and the replacement (latin1 string). */
export interface SubstMatch {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Parses an expression, or returns why it is invalid (Kamailio's error message). */
export function parseSubst(expr: string): SubstExpr | string {
  const s = latin1Of(expr);
  if (s.length < 3) return `expression is too short: ${expr}`;
  const sep = s[0]!;
  if (sep === "\\") return `invalid separator char <${sep}> in ${expr}`;
  let p = 1;
  for (; p < s.length; p++) if (s[p] === sep && s[p - 1] !== "\\") break;
  if (p >= s.length) return `no separator found: ${expr}`;
  const reText = s.slice(1, p);
  if (s.length < p + 2) return "String too short";
  const pieces: Piece[] = [];
  let lit = "";
  const flush = () => {
    if (lit !== "") pieces.push({ kind: "text", text: lit });
    lit = "";
  };
  let q = p + 1;
  let closed = false;
  for (; q < s.length; q++) {
    const c = s[q]!;
    if (c === "\\") {
      const n = s[q + 1];
      if (n === undefined) break;
      q++;
      if (n >= "0" && n <= "9") {
        flush();
        pieces.push({ kind: "group", n: n.charCodeAt(0) - 48 });
      } else if (n === "u") {
        flush();
        pieces.push({ kind: "ruri" });
      } else {
        lit += n === "n" ? "\n" : n === "r" ? "\r" : n === "t" ? "\t" : n;
      }
    } else if (c === "$") {
      const r = parsePvSpecAt(s, q);
      if (r.error !== undefined || r.length <= 1) return `bad specifier in replace part ${expr}`;
      flush();
      pieces.push({ kind: "pv", name: s.slice(q, q + r.length) });
      q += r.length - 1;
    } else if (c === sep) {
      closed = true;
      break;
    } else {
      lit += c;
    }
  }
  if (!closed) return `missing separator: ${expr}`;
  flush();
  let icase = false;
  let newline = true;
  let all = false;
  for (const f of s.slice(q + 1)) {
    if (f === "i") icase = true;
    else if (f === "s") newline = false;
    else if (f === "g") all = true;
    else return `unknown flag ${f} in ${expr}`;
  }
  // The regex was sliced from the latin1 bytes: turn it back into the text compileTextRegex expects.
  const re = compileTextRegex(Buffer.from(reText, "latin1").toString("utf8"), icase, newline);
  if (typeof re === "string") return `bad regular expression ${reText} in ${expr}`;
  return { re, all, pieces };
}

/**
 * `subst_run` over `subject[from..]`: the matches (one, or all with `g`), each with its replacement.
 * An empty match is an error (null), as in Kamailio. Offsets are in `subject`.
 */
export function runSubst(se: SubstExpr, subject: string, from: number, env: SubstEnv): SubstMatch[] | null {
  const out: SubstMatch[] = [];
  let at = from;
  do {
    se.re.lastIndex = at;
    const m = se.re.exec(subject);
    if (m === null) break;
    if (m[0].length === 0) return null;
    out.push({ start: m.index, end: m.index + m[0].length, text: build(se, m, env) });
    at = m.index + m[0].length;
  } while (se.all && at < subject.length);
  return out;
}

function build(se: SubstExpr, m: RegExpExecArray, env: SubstEnv): string {
  let out = "";
  for (const p of se.pieces) {
    if (p.kind === "text") out += p.text;
    else if (p.kind === "group") out += m[p.n] ?? "";
    else if (p.kind === "ruri") out += env.ruri() ?? "";
    else out += latin1Of(env.pv(p.name));
  }
  return out;
}

/** Applies matches to a string (for `subst_uri`/`subst_user`): the result, or null when none matched. */
export function applyMatches(subject: string, matches: readonly SubstMatch[]): string | null {
  if (matches.length === 0) return null;
  let out = "";
  let cursor = 0;
  for (const x of matches) {
    out += subject.slice(cursor, x.start) + x.text;
    cursor = x.end;
  }
  return out + subject.slice(cursor);
}
