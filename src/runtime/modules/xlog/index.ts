/**
 * xlog: log lines whose text is a PV format, expanded at run time (`ki_xlog_ex`): `KSR.xlog.xinfo("from
 * $fu\n")`. Lines carry the `prefix` modparam (`<script>: ` by default) and pass the `debug` level filter.
 */

import { LogLevel } from "../../engine/log.js";
import { defineModule, intParam, type ModuleContext, type ParamValues, strListParam, strParam } from "../../engine/module.js";
import type { PvApi } from "../pv/index.js";

const params = {
  buf_size: intParam(4096, { min: 1 }),
  force_color: intParam(0),
  long_format: intParam(0),
  methods_filter: intParam(-1),
  prefix: strParam("<script>: "),
  prefix_mode: intParam(0),
  log_facility: strParam("LOG_DAEMON"),
  log_colors: strListParam(),
};

interface XlogState {
  readonly pv: PvApi;
}
type Xlog = ModuleContext<ParamValues<typeof params>, XlogState>;

/** `xlog("L_INFO", …)` level names; anything else is L_ERR, as in Kamailio. */
const LEVELS: Record<string, number> = {
  l_alert: LogLevel.ALERT,
  l_bug: LogLevel.BUG,
  l_crit2: LogLevel.CRIT,
  l_crit: LogLevel.CRIT,
  l_err: LogLevel.ERROR,
  l_warn: LogLevel.WARNING,
  l_notice: LogLevel.NOTICE,
  l_info: LogLevel.INFO,
  l_dbg: LogLevel.DEBUG,
};

function xlog(m: Xlog, level: number, fmt: string): number {
  if (!m.log.enabled(level)) return 1;
  const text = m.state.pv.format(m.msg, fmt);
  if (text === null) {
    m.log.write(LogLevel.ERROR, "<xlog> ", "error in parsing evaluated second parameter\n");
    return -1;
  }
  m.log.write(level, m.params.prefix, text);
  return 1;
}

export default defineModule("xlog", {
  params,
  init: (m): XlogState => ({ pv: m.api<PvApi>("pv") }),
  functions: {
    xlog: (m, level, fmt) => xlog(m, LEVELS[level.toLowerCase()] ?? LogLevel.ERROR, fmt),
    xdbg: (m, fmt) => xlog(m, LogLevel.DEBUG, fmt),
    xinfo: (m, fmt) => xlog(m, LogLevel.INFO, fmt),
    xnotice: (m, fmt) => xlog(m, LogLevel.NOTICE, fmt),
    xwarn: (m, fmt) => xlog(m, LogLevel.WARNING, fmt),
    xerr: (m, fmt) => xlog(m, LogLevel.ERROR, fmt),
    xcrit: (m, fmt) => xlog(m, LogLevel.CRIT, fmt),
    xalert: (m, fmt) => xlog(m, LogLevel.ALERT, fmt),
  },
});
