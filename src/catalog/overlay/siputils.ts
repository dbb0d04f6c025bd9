import { row, to } from "./define.js";

export default [
  row("is_first_hop/1", to("siputils.is_first_hop_mode", 0)),
  row("uri_param/2", to("siputils.uri_param_value", 0, 1)),
  row("get_uri_param/2", null),
  row("tel2sip/3", null),
  row("is_e164/1", null),
  row("is_uri_user_e164/1", null),
  row("is_rpid_user_e164/0", null),
  row("append_rpid_hf/0", null),
  row("append_rpid_hf/2", null),
  row("set_uri_user/2", null),
  row("set_uri_host/2", null),
  row("is_supported/1", null),
  row("sip_p_charging_vector/1", null),
];
