import { constant, row, to } from "./define.js";

// set_contact_alias/1 is left unmapped: its KEMI form depends on the value (0 ⇒ set_contact_alias(),
// non-zero ⇒ set_contact_alias_trim()).
export default [
  row("handle_ruri_alias/1", to("nathelper.handle_ruri_alias_mode", 0)),
  row("add_rcv_param/0", to("nathelper.add_rcv_param", constant(0, "add_rcv_param_f defaults the flag to 0"))),
  row("fix_nated_sdp/2", to("nathelper.fix_nated_sdp_ip", 0, 1)),
  row("add_contact_alias/3", to("nathelper.add_contact_alias_addr", 0, 1, 2)),
];
