/**
 * usrloc: the user location tables registrar saves to and looks up (Kamailio 5.6.3 usrloc.so). In
 * memory (`db_mode` 0) or backed by SQLite through `db_url = "sqlite://PATH"` (`db_mode` 1, 2, 3),
 * in the column layout of Kamailio's own `location` table. An expiry timer runs every
 * `timer_interval` seconds. It has no KEMI functions: registrar reaches it through `api`.
 */

import { KemitsError } from "../../engine/errors.js";
import { defineModule, type InitContext, intParam, type ModuleContext, type ParamValues, strListParam, strParam } from "../../engine/module.js";
import { DB_ONLY, NO_DB, UDomain } from "./domain.js";
import { SqliteLocationStore, sqlitePath } from "./sqlite.js";

export type { ContactInfo, Ucontact, Urecord } from "./contact.js";
export { ALL_METHODS, isValid, Q_UNSPECIFIED, qToString } from "./contact.js";
export type { UDomain } from "./domain.js";
export { LocationDbError } from "./sqlite.js";

const params = {
  db_url: strParam("mysql://kamailio:kamailiorw@localhost/kamailio"),
  db_mode: intParam(0, { min: 0, max: 3 }),
  db_load: intParam(1),
  db_insert_update: intParam(0),
  timer_interval: intParam(60, { min: 1 }),
  use_domain: intParam(0),
  desc_time_order: intParam(0),
  matching_mode: intParam(0, { min: 0, max: 3 }),
  cseq_delay: intParam(20),
  fetch_rows: intParam(2000),
  hash_size: intParam(10),
  nat_bflag: intParam(-1),
  handle_lost_tcp: intParam(0),
  close_expired_tcp: intParam(0),
  skip_remote_socket: intParam(0),
  preload: strListParam(),
  db_update_as_insert: intParam(0),
  timer_procs: intParam(0),
  db_check_update: intParam(0),
  xavp_contact: strParam(""),
  db_ops_ruid: intParam(1),
  expires_type: intParam(0),
  db_raw_fetch_type: intParam(0),
  db_insert_null: intParam(0),
  server_id_filter: intParam(0),
  db_timer_clean: intParam(0),
  rm_expired_delay: intParam(0),
  version_table: intParam(1),
  ka_mode: intParam(0),
  ka_from: strParam("sip:server@kamailio.org"),
  ka_domain: strParam("kamailio.org"),
  ka_method: strParam("OPTIONS"),
  ka_filter: intParam(0),
  ka_timeout: intParam(0),
  ka_loglevel: intParam(255),
  ka_logmsg: strParam(" to-uri: [$tu] remote-addr: [$sas]"),
  load_rank: intParam(0),
  db_clean_tcp: intParam(0),
  ruid_column: strParam("ruid"),
  user_column: strParam("username"),
  domain_column: strParam("domain"),
  contact_column: strParam("contact"),
  expires_column: strParam("expires"),
  q_column: strParam("q"),
  callid_column: strParam("callid"),
  cseq_column: strParam("cseq"),
  flags_column: strParam("flags"),
  cflags_column: strParam("cflags"),
  user_agent_column: strParam("user_agent"),
  received_column: strParam("received"),
  path_column: strParam("path"),
  socket_column: strParam("socket"),
  methods_column: strParam("methods"),
  instance_column: strParam("instance"),
  reg_id_column: strParam("reg_id"),
  server_id_column: strParam("server_id"),
  connection_id_column: strParam("connection_id"),
  keepalive_column: strParam("keepalive"),
  partition_column: strParam("partition"),
};

type Params = ParamValues<typeof params>;

interface UsrlocState {
  readonly domains: Map<string, UDomain>;
  readonly store: SqliteLocationStore | null;
  /** Seconds since the epoch; replaceable so tests can move time. */
  clock: () => number;
  timer: NodeJS.Timeout | null;
  ruidCounter: number;
}

type Usrloc = ModuleContext<Params, UsrlocState>;

/** What registrar (and other location users) get from `m.api("usrloc")`. */
export interface UsrlocApi {
  /** The table `name` (registered on first use, like register_udomain). */
  domain(name: string): UDomain;
  /** Current time in seconds (usrloc's act_time). */
  now(): number;
  /** A new record unique id (`uloc-<time>-<pid>-<n>`, as sruid makes them). */
  newRuid(): string;
  /** Runs the expiry timer once, now. */
  runTimer(): void;
  /** Replaces the clock (seconds since the epoch): tests move time with it. */
  setClock(clock: () => number): void;
  readonly useDomain: boolean;
  /** The branch flag `nat_bflag` names, as a mask (0 when unset). */
  readonly natFlag: number;
}

function openStore(m: InitContext<Params>): SqliteLocationStore | null {
  if (m.params.db_mode === NO_DB) return null;
  const path = sqlitePath(m.params.db_url);
  if (path === null) {
    throw new KemitsError("KEMITS_ERR_UNSUPPORTED", `usrloc: db_mode ${m.params.db_mode} needs an SQLite db_url ("sqlite:///path/to/file.db"); kemits cannot use ${m.params.db_url}`);
  }
  return new SqliteLocationStore(path);
}

function domain(params: Params, state: UsrlocState, name: string): UDomain {
  let d = state.domains.get(name);
  if (d === undefined) {
    d = new UDomain(name, {
      dbMode: params.db_mode,
      store: state.store,
      useDomain: params.use_domain !== 0,
      descTimeOrder: params.desc_time_order !== 0,
      matchingMode: params.matching_mode,
      cseqDelay: params.cseq_delay,
      rmExpiredDelay: params.rm_expired_delay,
      now: () => state.clock(),
    });
    state.domains.set(name, d);
  }
  return d;
}

function runTimer(log: Usrloc["log"], state: UsrlocState): void {
  const now = state.clock();
  for (const d of state.domains.values()) {
    try {
      d.timer(now);
    } catch (e) {
      log.write(-1, "usrloc [udomain.c]: mem_timer_udomain(): ", `timer failed for ${d.name}: ${(e as Error).message}`);
    }
  }
}

export default defineModule("usrloc", {
  params,
  functions: {},
  init: (m): UsrlocState => {
    const state: UsrlocState = { domains: new Map(), store: openStore(m), clock: () => Math.floor(Date.now() / 1000), timer: null, ruidCounter: 0 };
    // `preload` tables are loaded now; others when first used (Kamailio registers them at fixup).
    for (const name of m.params.preload) domain(m.params, state, name);
    state.timer = setInterval(() => runTimer(m.log, state), m.params.timer_interval * 1000);
    state.timer.unref();
    return state;
  },
  api: (m): UsrlocApi => ({
    domain: (name) => domain(m.params, m.state, name),
    now: () => m.state.clock(),
    newRuid: () => `uloc-${m.state.clock().toString(16)}-${process.pid.toString(16)}-${(++m.state.ruidCounter).toString(16)}`,
    runTimer: () => runTimer(m.log, m.state),
    setClock: (clock) => {
      m.state.clock = clock;
    },
    useDomain: m.params.use_domain !== 0,
    natFlag: m.params.nat_bflag >= 0 && m.params.nat_bflag < 32 ? (1 << m.params.nat_bflag) >>> 0 : 0,
  }),
  destroy: (m) => {
    if (m.state.timer !== null) clearInterval(m.state.timer);
    const now = m.state.clock();
    for (const d of m.state.domains.values()) {
      if (m.params.db_mode !== DB_ONLY) d.flush(now);
    }
    m.state.store?.close();
  },
});
