/**
 * The little SIP parsing the transformations need: a SIP/SIPS/TEL URI split into its parts, a
 * `;`-separated parameter list, and a name-addr (`"Name" <uri>;params`). Kept private to `src/pv`
 * until the SIP layer (`src/runtime/sip/`) exports its own parser; then this should use that one.
 */

export interface SipUri {
  readonly scheme: string;
  readonly user: string;
  readonly passwd: string;
  readonly host: string;
  /** Port text as written ("" when absent). */
  readonly port: string;
  /** Parameters after the host, without the leading `;` ("" when none). */
  readonly params: string;
  /** Parameters inside the user part (`sip:alice;phone=1@h`), without the leading `;`. */
  readonly userParams: string;
  /** Headers after `?` ("" when none). */
  readonly headers: string;
}

/** Parses `sip:`, `sips:`, `tel:` and `tels:` URIs; undefined when it is not one. */
export function parseSipUri(text: string): SipUri | undefined {
  const m = /^(sips?|tels?):(.*)$/i.exec(text);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  let rest = m[2]!;
  let headers = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (scheme.startsWith("tel")) {
    // tel:+123;phone-context=x: the number is the user, there is no host.
    const semi = rest.indexOf(";");
    const user = semi < 0 ? rest : rest.slice(0, semi);
    if (user === "") return undefined;
    return { scheme, user, passwd: "", host: "", port: "", params: semi < 0 ? "" : rest.slice(semi + 1), userParams: "", headers };
  }
  let userinfo = "";
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (userinfo === "") return undefined;
  }
  let userPart = userinfo;
  let passwd = "";
  const colon = userinfo.indexOf(":");
  if (colon >= 0) {
    userPart = userinfo.slice(0, colon);
    passwd = userinfo.slice(colon + 1);
  }
  let userParams = "";
  const us = userPart.indexOf(";");
  const user = us < 0 ? userPart : userPart.slice(0, us);
  if (us >= 0) userParams = userPart.slice(us + 1);
  const semi = rest.indexOf(";");
  const hostport = semi < 0 ? rest : rest.slice(0, semi);
  const params = semi < 0 ? "" : rest.slice(semi + 1);
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(hostport);
  if (!hp) return undefined;
  const port = hp[2] ?? "";
  if (port !== "" && Number(port) > 65535) return undefined;
  return { scheme, user, passwd, host: hp[1]!, port, params, userParams, headers };
}

export interface Param {
  readonly name: string;
  /** Undefined for a parameter written without `=`. */
  readonly value: string | undefined;
}

/** Splits `a=1;b;c="x y"` at `sep` (outside double quotes), trimming names and values. */
export function splitParams(text: string, sep = ";"): Param[] {
  const out: Param[] = [];
  let cur = "";
  let quoted = false;
  const push = () => {
    const eq = cur.indexOf("=");
    const name = (eq < 0 ? cur : cur.slice(0, eq)).trim();
    if (name !== "") out.push({ name, value: eq < 0 ? undefined : cur.slice(eq + 1).trim() });
    cur = "";
  };
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) push();
    else cur += ch;
  }
  push();
  return out;
}

export interface NameAddr {
  /** Display name as written, quotes included, trailing blanks kept as Kamailio does. */
  readonly name: string;
  readonly uri: string;
  /** Parameters after `>` (or after the URI in the addr-spec form), without the leading `;`. */
  readonly params: string;
  /** Length of the name-addr part: up to and including `>`, or the URI alone. */
  readonly len: number;
}

/** `"Name" <uri>;params`, `<uri>;params` or a bare `uri;params`; undefined when malformed. */
export function parseNameAddr(text: string): NameAddr | undefined {
  const s = text.replace(/^[ \t]+/, "");
  const lead = text.length - s.length;
  let i = 0;
  if (s[0] === '"') {
    i = 1;
    while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
    if (i >= s.length) return undefined;
    i++;
  }
  const lt = s.indexOf("<", i);
  if (lt >= 0) {
    const gt = s.indexOf(">", lt);
    if (gt < 0) return undefined;
    const after = s.slice(gt + 1).replace(/^[ \t]*;?/, "");
    return { name: s.slice(0, lt), uri: s.slice(lt + 1, gt), params: after, len: lead + gt + 1 };
  }
  if (i > 0) return undefined;
  const semi = s.indexOf(";");
  const uri = semi < 0 ? s.trimEnd() : s.slice(0, semi);
  return { name: "", uri, params: semi < 0 ? "" : s.slice(semi + 1), len: lead + uri.length };
}
