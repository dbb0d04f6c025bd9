/**
 * The ACC log line (acc.c `acc_log_request`): the event text (`ACC: transaction answered: `), the
 * timestamp in the `time_mode` asked for, then `;name=value` for the core attributes (method,
 * from_tag, to_tag, call_id, code, reason) and the `log_extra` pairs; a missing value prints empty.
 */

export interface AccTime {
  /** 0: seconds; 1: plus `;<time_exten>=<usec>`; 2: plus `;<time_attr>=<sec.msec>`; 3 / 4: plus `;<time_attr>=<time_format>` in local time / UTC. */
  readonly mode: number;
  readonly attr: string;
  readonly exten: string;
  readonly format: string;
}

/** What Kamailio prints before the text: where its LM_GEN2 call for the time mode is (modes other than 1–4 print like 0). */
export function accOrigin(mode: number): string {
  const line = mode === 1 ? 261 : mode === 2 ? 268 : mode === 3 || mode === 4 ? 281 : 287;
  return `acc [acc.c:${line}]: acc_log_request(): `;
}

/** The strftime conversions `time_format` may use in kemits. */
const CONVERSIONS = "YmdHMSFT%";

/** An error for a `time_format` kemits cannot format, else undefined. */
export function checkTimeFormat(format: string): string | undefined {
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== "%") continue;
    const c = format[++i];
    if (c === undefined || !CONVERSIONS.includes(c)) return `time_format conversion %${c ?? ""} is not supported by kemits (only %${[...CONVERSIONS].join(" %")})`;
  }
  return undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** strftime for the conversions checkTimeFormat accepts, in local time or UTC. */
function formatTime(format: string, d: Date, utc: boolean): string {
  const Y = utc ? d.getUTCFullYear() : d.getFullYear();
  const m = pad((utc ? d.getUTCMonth() : d.getMonth()) + 1);
  const day = pad(utc ? d.getUTCDate() : d.getDate());
  const H = pad(utc ? d.getUTCHours() : d.getHours());
  const M = pad(utc ? d.getUTCMinutes() : d.getMinutes());
  const S = pad(utc ? d.getUTCSeconds() : d.getSeconds());
  return format.replace(/%(.)/g, (_, c: string) => {
    switch (c) {
      case "Y":
        return String(Y);
      case "m":
        return m;
      case "d":
        return day;
      case "H":
        return H;
      case "M":
        return M;
      case "S":
        return S;
      case "F":
        return `${Y}-${m}-${day}`;
      case "T":
        return `${H}:${M}:${S}`;
      default:
        return "%";
    }
  });
}

/** `text` + timestamp + pairs, for a record taken at `nowMs` (milliseconds since the epoch). */
export function accLine(text: string, nowMs: number, time: AccTime, pairs: readonly (readonly [string, string | null])[]): string {
  const sec = Math.floor(nowMs / 1000);
  const usec = Math.floor((nowMs - sec * 1000) * 1000);
  let out = `${text}timestamp=${sec}`;
  if (time.mode === 1) out += `;${time.exten}=${usec}`;
  else if (time.mode === 2) out += `;${time.attr}=${(sec + usec / 1e6).toFixed(3)}`;
  else if (time.mode === 3 || time.mode === 4) out += `;${time.attr}=${formatTime(time.format, new Date(sec * 1000), time.mode === 4)}`;
  for (const [name, value] of pairs) out += `;${name}=${value ?? ""}`;
  return `${out}\n`;
}
