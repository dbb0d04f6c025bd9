import { modparam, row, to } from "./define.js";

// w_sanity_check fills a missing argument from the modparams default_checks / uri_checks.
export default [
  row("sanity_check/0", to("sanity.sanity_check_defaults")),
  row("sanity_check/1", to("sanity.sanity_check", 0, modparam("uri_checks", 7)), {
    note: "uri_checks defaults to SANITY_DEFAULT_URI_CHECKS = RURI|FROM|TO = 7",
  }),
];
