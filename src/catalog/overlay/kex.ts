import { row, to } from "./define.js";

// kex's flag and destination functions are core KSR functions in KEMI (the same-name rule finds the
// one-argument forms); the branch-indexed forms have their own names; only setdebug stays under KSR.kex.
export default [
  row("setbflag/2", to("setbiflag", 0, 1)),
  row("resetbflag/2", to("resetbiflag", 0, 1)),
  row("isbflagset/2", to("isbiflagset", 0, 1)),
  row("setdebug/1", to("kex.setdebug", 0)),
  row("resetdebug/0", to("kex.resetdebug")),
  row("pv_printf/2", null),
  row("avp_printf/2", null),
];
