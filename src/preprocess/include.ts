import { isAbsolute, resolve } from "node:path";

export type IncludeResolution =
  | { readonly found: true; readonly path: string; readonly text: string }
  | { readonly found: false; readonly tried: readonly string[] };

/**
 * Finds an included file the way sr_push_yy_state does: the name as given (relative names against
 * the working directory) and, only if that fails and the name is relative, in the directory of the
 * including file as Kamailio knows its path. Returned paths are spelled as Kamailio would open them.
 */
export function resolveInclude(
  name: string,
  includingPath: string,
  cwd: string,
  readFile: (path: string) => string | undefined,
): IncludeResolution {
  const read = (p: string) => readFile(isAbsolute(p) ? p : resolve(cwd, p));
  const direct = read(name);
  if (direct !== undefined) return { found: true, path: name, text: direct };
  const slash = includingPath.lastIndexOf("/");
  if (name.startsWith("/") || slash < 0) return { found: false, tried: [name] };
  const sibling = `${includingPath.slice(0, slash)}/${name}`;
  const text = read(sibling);
  if (text !== undefined) return { found: true, path: sibling, text };
  return { found: false, tried: [name, sibling] };
}

/**
 * The file name inside the quotes of an include token, unescaped (`\t \n \r`, any other `\c` is c).
 * Returns an error message when Kamailio would reject the token.
 */
export function includeName(token: string): { name: string } | { error: string } {
  if (token.length >= 128) return { error: `included file name is too long (${token.length} characters, at most 127)` };
  const last = token.length - 1;
  if (token.charCodeAt(0) !== 34 || token.charCodeAt(last) !== 34 || last === 0) {
    return { error: `included file name must be in double quotes, with nothing after them: ${token}` };
  }
  const out: string[] = [];
  for (let i = 1; i < last; i++) {
    const c = token[i]!;
    if (c !== "\\") {
      out.push(c);
      continue;
    }
    if (i + 1 === last) return { error: `invalid escape at the end of included file name ${token}` };
    const e = token[++i]!;
    out.push(e === "t" ? "\t" : e === "n" ? "\n" : e === "r" ? "\r" : e);
  }
  if (out.length === 0) return { error: "included file name is empty" };
  return { name: out.join("") };
}
