import { row } from "./define.js";

// sht_rm_name_re/1, sht_rm_value_re/1, sht_lock/1, sht_unlock/1 take one "table=>key" string natively and
// two KEMI arguments; they are left unmapped until the split is checked.
export default [
  row("sht_print/0", null),
  row("sht_has_name/3", null),
  row("sht_has_str_value/3", null),
  row("bind_htable/0", null),
];
