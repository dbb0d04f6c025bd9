/**
 * Digest credentials (`Authorization` / `Proxy-Authorization` values) as far as the sanity module
 * looks at them (`parse_digest_cred` in `core/parser/digest/`): the scheme, and which of the
 * parameters are present and with what value. Quoted values are unquoted.
 */

export interface DigestCredentials {
  readonly username?: string;
  readonly realm?: string;
  readonly nonce?: string;
  readonly uri?: string;
  readonly response?: string;
  readonly qop?: string;
  readonly cnonce?: string;
  readonly nc?: string;
}

type Field = keyof DigestCredentials;
const FIELDS = new Set<string>(["username", "realm", "nonce", "uri", "response", "qop", "cnonce", "nc"]);

/** The credentials, "not-digest" for another scheme, "bad" when the parameter list does not parse. */
export function parseDigest(value: string): DigestCredentials | "not-digest" | "bad" {
  const s = value.trim();
  const m = /^([A-Za-z0-9._!%*+`'~-]+)(?:[ \t\r\n]+|$)/.exec(s);
  if (m === null) return "bad";
  if (m[1]!.toLowerCase() !== "digest") return "not-digest";
  const out: Partial<Record<Field, string>> = {};
  let i = m[0].length;
  while (i < s.length) {
    while (i < s.length && /[ \t\r\n,]/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const eq = s.indexOf("=", i);
    if (eq < 0) return "bad";
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < s.length && /[ \t]/.test(s[i]!)) i++;
    let val: string;
    if (s[i] === '"') {
      let j = i + 1;
      let text = "";
      while (j < s.length && s[j] !== '"') {
        if (s[j] === "\\" && j + 1 < s.length) j++;
        text += s[j];
        j++;
      }
      if (j >= s.length) return "bad";
      val = text;
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== ",") j++;
      val = s.slice(i, j).trim();
      i = j;
    }
    if (FIELDS.has(name)) out[name as Field] = val;
  }
  return out;
}
