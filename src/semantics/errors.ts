/**
 * Kamailio's internal error codes (`ser_error`) and the replies they turn into (`err2reason_phrase`
 * in core/error.c): `478 Unresolvable destination (478/TM)` from tm, `(478/SL)` from sl_reply_error.
 */

import { ksr } from "./ksr.js";

/** The internal error codes kemits meets (core/error.h). */
export const E = {
  OK: 0,
  UNSPEC: -1,
  CFG: -6,
  BAD_TUPEL: -9,
  SCRIPT: -10,
  EXEC: -11,
  TOO_MANY_BRANCHES: -12,
  BAD_TO: -13,
  Q_INV_CHAR: -15,
  Q_EMPTY: -16,
  Q_TOO_BIG: -17,
  Q_DEC_MISSING: -18,
  BAD_REQ: -400,
  SEND: -477,
  BAD_ADDRESS: -478,
  BAD_URI: -479,
  CANCELED: -487,
} as const;

/** [SIP code, reason text] for internal error `err`, the reason signed as `signature` ("TM", "SL"). */
export function errorReply(err: number, signature: string): [number, string] {
  const [code, text] = errorText(err);
  return [code, `${text} (${-err}/${signature})`];
}

function errorText(err: number): [number, string] {
  switch (err) {
    case E.SEND:
      return [477, "Unfortunately error on sending to next hop occurred"];
    case E.BAD_ADDRESS:
      return [478, "Unresolvable destination"];
    case E.BAD_REQ:
      return [400, "Bad Request"];
    case E.BAD_URI:
      return [479, "Regretfully, we were not able to process the URI"];
    case E.BAD_TUPEL:
      return [400, "Transaction tuple incomplete"];
    case E.BAD_TO:
      return [400, "Bad To"];
    case E.EXEC:
      return [500, "Error in external logic"];
    case E.TOO_MANY_BRANCHES:
      return [500, "Forking capacity exceeded"];
    case E.Q_INV_CHAR:
      return [400, "Invalid character in q parameter"];
    case E.Q_EMPTY:
      return [400, "Empty q parameter"];
    case E.Q_TOO_BIG:
      return [400, "Q parameter too big"];
    case E.Q_DEC_MISSING:
      return [400, "Decimal part missing in q"];
    case E.CANCELED:
      return [487, "Transaction canceled"];
    case E.OK:
      return [500, "No error"];
    default:
      return [500, "I'm terribly sorry, server error occurred"];
  }
}

/**
 * The error the last t_relay left (Kamailio's `ser_error`), kept for an `sl_reply_error()` that
 * natively follows it. Only calls the compiler found right before an `sl_reply_error()` keep it
 * (src/analyze/error-replies.ts), so the value is always the previous action's.
 */
let lastError: number = E.UNSPEC;

/** A t_relay-family result, kept as the error it leaves: its own code when negative, none (E_OK) when it succeeded. */
export function keepError(code: number): number {
  lastError = code > 0 ? E.OK : code;
  return code;
}

/** Native `sl_reply_error()` after a kept t_relay result: the stateless reply for that error. */
export function slReplyError(): number {
  const [code, reason] = errorReply(lastError, "SL");
  lastError = E.UNSPEC;
  const sent = ksr().sl.sl_send_reply(code, reason);
  return sent < 0 ? sent : 1;
}
