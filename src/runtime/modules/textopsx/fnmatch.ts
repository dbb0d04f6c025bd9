/**
 * glibc `fnmatch(pattern, string, 0)` as a RegExp (`icase` for FNM_CASEFOLD): `*` any run of characters
 * (`/` and a leading `.` included: no FNM_PATHNAME or FNM_PERIOD), `?` one character, `[...]` a
 * bracket expression (`!` or `^` negates, `]` first is literal, `[:class:]` names), `\c` the
 * character c. An unterminated `[` matches itself.
 */

import { POSIX_CLASSES } from "../../../regex/posix.js";

const cache = new Map<string, RegExp>();

function literal(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** The bracket expression starting at `p[i] === "["`: its RegExp source and the index after it, or null. */
function bracket(p: string, i: number): { src: string; end: number } | null {
  let j = i + 1;
  let negate = false;
  if (p[j] === "!" || p[j] === "^") {
    negate = true;
    j++;
  }
  let body = "";
  let first = true;
  while (j < p.length) {
    const c = p[j]!;
    if (c === "]" && !first) return { src: `[${negate ? "^" : ""}${body}]`, end: j + 1 };
    first = false;
    if (c === "[" && p[j + 1] === ":") {
      const close = p.indexOf(":]", j + 2);
      const cls = close < 0 ? undefined : POSIX_CLASSES[p.slice(j + 2, close)];
      if (cls !== undefined) {
        body += cls;
        j = close + 2;
        continue;
      }
    }
    if (c === "\\" && j + 1 < p.length) {
      body += literal(p[j + 1]!);
      j += 2;
      continue;
    }
    // A range keeps its dash; everything else is literal.
    if (c === "-" && body.length > 0 && p[j + 1] !== "]" && j + 1 < p.length) body += "-";
    else body += literal(c);
    j++;
  }
  return null;
}

export function globToRegExp(pattern: string, icase: boolean): RegExp {
  const key = `${icase ? "i" : "-"}${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let src = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "*") {
      src += "[\\s\\S]*";
      i++;
    } else if (c === "?") {
      src += "[\\s\\S]";
      i++;
    } else if (c === "[") {
      const b = bracket(pattern, i);
      if (b === null) {
        src += "\\[";
        i++;
      } else {
        src += b.src;
        i = b.end;
      }
    } else if (c === "\\" && i + 1 < pattern.length) {
      src += literal(pattern[i + 1]!);
      i += 2;
    } else {
      src += literal(c);
      i++;
    }
  }
  const re = new RegExp(`^(?:${src})$`, icase ? "i" : "");
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}
