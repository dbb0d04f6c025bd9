/**
 * acc: transaction accounting to the log (Kamailio 5.6.3's acc.so, its syslog backend). Flags set
 * on a request before tm creates its transaction decide what is written when it completes
 * (`logic.ts`); `KSR.acc.acc_log_request` / `acc_request` write a record for the current message,
 * and `acc_db_request` fails as it does in Kamailio without a database.
 * Lines go through kemits' logger at `log_level`, as `ACC: transaction answered: timestamp=…;…`.
 *
 * The other backends are not there: a database (`db_url`), CDRs (`cdr_enable`, which need dialog),
 * multi-leg records, e2e ACK records (`report_ack`) and `detect_direction` stop start-up when
 * enabled, since ignoring them would lose records. Their other parameters do nothing unless those
 * are on — in Kamailio too — and are accepted. `log_facility` is checked; kemits logs to its sink.
 */

import { KemitsError } from "../../engine/errors.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type InitContext, intParam, type ModuleContext, type ParamValues, strParam } from "../../engine/module.js";
import type { PvApi } from "../pv/index.js";
import type { TmApi } from "../tm/index.js";
import { parseAccExtra } from "./extra.js";
import { Acc } from "./logic.js";
import { checkTimeFormat } from "./record.js";

const params = {
  // What is accounted, and how.
  early_media: intParam(0),
  failed_transaction_flag: intParam(-1),
  failed_filter: strParam(""),
  report_ack: intParam(0),
  report_cancels: intParam(0),
  multi_leg_info: strParam(""),
  detect_direction: intParam(0),
  acc_prepare_flag: intParam(-1),
  acc_prepare_always: intParam(0),
  reason_from_hf: intParam(0),
  acc_extra_nullable: intParam(0),
  clone_msg: intParam(1),
  acc_extra_size: intParam(64),
  // The log backend.
  log_flag: intParam(-1),
  log_missed_flag: intParam(-1),
  log_level: intParam(1),
  log_facility: strParam(""),
  log_extra: strParam(""),
  time_mode: intParam(0),
  time_attr: strParam("time_attr"),
  time_exten: strParam("time_exten"),
  time_format: strParam("%Y-%m-%d %H:%M:%S"),
  // CDRs (only with cdr_enable).
  cdr_enable: intParam(0),
  cdr_skip: strParam(""),
  cdr_log_enable: intParam(1),
  cdr_start_on_confirmed: intParam(0),
  cdr_facility: strParam(""),
  cdr_extra: strParam(""),
  cdr_extra_nullable: intParam(0),
  cdr_start_id: strParam("start_time"),
  cdr_end_id: strParam("end_time"),
  cdr_duration_id: strParam("duration"),
  cdr_expired_dlg_enable: intParam(0),
  cdr_on_failed: intParam(1),
  cdr_extra_size: intParam(64),
  cdrs_table: strParam(""),
  // The database backend (only with db_url).
  db_flag: intParam(-1),
  db_missed_flag: intParam(-1),
  db_extra: strParam(""),
  db_url: strParam(""),
  db_table_acc: strParam("acc"),
  db_table_missed_calls: strParam("missed_calls"),
  acc_method_column: strParam("method"),
  acc_from_tag_column: strParam("from_tag"),
  acc_to_tag_column: strParam("to_tag"),
  acc_callid_column: strParam("callid"),
  acc_sip_code_column: strParam("sip_code"),
  acc_sip_reason_column: strParam("sip_reason"),
  acc_time_column: strParam("time"),
  db_insert_mode: intParam(0),
};

type Params = ParamValues<typeof params>;
type AccModule = ModuleContext<Params, Acc>;

/** str2facility's names (case-insensitive). */
const FACILITIES = new Set(
  ["AUTH", "CRON", "DAEMON", "KERN", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7", "LPR", "MAIL", "NEWS", "USER", "UUCP", "AUTHPRIV", "FTP", "SYSLOG"].map(
    (f) => `LOG_${f}`,
  ),
);

/** flag_in_range: -1 (none) or a message flag 0..31. */
const flagOk = (f: number) => f >= -1 && f <= 31;

/** parse_failed_filter: up to 15 three-digit codes ≥ 300, comma-separated; null when malformed. */
function parseFailedFilter(text: string): number[] | null {
  if (text === "") return [];
  const parts = text.split(",");
  if (parts.length > 15 || parts.some((p) => !/^\d{3}$/.test(p) || Number(p) < 300)) return null;
  return parts.map(Number);
}

