/**
 * Argument forms of the core actions, from cfg.y `cmd` (5.6.3). Keys are Kamailio's token names
 * (aliases share one: `seth`, `sethost` and `rewritehost` are SET_HOST).
 *
 * - `string`/`number`: a literal of that type (no pseudo-variables, no expressions);
 * - `intno`: a number, possibly negative; `flag`: a number or a flag name (word or string);
 * - `host`: a host name, IP or string; `socket`: `[proto:]host[:port]`; `proto`: udp/tcp/…;
 * - `expr`: any expression; `avp`: an AVP.
 */
export type CoreArgKind =
  | "string"
  | "number"
  | "intno"
  | "flag"
  | "host"
  | "socket"
  | "proto"
  | "uri:host"
  | "uri:port"
  | "expr"
  | "avp";

export interface CoreActionSignature {
  /** Accepted argument lists, when written with parentheses. */
  readonly forms: readonly (readonly CoreArgKind[])[];
  /** May be written without parentheses (`force_rport;`). */
  readonly bare: boolean;
  readonly usage: string;
}

const FORWARD: CoreActionSignature = {
  forms: [[], ["host"], ["host", "number"], ["uri:host"], ["uri:host", "number"], ["uri:host", "uri:port"]],
  bare: false,
  usage: 'forward(), forward(host), forward(host, port), forward(uri:host, uri:port)',
};

const STRING1 = (name: string): CoreActionSignature => ({ forms: [["string"]], bare: false, usage: `${name}("literal text")` });
const FLAG = (name: string): CoreActionSignature => ({ forms: [["flag"]], bare: false, usage: `${name}(number or flag name)` });
const AVPFLAG = (name: string): CoreActionSignature => ({ forms: [["avp", "flag"]], bare: false, usage: `${name}($avp, flag name)` });
const NOARGS = (name: string, bare: boolean): CoreActionSignature => ({ forms: [[]], bare, usage: `${name}()` });

export const CORE_ACTION_SIGNATURES: Readonly<Record<string, CoreActionSignature>> = {
  FORWARD,
  FORWARD_TCP: FORWARD,
  FORWARD_UDP: FORWARD,
  FORWARD_TLS: FORWARD,
  FORWARD_SCTP: FORWARD,
  LOG: { forms: [["string"], ["intno", "string"]], bare: false, usage: 'log("text") or log(level, "text")' },
  ERROR: { forms: [["string", "string"]], bare: false, usage: 'error("a", "b")' },
  EXEC: STRING1("exec"),
  SETFLAG: FLAG("setflag"),
  RESETFLAG: FLAG("resetflag"),
  ISFLAGSET: FLAG("isflagset"),
  SETAVPFLAG: AVPFLAG("setavpflag"),
  RESETAVPFLAG: AVPFLAG("resetavpflag"),
  ISAVPFLAGSET: AVPFLAG("isavpflagset"),
  SET_HOST: STRING1("sethost"),
  SET_HOSTPORT: STRING1("sethostport"),
  SET_HOSTPORTTRANS: STRING1("sethostporttrans"),
  SET_USER: STRING1("setuser"),
  SET_USERPASS: STRING1("setuserpass"),
  SET_PORT: STRING1("setport"),
  SET_URI: STRING1("seturi"),
  REVERT_URI: NOARGS("revert_uri", true),
  PREFIX: STRING1("prefix"),
  STRIP: { forms: [["number"]], bare: false, usage: "strip(number)" },
  STRIP_TAIL: { forms: [["number"]], bare: false, usage: "strip_tail(number)" },
  SET_USERPHONE: NOARGS("userphone", false),
  REMOVE_BRANCH: { forms: [[], ["intno"]], bare: false, usage: "remove_branch() or remove_branch(index)" },
  CLEAR_BRANCHES: NOARGS("clear_branches", false),
  SET_ADV_ADDRESS: { forms: [["host"]], bare: false, usage: "set_advertised_address(host)" },
  SET_ADV_PORT: { forms: [["number"]], bare: false, usage: "set_advertised_port(number)" },
  FORCE_SEND_SOCKET: { forms: [["socket"]], bare: false, usage: "force_send_socket([proto:]address[:port])" },
  SET_FWD_NO_CONNECT: NOARGS("set_forward_no_connect", true),
  SET_RPL_NO_CONNECT: NOARGS("set_reply_no_connect", true),
  SET_FWD_CLOSE: NOARGS("set_forward_close", true),
  SET_RPL_CLOSE: NOARGS("set_reply_close", true),
  CFG_SELECT: { forms: [["string", "expr"]], bare: false, usage: 'cfg_select("group", number)' },
  CFG_RESET: STRING1("cfg_reset"),
  FORCE_RPORT: NOARGS("force_rport", true),
  ADD_LOCAL_RPORT: NOARGS("add_local_rport", true),
  FORCE_TCP_ALIAS: { forms: [[], ["number"]], bare: true, usage: "force_tcp_alias() or force_tcp_alias(port)" },
  UDP_MTU_TRY_PROTO: { forms: [["proto"]], bare: false, usage: "udp_mtu_try_proto(udp|tcp|tls|sctp)" },
};

/** Core actions allowed in onsend_route (cfg.y `fcmd`); module functions are allowed too. */
export const ONSEND_ALLOWED_ACTIONS: ReadonlySet<string> = new Set([
  "LOG",
  "SETFLAG",
  "RESETFLAG",
  "ISFLAGSET",
  "SET_FWD_NO_CONNECT",
  "SET_RPL_NO_CONNECT",
  "SET_FWD_CLOSE",
  "SET_RPL_CLOSE",
]);
