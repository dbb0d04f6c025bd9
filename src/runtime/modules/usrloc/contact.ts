/**
 * usrloc's records: one `Urecord` per address of record with its `Ucontact` bindings, kept in the
 * order Kamailio 5.6.3 keeps them (highest q first, a new binding after those with an equal or
 * higher q; unspecified q is -1 and sorts last). Times are Unix seconds; `expires` 0 never expires.
 */

/** Every method (`ALL_METHODS`): the binding did not restrict them. */
export const ALL_METHODS = 0xffffffff;

/** Unspecified q (`Q_UNSPECIFIED`). q values are thousandths: 1000 = q=1.0. */
export const Q_UNSPECIFIED = -1;

/** What the database knows about a binding, besides memory: Kamailio's `cstate_t` for write-back. */
export type SyncState = "new" | "synced" | "dirty";

/** The fields a save or update provides (`ucontact_info_t`). */
export interface ContactInfo {
  received: string;
  path: string;
  expires: number;
  q: number;
  callid: string;
  cseq: number;
  flags: number;
  cflags: number;
  userAgent: string;
  /** `proto:ip:port` of the socket the REGISTER came in on, "" when unknown. */
  socket: string;
  methods: number;
  instance: string;
  regId: number;
  serverId: number;
  /** TCP connection id, -1 for UDP. */
  connectionId: number;
  keepalive: number;
  lastModified: number;
  ruid: string;
}

/** One binding (`ucontact_t`). */
export interface Ucontact extends ContactInfo {
  readonly aor: string;
  /** The Contact URI as registered. */
  contact: string;
  state: SyncState;
}

/** An address of record and its bindings (`urecord_t`). */
export interface Urecord {
  readonly aor: string;
  /** Domain part for the `domain` column when use_domain is on, else "". */
  readonly domain: string;
  readonly contacts: Ucontact[];
}

/** Kamailio's VALID_CONTACT: not expired at `now`, or permanent. */
export function isValid(c: Ucontact, now: number): boolean {
  return c.expires > now || c.expires === 0;
}

/** mem_insert_ucontact's position: after every binding whose q is not lower (or first with desc_time_order). */
export function insertSorted(r: Urecord, c: Ucontact, descTimeOrder: boolean): void {
  if (descTimeOrder) {
    r.contacts.unshift(c);
    return;
  }
  let i = 0;
  while (i < r.contacts.length && r.contacts[i]!.q >= c.q) i++;
  r.contacts.splice(i, 0, c);
}

/**
 * update_contact_pos after an update: the newest first with desc_time_order; otherwise a binding
 * whose q no longer fits between its neighbours moves in front of the first binding whose q is
 * not lower than its own (5.6.3 walks ascending here, unlike on insert).
 */
export function reposition(r: Urecord, c: Ucontact, descTimeOrder: boolean): void {
  const list = r.contacts;
  const i = list.indexOf(c);
  if (i < 0) return;
  if (descTimeOrder) {
    if (i === 0) return;
    list.splice(i, 1);
    list.unshift(c);
    return;
  }
  const prev = list[i - 1];
  const next = list[i + 1];
  if ((prev === undefined || c.q <= prev.q) && (next === undefined || c.q >= next.q)) return;
  list.splice(i, 1);
  let j = 0;
  while (j < list.length && list[j]!.q < c.q) j++;
  list.splice(j, 0, c);
}

/** q as Kamailio prints it (`q2str`): 1000 → "1", 500 → "0.5", 125 → "0.125", 0 → "0". */
export function qToString(q: number): string {
  if (q >= 1000) return "1";
  if (q <= 0) return "0";
  return `0.${String(q).padStart(3, "0").replace(/0+$/, "")}`;
}
