/** Values of literal tokens, as Kamailio's lexer computes them (cfg.lex; reference §1.3, §1.4). */

export interface DecodedString {
  value: string;
  /** The closing quote is missing: the token ran to the end of the text. */
  unterminated: boolean;
}

/**
 * A double-quoted token, possibly several adjacent literals joined by the lexer. Escapes:
 * `\n \r \a \t \" \\`, `\xH(H)`, 2-3 digit octal, backslash-newline dropped; any other `\c`
 * stays as the two characters. A NUL cuts the string (C strings).
 */
export function decodeDoubleString(raw: string): DecodedString {
  let out = "";
  let i = 1;
  let unterminated = true;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      // End of one literal; skip the blanks to the next one's opening quote, if any.
      let j = i + 1;
      while (j < raw.length && raw[j] !== '"') j++;
      if (j >= raw.length) {
        unterminated = false;
        break;
      }
      i = j + 1;
      continue;
    }
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const n = raw[i + 1];
    if (n === undefined) {
      out += c;
      break;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (n === "\n") {
      i += 2;
    } else if (n === "\r" && raw[i + 2] === "\n") {
      i += 3;
    } else if (n === "x" && isHex(raw[i + 2])) {
      const len = isHex(raw[i + 3]) ? 2 : 1;
      out += String.fromCharCode(Number.parseInt(raw.slice(i + 2, i + 2 + len), 16));
      i += 2 + len;
    } else if (isOctal(n) && isOctal(raw[i + 2])) {
      const len = isOctal(raw[i + 3]) ? 3 : 2;
      out += String.fromCharCode(Number.parseInt(raw.slice(i + 1, i + 1 + len), 8) & 0xff);
      i += 1 + len;
    } else {
      out += c + n;
      i += 2;
    }
  }
  const nul = out.indexOf("\0");
  return { value: nul >= 0 ? out.slice(0, nul) : out, unterminated };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", a: "\x07", t: "\t", '"': '"', "\\": "\\" };

function isHex(c: string | undefined): boolean {
  return c !== undefined && /[0-9a-fA-F]/.test(c);
}

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "7";
}

export function decodeSingleString(raw: string): DecodedString {
  const closed = raw.length >= 2 && raw.endsWith("'");
  return { value: raw.slice(1, closed ? -1 : undefined), unterminated: !closed };
}

/** A NUMBER token as C `int`: hex, `…b` binary, leading-0 octal, decimal; wraps at 32 bits. */
export function decodeNumber(raw: string): number {
  let v: number;
  if (raw.startsWith("0x")) v = Number.parseInt(raw.slice(2), 16);
  else if (raw.endsWith("b")) v = Number.parseInt(raw.slice(0, -1), 2);
  else if (raw.length > 1 && raw.startsWith("0")) v = Number.parseInt(raw.slice(1), 8);
  else v = Number(raw);
  return wrap32(v);
}

/** Words the lexer turns into NUMBER tokens. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ["yes", 1],
  ["true", 1],
  ["on", 1],
  ["enable", 1],
  ["no", 0],
  ["false", 0],
  ["off", 0],
  ["disable", 0],
  ["inet", 2],
  ["INET", 2],
  ["ipv4", 2],
  ["IPv4", 2],
  ["IPV4", 2],
  ["inet6", 10],
  ["INET6", 10],
  ["ipv6", 10],
  ["IPv6", 10],
  ["IPV6", 10],
]);

function wrap32(v: number): number {
  if (!Number.isFinite(v)) return 0;
  // atoi/strtol results stored in an int: keep the low 32 bits, signed.
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));
}
