/**
 * Format strings (`xlog("…$rU…")`, most module string arguments) split as Kamailio 5.6.3's
 * `pv_parse_format` does: text up to each `$`, then the spec `pv_locate_name` delimits there.
 * `$$` is a literal `$`. Kamailio refuses the whole format at start-up when one spec is bad; here
 * each bad spec is an error, kept as text so the parts still cover the input, and parsing goes on.
 */
import { parseSpecWithin } from "./spec-parser.js";
import type { FormatPart, PvSyntaxError } from "./types.js";

export function parseFormat(text: string): { parts: FormatPart[]; errors: PvSyntaxError[] } {
  const parts: FormatPart[] = [];
  const errors: PvSyntaxError[] = [];
  // Literal text, `$$` and bad specs accumulate here and become one text part.
  let textStart = 0;
  let textValue = "";
  const flushText = (end: number) => {
    if (end > textStart) parts.push({ kind: "text", value: textValue, start: textStart, end });
    textValue = "";
  };

  let p = 0;
  while (p < text.length) {
    const dollar = text.indexOf("$", p);
    if (dollar < 0) {
      textValue += text.slice(p);
      p = text.length;
      break;
    }
    textValue += text.slice(p, dollar);
    const r = parseSpecWithin(text, dollar, text.length);
    const end = dollar + r.length;
    if (r.error || !r.spec) {
      errors.push(r.error ?? { offset: dollar, message: "invalid pseudo-variable" });
      textValue += text.slice(dollar, end);
    } else if (r.spec.name === "$") {
      textValue += "$";
    } else {
      flushText(dollar);
      parts.push({ kind: "pv", spec: r.spec, start: dollar, end });
      textStart = end;
    }
    p = end;
  }
  flushText(p);
  return { parts, errors };
}

/** True when the format has no PV parts: its value is fixed (`$$` already turned into `$`). */
export function isConstantFormat(parts: readonly FormatPart[]): boolean {
  return parts.every((part) => part.kind === "text");
}
