/** The value of a double-quoted cfg string, as cfg.lex's STRING1 state builds it. `start` at `"`, `end` after the closing `"`. */
export function decodeDoubleString(text: string, start: number, end: number): string {
  const out: string[] = [];
  let run = start + 1;
  const last = end - 1;
  for (let i = start + 1; i < last; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    out.push(text.slice(run, i));
    const e = text[i + 1]!;
    let used = 2;
    switch (e) {
      case "n":
        out.push("\n");
        break;
      case "r":
        out.push("\r");
        break;
      case "a":
        out.push("\x07");
        break;
      case "t":
        out.push("\t");
        break;
      case '"':
      case "\\":
        out.push(e);
        break;
      case "\n":
        break;
      case "x": {
        let n = 0;
        while (n < 2 && i + 2 + n < last && /[0-9a-fA-F]/.test(text[i + 2 + n]!)) n++;
        if (n === 0) {
          out.push("\\x");
          break;
        }
        out.push(String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 2 + n), 16)));
        used = 2 + n;
        break;
      }
      default: {
        let n = 0;
        while (n < 3 && i + 1 + n < last && text.charCodeAt(i + 1 + n) >= 48 && text.charCodeAt(i + 1 + n) <= 55) n++;
        if (n >= 2) {
          out.push(String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 1 + n), 8) & 255));
          used = 1 + n;
        } else out.push(`\\${e}`);
      }
    }
    i += used - 1;
    run = i + 1;
  }
  out.push(text.slice(run, last));
  return out.join("");
}

/** A double-quoted cfg string literal whose value is `value`. */
export function encodeDoubleString(value: string): string {
  const out: string[] = ['"'];
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let esc: string | undefined;
    if (c === 92) esc = "\\\\";
    else if (c === 34) esc = '\\"';
    else if (c === 10) esc = "\\n";
    else if (c === 13) esc = "\\r";
    else if (c === 9) esc = "\\t";
    if (esc === undefined) continue;
    out.push(value.slice(run, i), esc);
    run = i + 1;
  }
  out.push(value.slice(run), '"');
  return out.join("");
}

/** A cfg string literal for a rewritten single-quoted string: raw when possible. */
export function encodeSingleString(value: string): string {
  return value.includes("'") ? encodeDoubleString(value) : `'${value}'`;
}
