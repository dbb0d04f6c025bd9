/**
 * `$C(fb)`: xlog's terminal color escape (dprint_term_color). `f` is the foreground, upper case for
 * bold; `b` the background; `x` is the terminal's default. Kamailio gives "" when it logs to syslog
 * and `force_color` is off; kemits always logs to stderr (as Kamailio with `-E`), so the escape is
 * always given.
 */

const CODES: Readonly<Record<string, number>> = { s: 0, r: 1, g: 2, y: 3, b: 4, p: 5, c: 6, w: 7, x: 9 };

/** The escape for a color name, null when xlog's parser refuses the name (two letters, known colors). */
export function termColor(name: string): string | null {
  if (name.length !== 2) return null;
  const f = name[0]!;
  const b = name[1]!;
  const fg = CODES[f.toLowerCase()];
  // Bold is only for real colors: `X` is not a foreground name.
  if (fg === undefined || f === "X" || CODES[b] === undefined) return null;
  const bold = f !== f.toLowerCase();
  return `\x1b[${bold ? 1 : 0};3${fg};4${CODES[b]}m`;
}
