import { row, to } from "./define.js";

// acc_fixup parses the comment as a PV format when it holds a `$` (w_acc_log_request prints it per
// call), while ki_acc_log_request refuses any `$`: the compiler expands the format, KEMI gets the text.
// acc_db_request's table is a format too (fixup_var_pve_str_12, with db_url set).
export default [
  row("acc_log_request/1", to("acc.acc_log_request", 0), { args: ["format"] }),
  row("acc_db_request/2", to("acc.acc_db_request", 0, 1), { args: ["format", "format"] }),
];
