import type { SubstRule } from "./types.js";

/**
 * `#!subst` expressions, as Kamailio's core `subst_parser` (re.c) reads them:
 * `<sep>regex<sep>replacement<sep>flags` with a POSIX extended regex, flags `i`, `g`, `s`.
 */

type ReplacementPart = string | number; // literal text, or a back-reference \0-\9

export interface CompiledSubst {
  readonly rule: SubstRule;
  readonly parts: readonly ReplacementPart[];
}

export type SubstParse =
  | { readonly ok: true; readonly subst: CompiledSubst; readonly unsupported: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** Parses a subst expression. `unsupported` lists replacement parts Kamailio evaluates at start-up. */
export function parseSubst(directive: SubstRule["directive"], source: string): SubstParse {
  if (source.length < 3) return { ok: false, message: `expression "${source}" is too short` };
  const sep = source.charCodeAt(0);
  if (sep === 92) return { ok: false, message: "the separator cannot be a backslash" };
  const reEnd = findUnescaped(source, sep, 1);
  if (reEnd < 0) return { ok: false, message: `no separator after the regular expression in "${source}"` };
  if (source.length < reEnd + 2) return { ok: false, message: `expression "${source}" is too short` };
  const parts: ReplacementPart[] = [];
  const unsupported: string[] = [];
  let literal: string[] = [];
  let i = reEnd + 1;
  let closed = false;
  for (; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92 && i + 1 < source.length) {
      const e = source[++i]!;
      if (e >= "0" && e <= "9") {
        if (literal.length) parts.push(literal.join(""));
        literal = [];
        parts.push(e.charCodeAt(0) - 48);
      } else if (e === "n") literal.push("\n");
      else if (e === "r") literal.push("\r");
      else if (e === "t") literal.push("\t");
      else if (e === "u") {
        unsupported.push("\\u (the request URI)");
        literal.push("\\u");
      } else literal.push(e);
    } else if (c === 36) {
      unsupported.push("$ (a pseudo-variable)");
      literal.push("$");
    } else if (c === sep) {
      closed = true;
      break;
    } else literal.push(source[i]!);
  }
  if (!closed) return { ok: false, message: `no separator after the replacement in "${source}"` };
  if (literal.length) parts.push(literal.join(""));
  let jsFlags = "m";
  let global = false;
  for (const f of source.slice(i + 1)) {
    if (f === "i") jsFlags += "i";
    else if (f === "g") global = true;
    else if (f === "s") jsFlags = jsFlags.replace("m", "s");
    else return { ok: false, message: `unknown flag '${f}' in "${source}"` };
  }
  const converted = posixToJs(source.slice(1, reEnd));
  if (typeof converted !== "string") return { ok: false, message: converted.error };
  let regex: RegExp;
  try {
    regex = new RegExp(converted, `${jsFlags}g`);
  } catch {
    return { ok: false, message: `bad regular expression "${source.slice(1, reEnd)}"` };
  }
  const rule: SubstRule = { directive, source, regex, replacement: source.slice(reEnd + 1, i), global };
  return { ok: true, subst: { rule, parts }, unsupported };
}

/**
 * The define a `#!substdef` makes: the name is the regex text, the value the raw replacement text
 * (pp_substdef_add: separators found by "not preceded by a backslash", no unescaping).
 */
export function substdefParts(source: string): { name: string; value: string } | undefined {
  const sep = source.charCodeAt(0);
  const a = findUnescaped(source, sep, 1);
  if (a <= 1) return undefined;
  const b = findUnescaped(source, sep, a + 1);
  if (b < 0) return undefined;
  return { name: source.slice(1, a), value: source.slice(a + 1, b) };
}

function findUnescaped(s: string, sep: number, from: number): number {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) === sep && s.charCodeAt(i - 1) !== 92) return i;
  return -1;
}

/** Runs every rule in order, each on the previous result. Returns `undefined` when nothing changed. */
export function applySubsts(substs: readonly CompiledSubst[], input: string): string | undefined {
  if (input.length === 0) return undefined;
  let current = input;
  let changed = false;
  for (const s of substs) {
    const r = applyOne(s, current);
    if (r !== undefined) {
      current = r;
      changed = true;
    }
  }
  return changed ? current : undefined;
}

function applyOne(s: CompiledSubst, input: string): string | undefined {
  const re = s.rule.regex;
  re.lastIndex = 0;
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null = re.exec(input);
  if (!m) return undefined;
  while (m) {
    // regexec finding an empty match is an error in Kamailio: the string is left unchanged.
    if (m[0].length === 0) return undefined;
    out.push(input.slice(last, m.index));
    for (const p of s.parts) out.push(typeof p === "number" ? (m[p] ?? "") : p);
    last = m.index + m[0].length;
    if (!s.rule.global) break;
    m = re.exec(input);
  }
  out.push(input.slice(last));
  return out.join("");
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

/**
 * A POSIX extended regex as a JavaScript regex source. Bracket expressions differ most: `[:class:]`
 * names, a leading `]` is literal, and a backslash inside brackets is an ordinary character.
 * Outside brackets glibc knows `\w \W \s \S \b \B \< \>`; any other escaped letter is the letter.
 */
export function posixToJs(re: string): string | { error: string } {
  const out: string[] = [];
  let i = 0;
  while (i < re.length) {
    const c = re[i]!;
    if (c === "\\") {
      const e = re[i + 1];
      if (e === undefined) return { error: `regular expression "${re}" ends with a backslash` };
      if ("wWsSbB".includes(e) || (e >= "1" && e <= "9")) out.push(`\\${e}`);
      else if (e === "<" || e === ">") out.push("\\b");
      else if (/[A-Za-z0-9]/.test(e)) out.push(e);
      else out.push(`\\${e}`);
      i += 2;
    } else if (c === "[") {
      const r = convertBracket(re, i);
      if ("error" in r) return r;
      out.push(r.text);
      i = r.end;
    } else {
      out.push(c);
      i++;
    }
  }
  return out.join("");
}

function convertBracket(re: string, start: number): { text: string; end: number } | { error: string } {
  const out: string[] = ["["];
  let i = start + 1;
  if (re[i] === "^") {
    out.push("^");
    i++;
  }
  if (re[i] === "]") {
    out.push("\\]");
    i++;
  }
  while (i < re.length) {
    const c = re[i]!;
    if (c === "]") {
      out.push("]");
      return { text: out.join(""), end: i + 1 };
    }
    if (c === "[" && (re[i + 1] === ":" || re[i + 1] === "." || re[i + 1] === "=")) {
      const kind = re[i + 1]!;
      const close = re.indexOf(`${kind}]`, i + 2);
      if (close < 0) return { error: `unclosed [${kind} in regular expression "${re}"` };
      const name = re.slice(i + 2, close);
      if (kind === ":") {
        const cls = POSIX_CLASSES[name];
        if (!cls) return { error: `unknown character class [:${name}:] in regular expression "${re}"` };
        out.push(cls);
      } else out.push(escapeInBracket(name));
      i = close + 2;
    } else {
      out.push(c === "\\" || c === "[" ? `\\${c}` : c);
      i++;
    }
  }
  return { error: `unclosed [ in regular expression "${re}"` };
}

function escapeInBracket(s: string): string {
  return s.replace(/[\\\][^-]/g, (m) => `\\${m}`);
}
