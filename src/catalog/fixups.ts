// Argument kinds per fixup function, read from the 5.6.3 sources (src/core/mod_fix.c for the generic ones,
// each module's C file for its own). A fixup names how Kamailio turns the cfg's string arguments into values
// once at startup, so it tells the compiler what each argument means. An overlay row can override.
import type { ArgKind, ArgSpec } from "./types.js";

type FixupKinds = readonly ArgKind[] | { readonly all: ArgKind };

const F: ArgKind = "format";
const I: ArgKind = "intOrPv";

const FIXUPS: Readonly<Record<string, FixupKinds>> = {
  // src/core/mod_fix.c — `spve` = string with PVs evaluated, `igp` = int or PV, `none` = left raw.
  fixup_spve_null: [F],
  fixup_spve_spve: [F, F],
  fixup_spve_all: { all: F },
  fixup_spve_igp: [F, I],
  fixup_spve_str: [F, "literal"],
  fixup_spve_pvar: [F, "pvar"],
  fixup_spve_spve_igp: [F, F, I],
  fixup_none_spve: ["literal", F],
  fixup_igp_null: [I],
  fixup_igp_igp: [I, I],
  fixup_igp_all: { all: I },
  fixup_igp_spve: [I, F],
  fixup_igp_pvar: [I, "pvar"],
  fixup_sssi: [F, F, F, I],
  fixup_ssii: [F, F, I, I],
  fixup_var_int_1: [I],
  fixup_var_int_12: [I, I],
  fixup_var_str_1: ["strOrPv"],
  fixup_var_str_12: ["strOrPv", "strOrPv"],
  fixup_var_str_int: ["strOrPv", I],
  fixup_int_1: ["int"],
  fixup_int_12: ["int", "int"],
  fixup_str_null: ["literal"],
  fixup_str_str: ["literal", "literal"],
  fixup_regexp_null: ["regex"],
  fixup_regexp_none: ["regex", "literal"],
  fixup_regexpNL_none: ["regex", "literal"],
  fixup_regexp_regexp: ["regex", "regex"],
  fixup_pvar_null: ["pvar"],
  fixup_pvar_none: ["pvar", "literal"],
  fixup_pvar_pvar: ["pvar", "pvar"],
  fixup_substre: ["subst"],
  // sl, tm: reply code (int or PV) and reason (format).
  fixup_sl_reply: [I, F],
  fixup_t_reply: [I, "strOrPv"],
  fixup_sl_reply_mode: [I, F, I],
  // tm: destinations are parsed once at startup.
  fixup_hostport2proxy: ["literal", "int"],
  fixup_proto_hostport2proxy: ["literal", "literal"],
  fixup_t_relay_to: ["literal", I],
  fixup_t_check_status: ["regex"],
  fixup_t_is_set: ["literal"],
  fixup_cancel_branches: ["literal"],
  fixup_cancel_callid: [F, F, I, I],
  fixup_reply_callid: [F, F, I, F],
  fixup_t_continue: [I, I, F],
  fixup_t_write: ["literal", "literal"],
  // textops / textopsx
  fixup_method: ["method"],
  hname_fixup: ["header"],
  add_header_fixup: [F, "header"],
  fixup_body_type: ["literal"],
  fixup_privacy: ["literal"],
  fixup_search_hf: ["header", "regex", "literal"],
  fixup_subst_hf: ["header", "subst", "literal"],
  fixup_in_list: [F, F, "literal"],
  fixup_in_list_prefix: [F, F, "literal"],
  fixup_multibody_f: [F, F, F],
  fixup_get_body_part: [F, "pvar"],
  fixup_regex_substring: [F, "regex", I, I, "pvar"],
  fixup_fnmatch: [F, F, F],
  change_reply_status_fixup: [I, F],
  append_hf_value_fixup: ["header", F],
  insert_hf_value_fixup: ["header", F],
  remove_hf_value_fixup: ["header"],
  remove_hf_value2_fixup: ["header"],
  assign_hf_value_fixup: ["header", F],
  assign_hf_value2_fixup: ["header", F],
  include_hf_value_fixup: ["header", F],
  exclude_hf_value_fixup: ["header", F],
  hf_value_exists_fixup: ["header", F],
  // rr: parameters are PV formats (pv_parse_format).
  it_list_fixup: { all: F },
  direction_fixup: ["literal"],
  // xlog: level names (or a PV) and a format the module expands.
  xdbg_fixup: [F],
  xdbgl_fixup: [F],
  xlog_fixup: ["literal", F],
  xlogl_fixup: ["literal", F],
  xlog3_fixup: ["literal", "literal", F],
  xlogl3_fixup: ["literal", "literal", F],
  // registrar: table = usrloc domain name, flags = int literal (strno2int), uri = format.
  save_fixup: ["literal", "int", F],
  domain_uri_fixup: ["literal", F],
  registered_fixup: ["literal", F, I, I],
  unreg_fixup: ["literal", F, F],
  fetchc_fixup: ["literal", F, "literal"],
  // auth / auth_db: realm is a PV format, flags int or PV.
  fixup_auth_challenge: [F, I],
  auth_check_fixup: [F, F, I],
  auth_fixup: [F, "literal", F],
  fixup_pv_auth: [F, F, I, F],
  fixup_pv_auth_check: [F, F, I, I],
  fixup_auth_get_www_authenticate: [F, I, "pvar"],
  // siputils
  fixup_get_uri_param: ["literal", "pvar"],
  fixup_tel2sip: [F, F, "pvar"],
  fixup_option: ["literal"],
  fixup_set_uri: ["pvar", F],
  // permissions
  single_fixup: ["literal"],
  load_fixup: ["literal", "literal"],
  double_fixup: ["literal", F],
  fixup_allow_address: [I, F, I],
  // nathelper / rtpproxy
  fixup_add_contact_alias: [F, F, F],
  fixup_fix_nated_register: [],
  fixup_fix_sdp: [I, F],
  fixup_set_id: [I],
  // htable: `$sht(table=>key)`-style names.
  fixup_ht_key: ["literal"],
  // dispatcher
  ds_warn_fixup: ["flags"],
  fixup_ds_is_from_list: [I, I, F],
  fixup_ds_list_exist: [I],
  // dialog
  fixup_profile: ["literal", F],
  fixup_get_profile2: ["literal", "pvar"],
  fixup_get_profile3: ["literal", F, "pvar"],
  fixup_dlg_bye: ["literal"],
  fixup_dlg_refer: ["literal", F],
  fixup_dlg_bridge: [F, F, F],
  fixup_dlg_remote_profile: [F, F, F, F, I],
  // pv / kex / corex
  pv_evalx_fixup: ["pvar", F],
  pv_printf_fixup: ["pvar", F],
  pv_xavp_copy_fixup: [F, I, F, I],
  fixup_xavp_child_seti: [F, F, I],
  fixup_file_op: [F, "pvar"],
  fixup_detailed_ip_type: [F, "pvar"],
  // alias_db: table is a string or PV, flags letters.
  lookup_fixup: ["strOrPv", "flags"],
  find_fixup: ["strOrPv", "pvar", "pvar", "flags"],
  // presence: the optional presentity / watcher URI.
  fixup_presence: [F],
  fixup_subscribe: [F],
  // xhttp: code, then reason, content type and body as formats.
  fixup_xhttp_reply: [I, F, F, F],
  // acc: comment ("code reason") and table.
  acc_fixup: ["literal", "literal"],
};