/** mod_init's checks: what Kamailio refuses, then what kemits cannot do; the settings otherwise. */
function settings(m: InitContext<Params>) {
  const p = m.params;
  const invalid: string[] = [];
  const unsupported: string[] = [];
  if (p.log_facility !== "" && !FACILITIES.has(p.log_facility.toUpperCase())) invalid.push("invalid log facility configured");
  for (const name of ["failed_transaction_flag", "log_flag", "log_missed_flag", "acc_prepare_flag", "db_flag", "db_missed_flag"] as const) {
    if (!flagOk(p[name])) invalid.push(`${name} set to invalid value`);
  }
  const failedFilter = parseFailedFilter(p.failed_filter);
  if (failedFilter === null) invalid.push("failed to parse failed_filter param");
  const extras = p.log_extra === "" ? [] : parseAccExtra(p.log_extra, p.acc_extra_size);
  if (typeof extras === "string") invalid.push(`failed to parse log_extra param: ${extras}`);
  for (const name of ["cdr_enable", "cdr_extra_nullable", "cdr_expired_dlg_enable"] as const) {
    if (p[name] < 0 || p[name] > 1) invalid.push(`${name} is out of range`);
  }
  if (invalid.length > 0) throw new KemitsError("KEMITS_ERR_MODPARAM", "module acc refuses its parameters", invalid);

  const off = (what: string) => `${what}: not supported by kemits (acc writes log records only)`;
  if (p.db_url !== "") unsupported.push(off(`modparam("acc", "db_url", …) enables database accounting`));
  if (p.cdr_enable !== 0) unsupported.push(off(`modparam("acc", "cdr_enable", 1) enables dialog CDRs`));
  if (p.multi_leg_info !== "") unsupported.push(off(`modparam("acc", "multi_leg_info", …) adds per-leg attributes`));
  if (p.report_ack !== 0) unsupported.push(off(`modparam("acc", "report_ack", ${p.report_ack}) accounts e2e ACKs`));
  if (p.detect_direction !== 0) unsupported.push(off(`modparam("acc", "detect_direction", ${p.detect_direction}) swaps From/To of upstream requests`));
  if (p.time_mode === 3 || p.time_mode === 4) {
    const problem = checkTimeFormat(p.time_format);
    if (problem !== undefined) unsupported.push(`modparam("acc", "time_format", "${p.time_format}"): ${problem}`);
  }
  if (unsupported.length > 0) throw new KemitsError("KEMITS_ERR_UNSUPPORTED", "module acc is asked for what kemits does not do", unsupported);

  return {
    logFlag: p.log_flag,
    missedFlag: p.log_missed_flag,
    failedFlag: p.failed_transaction_flag,
    prepareFlag: p.acc_prepare_flag,
    prepareAlways: p.acc_prepare_always !== 0,
    earlyMedia: p.early_media !== 0,
    reportCancels: p.report_cancels !== 0,
    reasonFromHf: p.reason_from_hf !== 0,
    failedFilter: failedFilter ?? [],
    level: p.log_level,
    extras: typeof extras === "string" ? [] : extras,
    time: { mode: p.time_mode, attr: p.time_attr, exten: p.time_exten, format: p.time_format },
  };
}

export default defineModule<"acc", typeof params, Acc>("acc", {
  params,
  init: (m): Acc => {
    const tm = m.api<TmApi>("tm");
    const acc = new Acc(settings(m), m.api<PvApi>("pv"), tm, m.log);
    tm.onRequestIn(acc.onRequestIn);
    return acc;
  },
  functions: {
    acc_log_request: (m: AccModule, comment: string) => m.state.logRequest(m.msg, comment, "ki_acc_log_request"),
    // Without a database, acc_request writes the log record only (ki_acc_request skips the db when it is not connected).
    acc_request: (m: AccModule, comment: string, _table: string) => m.state.logRequest(m.msg, comment, "ki_acc_request"),
    // kemits has no db_url (start-up refuses one): what Kamailio's acc_db_request does then.
    acc_db_request: (m: AccModule, _comment: string, _table: string) => {
      m.log.write(LogLevel.ERROR, "acc [acc_logic.c:305]: w_acc_db_request(): ", "db support not configured\n");
      return -1;
    },
  },
});
