import { row, to } from "./define.js";

export default [
  row("ds_select/3", to("dispatcher.ds_select_limit", 0, 1, 2)),
  row("ds_select_dst/3", to("dispatcher.ds_select_dst_limit", 0, 1, 2)),
  row("ds_select_domain/3", to("dispatcher.ds_select_domain_limit", 0, 1, 2)),
  row("ds_select_routes/3", to("dispatcher.ds_select_routes_limit", 0, 1, 2)),
  row("ds_mark_dst/1", to("dispatcher.ds_mark_dst_state", 0)),
  row("ds_is_from_list/0", to("dispatcher.ds_is_from_lists")),
  row("ds_is_from_list/2", to("dispatcher.ds_is_from_list_mode", 0, 1)),
  row("ds_is_from_list/3", to("dispatcher.ds_is_from_list_uri", 0, 1, 2)),
  row("ds_is_active/2", to("dispatcher.ds_is_active_uri", 0, 1)),
  row("ds_list_exist/1", null),
];