// Route-name fixups take a label whose kind depends on the function.
const ROUTE_FIXUPS: Readonly<Record<string, NonNullable<ArgSpec["route"]>>> = {
  fixup_on_failure: "failure",
  fixup_on_branch: "branch",
  fixup_on_reply: "onreply",
  fixup_on_branch_failure: "branch_failure",
};

/**
 * Argument kinds for a native function with this fixup and arity, or undefined when the fixup is not in the
 * table. No fixup means every argument stays a raw string (`literal`).
 */
export function argKindsForFixup(fixup: string | null, arity: number): readonly ArgSpec[] | undefined {
  if (fixup === null) return Array.from({ length: arity }, () => ({ kind: "literal" as const }));
  if (arity === 0) return []; // some 0-argument rows name a fixup that only prepares module state
  const route = ROUTE_FIXUPS[fixup];
  if (route) return [{ kind: "routeName", route }];
  const k = FIXUPS[fixup];
  if (k === undefined) return undefined;
  if ("all" in k) return Array.from({ length: arity }, () => ({ kind: k.all }));
  if (k.length < arity) return undefined;
  return k.slice(0, arity).map((kind) => ({ kind }));
}

/** The fixup names the table knows, for tests and docs. */
export function knownFixups(): string[] {
  return [...Object.keys(FIXUPS), ...Object.keys(ROUTE_FIXUPS)];
}
