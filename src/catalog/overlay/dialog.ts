import { row, to } from "./define.js";

// The one-argument profile functions are left unmapped until the KEMI *_static forms are checked.
export default [
  row("dlg_set_timeout/3", to("dialog.dlg_set_timeout_id", 0, 1, 2)),
  row("dlg_refer/2", null),
  row("dlg_set_timeout_by_profile/2", null),
  row("dlg_set_timeout_by_profile/3", null, { args: ["literal", "format", "literal"] }), // fixup_profile leaves param 3 raw
  row("dlg_remote_profile/5", null),
  row("dlg_set_ruri/0", null),
];
