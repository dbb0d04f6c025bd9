/** SIP method checks as Kamailio's core does them (`parse_method`, `is_method_in` letters). */

import type { MsgContext } from "../../engine/context.js";

/** The method of a request, or of the CSeq of a reply, in upper case ("" when it has none). */
export function methodOf(ctx: MsgContext): string {
  const msg = ctx.msg;
  if (msg.isRequest) return msg.method.toUpperCase();
  return msg.cseq()?.method.toUpperCase() ?? "";
}

/** The methods Kamailio gives an id (anything else is METHOD_OTHER). */
const KNOWN = new Set(["INVITE", "CANCEL", "ACK", "BYE", "INFO", "REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "OPTIONS", "PRACK", "UPDATE", "REFER", "PUBLISH", "KDMQ", "GET", "POST", "PUT", "DELETE"]);

/** `is_method_in` letters. */
const LETTERS: Record<string, string> = {
  I: "INVITE", A: "ACK", B: "BYE", C: "CANCEL", M: "MESSAGE", R: "REGISTER", E: "PRACK", P: "PUBLISH",
  S: "SUBSCRIBE", N: "NOTIFY", O: "OPTIONS", F: "REFER", G: "GET", U: "UPDATE", K: "KDMQ", D: "DELETE",
};

/** `KSR.is_method("INVITE")`, `KSR.is_method("INVITE|BYE")` (a list takes known methods only). */
export function isMethod(ctx: MsgContext, methods: string): boolean {
  if (methods.length === 0) return false;
  const m = methodOf(ctx);
  if (!methods.includes("|")) return m === methods.toUpperCase();
  if (!KNOWN.has(m)) return false;
  const list = methods.toUpperCase().split("|");
  if (list.some((x) => !KNOWN.has(x))) return false;
  return list.includes(m);
}

/** `KSR.is_method_in("IRB")`: one letter per method. */
export function isMethodIn(ctx: MsgContext, letters: string): boolean {
  const m = methodOf(ctx);
  if (!KNOWN.has(m)) return false;
  for (const ch of letters) if (LETTERS[ch.toUpperCase()] === m) return true;
  return false;
}
