// A rough scan of a kamailio.cfg for `loadmodule` lines and function calls (name + argument count), good
// enough to check catalog coverage until the real parser exists. It skips comments, strings, PVs
// (`$x(...)`), preprocessor lines and the grammar's own keywords; it reads every #!ifdef branch at once.
import { coreAction } from "../../src/catalog/index.js";

export interface CfgCall {
  readonly name: string;
  readonly arity: number;
  readonly line: number;
}

const NOT_CALLS = new Set([
  "if", "while", "switch", "case", "return", "modparam", "loadmodule", "defined", "strlen", "strempty", "selval",
  "int", "str", "not", "and", "or", "mod", "default", "else",
]);

/** Text with comments and preprocessor lines blanked out (newlines kept, so line numbers stay right). */
function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      const start = i++;
      while (i < src.length && src[i] !== c) i += src[i] === "\\" ? 2 : 1;
      out += src.slice(start, ++i);
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if ((c === "#" && src[i + 1] !== "!") || (c === "/" && src[i + 1] === "/")) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if ((c === "#" && src[i + 1] === "!") || (c === "!" && src[i + 1] === "!")) {
      // #!define and friends: a whole (possibly continued) line
      while (i < src.length && !(src[i] === "\n" && src[i - 1] !== "\\")) i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export function loadedModules(src: string): string[] {
  const out: string[] = [];
  for (const m of stripComments(src).matchAll(/\bloadmodule\s+"(?:[^"]*\/)?([\w]+)(?:\.so)?"/g)) out.push(m[1]!);
  return out;
}

export function calls(src: string): CfgCall[] {
  const text = stripComments(src);
  const out: CfgCall[] = [];
  const re = /(\$?\(?)\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[2]!;
    const before = text[m.index + m[1]!.length - 1];
    if (m[1]!.startsWith("$") || before === "." || before === "$" || NOT_CALLS.has(name) || coreAction(name)) continue;
    // inside a string? count quotes on the line before the match
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    if ((text.slice(lineStart, m.index).match(/"/g)?.length ?? 0) % 2 === 1) continue;
    let depth = 1;
    let i = re.lastIndex;
    let args = 0;
    let sawArg = false;
    while (i < text.length && depth > 0) {
      const c = text[i]!;
      if (c === '"' || c === "'") {
        i++;
        while (i < text.length && text[i] !== c) i += text[i] === "\\" ? 2 : 1;
        sawArg = true;
      } else if (c === "(") depth++;
      else if (c === ")") depth--;
      else if (c === "," && depth === 1) args++;
      else if (!/\s/.test(c)) sawArg = true;
      i++;
    }
    out.push({ name, arity: sawArg ? args + 1 : 0, line: text.slice(0, m.index).split("\n").length });
  }
  return out;
}
