// Core actions: cfg keywords that look like calls but belong to the grammar (src/core/cfg.y), not to any
// module's cmd_export_t, with their KEMI equivalents. From cfg-language.md §5.8 and kemi.c of 5.6.3.
// Their arguments are fixed by the grammar and are literals: no PV expansion, no expressions.
import type { ArgKind, KemiTarget } from "./types.js";

export interface CoreAction {
  /** The keyword as written, then its aliases. */
  readonly names: readonly string[];
  /** Argument counts the grammar accepts. */
  readonly arities: readonly number[];
  /** Kinds of the arguments, for the longest form. */
  readonly args: readonly ArgKind[];
  /** Parentheses may be left out (`force_rport;`). */
  readonly bare?: boolean;
  /** Direct KEMI counterpart for the given arity (args by native index), or null with `instead`. */
  readonly kemi: Readonly<Record<number, KemiTarget>> | null;
  /** What a translator does when there is no direct KEMI counterpart, or a caveat about the one given. */
  readonly instead?: string;
}

const call = (name: string, ...from: number[]): KemiTarget => {
  const dot = name.lastIndexOf(".");
  return {
    module: dot < 0 ? "" : name.slice(0, dot),
    name: dot < 0 ? name : name.slice(dot + 1),
    args: from.map((i) => ({ from: i })),
  };
};

