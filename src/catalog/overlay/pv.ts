import { row, to, toNegated } from "./define.js";

// The pv module's functions live under KSR.pvx; KSR.pv is the core PV accessor.
export default [
  row("pv_isset/1", toNegated("pv.is_null", 0), { note: "pv_isset is true when the PV is set, is_null the opposite" }),
  row("pv_unset/1", to("pv.unset", 0)),
  row("pv_evalx/2", to("pvx.evalx", 0, 1), { note: "evalx expands its second argument itself" }),
  row("is_int/1", null),
  row("not_empty/1", null),
  row("typeof/2", null),
];
