import { row, to } from "./define.js";

// xlog(fmt) logs at L_ERR (xlog_1_helper); the KEMI xlog.* functions expand PVs in the message themselves.
export default [
  row("xlog/1", to("xlog.xerr", 0)),
  row("xlog/3", null, { note: "no KEMI form takes a facility" }),
  row("xbug/1", null),
  row("xlogl/1", null),
  row("xlogl/2", null),
  row("xlogl/3", null),
  row("xdbgl/1", null),
  row("xlogm/2", null),
];