export const CORE_ACTIONS: readonly CoreAction[] = [
  {
    names: ["forward"],
    arities: [0, 1, 2],
    args: ["literal", "int"],
    kemi: { 0: call("forward") },
    instead: "with a target: KSR.forward_uri(\"sip:host:port\") built at compile time",
  },
  { names: ["forward_udp"], arities: [1, 2], args: ["literal", "int"], kemi: null, instead: "KSR.forward_uri(\"sip:h:p;transport=udp\")" },
  { names: ["forward_tcp"], arities: [1, 2], args: ["literal", "int"], kemi: null, instead: "KSR.forward_uri(\"sip:h:p;transport=tcp\")" },
  { names: ["forward_tls"], arities: [1, 2], args: ["literal", "int"], kemi: null, instead: "KSR.forward_uri(\"sip:h:p;transport=tls\")" },
  { names: ["forward_sctp"], arities: [1, 2], args: ["literal", "int"], kemi: null, instead: "KSR.forward_uri(\"sip:h:p;transport=sctp\")" },
  {
    names: ["log"],
    arities: [1, 2],
    args: ["int", "literal"],
    kemi: null,
    instead:
      "KSR.log(levelName, text): text is literal (no PV expansion); level ints map ≤-2→crit, -1→err, 0→warn, 1→notice, 2→info, ≥3→dbg; the 1-argument form logs at level 4 (dbg)",
  },
  { names: ["error"], arities: [2], args: ["literal", "literal"], kemi: null, instead: "does nothing natively: drop it" },
  { names: ["exec"], arities: [1], args: ["literal"], kemi: null, instead: "KSR.exec.exec_cmd (exec module)" },
  { names: ["setflag"], arities: [1], args: ["int"], kemi: { 1: call("setflag", 0) }, instead: "a flag name resolves to its number at compile time" },
  { names: ["resetflag"], arities: [1], args: ["int"], kemi: { 1: call("resetflag", 0) } },
  { names: ["isflagset"], arities: [1], args: ["int"], kemi: { 1: call("isflagset", 0) } },
  { names: ["setavpflag"], arities: [2], args: ["pvar", "literal"], kemi: null, instead: "no KEMI form: reject" },
  { names: ["resetavpflag"], arities: [2], args: ["pvar", "literal"], kemi: null, instead: "no KEMI form: reject" },
  { names: ["isavpflagset"], arities: [2], args: ["pvar", "literal"], kemi: null, instead: "no KEMI form: reject" },
  { names: ["rewritehost", "sethost", "seth"], arities: [1], args: ["literal"], kemi: { 1: call("sethost", 0) } },
  { names: ["rewritehostport", "sethostport", "sethp"], arities: [1], args: ["literal"], kemi: null, instead: "set $rd and $rp with KSR.pv.sets" },
  { names: ["rewritehostporttrans", "sethostporttrans", "sethpt"], arities: [1], args: ["literal"], kemi: null, instead: "rebuild $ru" },
  { names: ["rewriteuser", "setuser", "setu"], arities: [1], args: ["literal"], kemi: { 1: call("setuser", 0) } },
  { names: ["rewriteuserpass", "setuserpass", "setup"], arities: [1], args: ["literal"], kemi: null, instead: "rebuild $ru" },
  { names: ["rewriteport", "setport", "setp"], arities: [1], args: ["literal"], kemi: null, instead: "KSR.pv.sets(\"$rp\", port)" },
  { names: ["rewriteuri", "seturi"], arities: [1], args: ["literal"], kemi: { 1: call("seturi", 0) } },
  {
    names: ["revert_uri"],
    arities: [0],
    args: [],
    bare: true,
    kemi: null,
    instead: "KSR.pv.sets(\"$ru\", KSR.pv.get(\"$ou\")) is close (native also marks the branch new)",
  },
  { names: ["prefix"], arities: [1], args: ["literal"], kemi: null, instead: "KSR.setuser(prefix + current $rU)" },
  { names: ["strip"], arities: [1], args: ["int"], kemi: null, instead: "KSR.setuser($rU without its first N characters)" },
  { names: ["strip_tail"], arities: [1], args: ["int"], kemi: null, instead: "KSR.setuser($rU without its last N characters)" },
  { names: ["userphone"], arities: [0], args: [], kemi: null, instead: "KSR.siputils.add_uri_param(\"user=phone\") (close)" },
  { names: ["remove_branch"], arities: [0, 1], args: ["int"], kemi: null, instead: "no core KEMI form" },
  { names: ["clear_branches"], arities: [0], args: [], kemi: null, instead: "no core KEMI form" },
  { names: ["force_rport", "add_rport"], arities: [0], args: [], bare: true, kemi: { 0: call("force_rport") } },
  { names: ["add_local_rport"], arities: [0], args: [], bare: true, kemi: { 0: call("add_local_rport") } },
  {
    names: ["force_tcp_alias", "add_tcp_alias"],
    arities: [0, 1],
    args: ["int"],
    bare: true,
    kemi: { 0: call("add_tcp_alias_via"), 1: call("add_tcp_alias", 0) },
  },
  { names: ["udp_mtu_try_proto"], arities: [1], args: ["literal"], kemi: null, instead: "no KEMI form" },
  { names: ["set_advertised_address"], arities: [1], args: ["literal"], kemi: { 1: call("set_advertised_address", 0) } },
  {
    names: ["set_advertised_port"],
    arities: [1],
    args: ["int"],
    kemi: { 1: call("set_advertised_port", 0) },
    instead: "the KEMI argument is a string: pass the port as text",
  },
  { names: ["force_send_socket"], arities: [1], args: ["literal"], kemi: { 1: call("corex.set_send_socket", 0) } },
  { names: ["set_forward_no_connect"], arities: [0], args: [], bare: true, kemi: { 0: call("set_forward_no_connect") } },
  { names: ["set_reply_no_connect"], arities: [0], args: [], bare: true, kemi: { 0: call("set_reply_no_connect") } },
  { names: ["set_forward_close"], arities: [0], args: [], bare: true, kemi: { 0: call("set_forward_close") } },
  { names: ["set_reply_close"], arities: [0], args: [], bare: true, kemi: { 0: call("set_reply_close") } },
  { names: ["cfg_select"], arities: [2], args: ["literal", "int"], kemi: null, instead: "no KEMI form" },
  { names: ["cfg_reset"], arities: [1], args: ["literal"], kemi: null, instead: "no KEMI form" },
  { names: ["route"], arities: [1], args: ["routeName"], kemi: null, instead: "a direct call of the function the route block compiles to (KSR.route runs native blocks only)" },
  { names: ["drop"], arities: [0, 1], args: ["int"], bare: true, kemi: { 0: call("x.drop") } },
  { names: ["exit"], arities: [0, 1], args: ["int"], bare: true, kemi: { 0: call("x.exit") } },
];

let byName: Map<string, CoreAction> | undefined;

/** The core action written as `name` (any alias), if it is one. */
export function coreAction(name: string): CoreAction | undefined {
  if (!byName) {
    byName = new Map();
    for (const a of CORE_ACTIONS) for (const n of a.names) byName.set(n, a);
  }
  return byName.get(name);
}
