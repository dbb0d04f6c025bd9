/**
 * The time pseudo-variables of Kamailio's pv module (pv_time.c): the message's time (`$Ts`, `$Tf`,
 * `$TV(s)`, `$TV(u)`, `$time(…)`, `$timef(…)` and their UTC forms), the current time (`$TS`, `$TF`,
 * `$TV(sn)`, `$TV(Sn)`, `$TV(Fn)`), the start-up time (`$Tb`), and `$TV(un)`, the microseconds of the
 * last `$TV(sn)` read in this worker. A message's time is taken once and kept for the message, as
 * Kamailio's `msg->tval`: Kamailio stamps it on receipt (`msg_time=1`), kemits when the routing first
 * reads one of these (the engine keeps no receipt time), so it can be later by the routing done before.
 */

import type { PvValue } from "../../engine/context.js";
import type { SipMessage } from "../../sip/index.js";
import { breakDown, format } from "./strftime.js";

interface Timeval {
  readonly sec: number;
  readonly usec: number;
}

/** gettimeofday(2): wall-clock seconds and microseconds. */
function timeOfDay(): Timeval {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return { sec: Math.floor(us / 1e6), usec: us % 1e6 };
}

/** strftime's result must fit Kamailio's 64-byte buffer with its NUL, else the value is null. */
const STRFTIME_MAX = 63;

export class PvTimes {
  private readonly byMessage: WeakMap<SipMessage, Timeval>;
  /** `$Tb`: when the server started (Kamailio's up_since). */
  private readonly upSince: number;
  /** The last `$TV(sn)` read (Kamailio's static `_timeval_ts`), for `$TV(un)`. */
  private lastNow: Timeval;

  constructor() {
    this.byMessage = new WeakMap();
    this.upSince = Math.floor(Date.now() / 1000);
    this.lastNow = { sec: 0, usec: 0 };
  }

  /** msg_set_time: the message's time, taken on first use. */
  private of(msg: SipMessage): Timeval {
    let t = this.byMessage.get(msg);
    if (t === undefined) {
      t = timeOfDay();
      this.byMessage.set(msg, t);
    }
    return t;
  }

  /** The value of a time class (`name` without `$`, `inner` its name in parentheses). */
  get(msg: SipMessage, name: string, inner: string): PvValue {
    switch (name) {
      case "Ts":
        return this.of(msg).sec;
      case "Tf":
        return ctime(this.of(msg).sec);
      case "TS":
        return timeOfDay().sec;
      case "TF":
        return ctime(timeOfDay().sec);
      case "Tb":
        return this.upSince;
      case "TV":
        return this.timeval(msg, inner);
      case "time":
      case "utime":
        return field(breakDown(this.of(msg).sec, name === "utime"), inner);
      case "timef":
      case "utimef": {
        const text = format(inner, breakDown(this.of(msg).sec, name === "utimef"));
        return text === "" || Buffer.byteLength(text) > STRFTIME_MAX ? null : text;
      }
      default:
        return null;
    }
  }

  /** `$TV(s|u|sn|un|Sn|Fn)` (pv_get_timeval); any other name is refused by Kamailio's parser. */
  private timeval(msg: SipMessage, inner: string): PvValue {
    switch (inner) {
      case "s":
        return this.of(msg).sec;
      case "u":
        return this.of(msg).usec;
      case "sn":
        this.lastNow = timeOfDay();
        return this.lastNow.sec;
      case "un":
        return this.lastNow.usec;
      case "Sn": {
        const now = timeOfDay();
        return `${now.sec}.${String(now.usec).padStart(6, "0")}`;
      }
      case "Fn": {
        const now = timeOfDay();
        return `${format("%Y-%m-%d %H:%M:%S", breakDown(now.sec, false))}.${String(now.usec).padStart(6, "0")}`;
      }
      default:
        return null;
    }
  }
}

/** ctime_r without its newline: `Fri Nov 27 10:05:24 2026`, local time. */
function ctime(sec: number): string {
  return format("%a %b %e %H:%M:%S %Y", breakDown(sec, false));
}

/** `$time(name)` / `$utime(name)`: one field of the broken-down time (pv_parse_time_name's names). */
function field(t: ReturnType<typeof breakDown>, name: string): PvValue {
  switch (name) {
    case "sec":
      return t.sec;
    case "min":
      return t.min;
    case "hour":
      return t.hour;
    case "mday":
      return t.mday;
    case "mon":
      return t.mon + 1;
    case "year":
      return t.year;
    case "wday":
      return t.wday + 1;
    case "yday":
      return t.yday + 1;
    case "isdst":
      return t.isdst;
    default:
      return null;
  }
}
