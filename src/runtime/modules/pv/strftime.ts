/**
 * strftime(3) as glibc formats in the C locale (Kamailio never sets another), for `$timef(fmt)` and
 * `$utimef(fmt)`: every conversion, the `_ - 0 ^ #` flags, a field width, and the `E`/`O` modifiers
 * (no effect in the C locale). An unknown conversion is copied as written, as glibc does. Checked
 * against glibc's own strftime (python3's `time.strftime`).
 */

/** A broken-down time (`struct tm`), with the full year, month 0-11 and weekday 0 = Sunday. */
export interface BrokenDownTime {
  readonly sec: number;
  readonly min: number;
  readonly hour: number;
  readonly mday: number;
  readonly mon: number;
  readonly year: number;
  readonly wday: number;
  readonly yday: number;
  readonly isdst: number;
  /** Seconds east of UTC (`tm_gmtoff`). */
  readonly gmtoff: number;
  /** `tm_zone`: "GMT" for gmtime_r, the zone's abbreviation for localtime_r. */
  readonly zone: string;
  /** The time it breaks down (`%s`). */
  readonly epoch: number;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The broken-down form of `epoch` (seconds) in UTC (`gmtime_r`) or in the process's zone (`localtime_r`). */
export function breakDown(epoch: number, utc: boolean): BrokenDownTime {
  const d = new Date(epoch * 1000);
  if (utc) {
    const year = d.getUTCFullYear();
    return {
      sec: d.getUTCSeconds(),
      min: d.getUTCMinutes(),
      hour: d.getUTCHours(),
      mday: d.getUTCDate(),
      mon: d.getUTCMonth(),
      year,
      wday: d.getUTCDay(),
      yday: dayOfYear(year, d.getUTCMonth(), d.getUTCDate()),
      isdst: 0,
      gmtoff: 0,
      zone: "GMT",
      epoch,
    };
  }
  const year = d.getFullYear();
  const offset = d.getTimezoneOffset();
  // DST is on when the offset is east of the year's standard (smaller of January's and July's) one.
  const standard = Math.max(new Date(year, 0, 1).getTimezoneOffset(), new Date(year, 6, 1).getTimezoneOffset());
  return {
    sec: d.getSeconds(),
    min: d.getMinutes(),
    hour: d.getHours(),
    mday: d.getDate(),
    mon: d.getMonth(),
    year,
    wday: d.getDay(),
    yday: dayOfYear(year, d.getMonth(), d.getDate()),
    isdst: offset < standard ? 1 : 0,
    gmtoff: -offset * 60,
    zone: zoneName(d),
    epoch,
  };
}

function dayOfYear(year: number, mon: number, mday: number): number {
  return Math.round((Date.UTC(year, mon, mday) - Date.UTC(year, 0, 1)) / 86_400_000);
}

let zoneFormats: Intl.DateTimeFormat[] | null = null;

/**
 * The local zone's abbreviation at `d` (`UTC`, `CEST`, `EST`), as the C library's `tm_zone`: ICU's
 * short name, from the British English data when the American one has none (`GMT+1` for Berlin).
 * Zones ICU has no abbreviation for at all keep the `GMT+9` form, where glibc reads `JST` from tzdata.
 */
function zoneName(d: Date): string {
  zoneFormats ??= ["en-US", "en-GB"].map((l) => new Intl.DateTimeFormat(l, { timeZoneName: "short" }));
  let name = "";
  for (const f of zoneFormats) {
    name = f.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? "";
    if (!/^GMT[+-]/.test(name)) break;
  }
  return name;
}

/** ISO 8601 week-based year and week (`%G`, `%V`). */
function isoWeek(t: BrokenDownTime): { year: number; week: number } {
  const wdayMon = (t.wday + 6) % 7;
  // The Thursday of this week decides the year it belongs to.
  const thursday = t.yday - wdayMon + 3;
  const daysIn = (y: number) => (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365);
  if (thursday < 0) {
    const prev = t.year - 1;
    return { year: prev, week: Math.floor((thursday + daysIn(prev)) / 7) + 1 };
  }
  if (thursday >= daysIn(t.year)) return { year: t.year + 1, week: 1 };
  return { year: t.year, week: Math.floor(thursday / 7) + 1 };
}

interface Spec {
  readonly pad: string;
  readonly upper: boolean;
  readonly swap: boolean;
  readonly width: number;
}

function number(n: number, digits: number, defaultPad: "0" | " ", s: Spec): string {
  // `_` pads with spaces, `0` with zeros, `-` drops the conversion's own width (a given width still pads, with spaces).
  const fill = s.pad === "0" ? "0" : s.pad === "_" || s.pad === "-" ? " " : defaultPad;
  const text = String(Math.abs(n)).padStart(s.pad === "-" ? 1 : digits, fill);
  return widen(n < 0 ? `-${text}` : text, s, fill);
}

function widen(text: string, s: Spec, fill: string): string {
  return text.length >= s.width ? text : fill.repeat(s.width - text.length) + text;
}

function word(text: string, s: Spec, lowerOnSwap = false): string {
  let out = text;
  if (s.upper) out = out.toUpperCase();
  else if (s.swap) out = lowerOnSwap ? out.toLowerCase() : out.toUpperCase();
  return widen(out, s, s.pad === "0" ? "0" : " ");
}

function convert(c: string, t: BrokenDownTime, s: Spec): string | null {
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (c) {
    case "a":
      return word(DAYS[t.wday]!.slice(0, 3), s);
    case "A":
      return word(DAYS[t.wday]!, s);
    case "b":
    case "h":
      return word(MONTHS[t.mon]!.slice(0, 3), s);
    case "B":
      return word(MONTHS[t.mon]!, s);
    case "c":
      return word(format("%a %b %e %H:%M:%S %Y", t), s);
    case "C":
      return number(Math.floor(t.year / 100), 2, "0", s);
    case "d":
      return number(t.mday, 2, "0", s);
    case "D":
    case "x":
      return word(format("%m/%d/%y", t), s);
    case "e":
      return number(t.mday, 2, " ", s);
    case "F":
      return word(format("%Y-%m-%d", t), s);
    case "g":
      return number(isoWeek(t).year % 100, 2, "0", s);
    case "G":
      return number(isoWeek(t).year, 1, "0", s);
    case "H":
      return number(t.hour, 2, "0", s);
    case "I":
      return number(h12, 2, "0", s);
    case "j":
      return number(t.yday + 1, 3, "0", s);
    case "k":
      return number(t.hour, 2, " ", s);
    case "l":
      return number(h12, 2, " ", s);
    case "m":
      return number(t.mon + 1, 2, "0", s);
    case "M":
      return number(t.min, 2, "0", s);
    case "n":
      return widen("\n", s, " ");
    case "p":
      return word(t.hour < 12 ? "AM" : "PM", s, true);
    case "P":
      // glibc: always lower case, whatever the flags.
      return widen(t.hour < 12 ? "am" : "pm", s, " ");
    case "r":
      return word(format("%I:%M:%S %p", t), s);
    case "R":
      return word(format("%H:%M", t), s);
    case "s":
      return number(t.epoch, 1, "0", s);
    case "S":
      return number(t.sec, 2, "0", s);
    case "t":
      return widen("\t", s, " ");
    case "T":
    case "X":
      return word(format("%H:%M:%S", t), s);
    case "u":
      return number(t.wday === 0 ? 7 : t.wday, 1, "0", s);
    case "U":
      return number(Math.floor((t.yday + 7 - t.wday) / 7), 2, "0", s);
    case "V":
      return number(isoWeek(t).week, 2, "0", s);
    case "w":
      return number(t.wday, 1, "0", s);
    case "W":
      return number(Math.floor((t.yday + 7 - ((t.wday + 6) % 7)) / 7), 2, "0", s);
    case "y":
      return number(t.year % 100, 2, "0", s);
    case "Y":
      return number(t.year, 1, "0", s);
    case "z": {
      const off = Math.abs(t.gmtoff) / 60;
      const text = `${t.gmtoff < 0 ? "-" : "+"}${String(Math.floor(off / 60) * 100 + (off % 60)).padStart(4, "0")}`;
      return widen(text, s, s.pad === "_" || s.pad === "-" ? " " : "0");
    }
    case "Z":
      return word(t.zone, s, true);
    case "%":
      return widen("%", s, " ");
    default:
      return null;
  }
}

const FLAGS = "_-0^#";

/** strftime(fmt, t) without a size limit. */
export function format(fmt: string, t: BrokenDownTime): string {
  let out = "";
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    let j = pct + 1;
    let pad = "";
    let upper = false;
    let swap = false;
    while (j < fmt.length && FLAGS.includes(fmt[j]!)) {
      const f = fmt[j]!;
      if (f === "^") upper = true;
      else if (f === "#") swap = true;
      else pad = f;
      j++;
    }
    let width = 0;
    while (j < fmt.length && fmt[j]! >= "0" && fmt[j]! <= "9") width = width * 10 + Number(fmt[j++]);
    if (fmt[j] === "E" || fmt[j] === "O") j++;
    if (j >= fmt.length) {
      // A lone trailing `%` (or unfinished spec) is copied.
      out += fmt.slice(pct);
      break;
    }
    const text = convert(fmt[j]!, t, { pad, upper, swap, width });
    out += text ?? fmt.slice(pct, j + 1);
    i = j + 1;
  }
  return out;
}
