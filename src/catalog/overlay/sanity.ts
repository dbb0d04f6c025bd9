import { modparam, row, toFailureEnds } from "./define.js";

// w_sanity_check fills a missing argument from the modparams default_checks / uri_checks. With
// autodrop (on by default) a failed check returns 0 natively, which ends the script; the KEMI
// functions return -1 whatever autodrop says (sanity.c has no other negative result).
const AUTODROP = ["autodrop", 1] as const;
export default [
  row("sanity_check/0", toFailureEnds(...AUTODROP, "sanity.sanity_check_defaults")),
  row("sanity_check/1", toFailureEnds(...AUTODROP, "sanity.sanity_check", 0, modparam("uri_checks", 7)), {
    note: "uri_checks defaults to SANITY_DEFAULT_URI_CHECKS = RURI|FROM|TO = 7",
  }),
  row("sanity_check/2", toFailureEnds(...AUTODROP, "sanity.sanity_check", 0, 1)),
];
