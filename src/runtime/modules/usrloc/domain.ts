/**
 * One usrloc table (`udomain_t`, e.g. `location`): the records in memory and, per `db_mode`, the
 * SQLite table behind them. 0: memory only. 1 (write-through): every change is written at once.
 * 2 (write-back): changes are written by the timer and at shutdown. 3 (DB only): every read loads
 * the AOR from the table and every change is written at once. Modes 1 and 2 load the table at
 * start-up, so registrations survive a restart.
 */

import { type ContactInfo, insertSorted, isValid, reposition, type Ucontact, type Urecord } from "./contact.js";
import type { SqliteLocationStore } from "./sqlite.js";

export const NO_DB = 0;
export const WRITE_THROUGH = 1;
export const WRITE_BACK = 2;
export const DB_ONLY = 3;

/** Kamailio's UL_EXPIRED_TIME: a deleted write-back binding waits for the timer with this expires. */
const UL_EXPIRED_TIME = 10;

export interface DomainOptions {
  readonly dbMode: number;
  readonly store: SqliteLocationStore | null;
  readonly useDomain: boolean;
  readonly descTimeOrder: boolean;
  /** 0 contact, 1 contact + Call-ID, 2 contact + path, 3 Call-ID only. */
  readonly matchingMode: number;
  readonly cseqDelay: number;
  /** rm_expired_delay: db_mode 3 keeps expired rows this many seconds longer. */
  readonly rmExpiredDelay: number;
  readonly now: () => number;
}

/** get_ucontact's answer: 0 found (update it), 1 not found, -1 bad CSeq, -2 a retransmission to ignore. */
export interface FindResult {
  readonly code: 0 | 1 | -1 | -2;
  readonly contact: Ucontact | null;
}

export class UDomain {
  readonly name: string;
  private readonly records = new Map<string, Urecord>();
  private readonly opts: DomainOptions;

  constructor(name: string, opts: DomainOptions) {
    this.name = name;
    this.opts = opts;
    if (opts.store !== null) {
      opts.store.checkTable(name);
      if (opts.dbMode === WRITE_THROUGH || opts.dbMode === WRITE_BACK) this.preload();
    }
  }

  private splitAor(aor: string): { username: string; domain: string | null } {
    if (!this.opts.useDomain) return { username: aor, domain: null };
    const at = aor.indexOf("@");
    return at < 0 ? { username: aor, domain: "" } : { username: aor.slice(0, at), domain: aor.slice(at + 1) };
  }

  private aorOf(username: string, domain: string): string {
    return this.opts.useDomain && domain !== "" ? `${username}@${domain}` : username;
  }

  private newRecord(aor: string): Urecord {
    return { aor, domain: this.splitAor(aor).domain ?? "", contacts: [] };
  }

  private preload(): void {
    for (const row of this.opts.store!.loadAll(this.name)) {
      const aor = this.aorOf(row.username, row.domain);
      let r = this.records.get(aor);
      if (r === undefined) {
        r = this.newRecord(aor);
        this.records.set(aor, r);
      }
      insertSorted(r, { ...row.contact, aor, state: "synced" }, this.opts.descTimeOrder);
    }
  }

  /** The record of `aor` with at least one binding, or undefined (`get_urecord`). */
  get(aor: string): Urecord | undefined {
    if (this.opts.dbMode === DB_ONLY) {
      const { username, domain } = this.splitAor(aor);
      const rows = this.opts.store!.loadAor(this.name, username, domain);
      if (rows.length === 0) return undefined;
      const r = this.newRecord(aor);
      for (const row of rows) insertSorted(r, { ...row.contact, aor, state: "synced" }, this.opts.descTimeOrder);
      return r;
    }
    const r = this.records.get(aor);
    return r === undefined || r.contacts.length === 0 ? undefined : r;
  }

  /** `insert_urecord`: an empty record, kept once it gets a binding. */
  create(aor: string): Urecord {
    const existing = this.opts.dbMode === DB_ONLY ? undefined : this.records.get(aor);
    if (existing !== undefined) return existing;
    const r = this.newRecord(aor);
    if (this.opts.dbMode !== DB_ONLY) this.records.set(aor, r);
    return r;
  }

  /** Every record (for the timer and RPC-like listings). */
  all(): IterableIterator<Urecord> {
    return this.records.values();
  }

  insertContact(r: Urecord, uri: string, info: ContactInfo): Ucontact {
    const c: Ucontact = { ...info, aor: r.aor, contact: uri, state: "new" };
    insertSorted(r, c, this.opts.descTimeOrder);
    const mode = this.opts.dbMode;
    if (mode === WRITE_THROUGH || mode === DB_ONLY) {
      const { username, domain } = this.splitAor(r.aor);
      try {
        this.opts.store!.insert(this.name, c, username, domain);
      } catch (e) {
        r.contacts.splice(r.contacts.indexOf(c), 1);
        throw e;
      }
      c.state = "synced";
    }
    return c;
  }

  /** mem_update_ucontact: new values, the Contact URI too (a binding found by instance may move). */
  updateContact(r: Urecord, c: Ucontact, uri: string, info: ContactInfo): void {
    // The ruid stays: it names the row in the database.
    Object.assign(c, { ...info, contact: uri, ruid: c.ruid });
    reposition(r, c, this.opts.descTimeOrder);
    const mode = this.opts.dbMode;
    if (mode === WRITE_THROUGH || mode === DB_ONLY) this.opts.store!.update(this.name, c);
    else if (mode === WRITE_BACK && c.state === "synced") c.state = "dirty";
  }

  deleteContact(r: Urecord, c: Ucontact): void {
    const mode = this.opts.dbMode;
    if (mode === WRITE_BACK && c.state !== "new") {
      // Kept, expired, until the timer removes it from the table too.
      c.expires = UL_EXPIRED_TIME;
      return;
    }
    if (mode === WRITE_THROUGH || mode === DB_ONLY) this.opts.store!.delete(this.name, c.ruid);
    const i = r.contacts.indexOf(c);
    if (i >= 0) r.contacts.splice(i, 1);
    if (r.contacts.length === 0 && mode !== DB_ONLY) this.records.delete(r.aor);
  }

  /** `delete_urecord`: every binding of `aor` goes. */
  deleteRecord(aor: string): void {
    const r = this.get(aor);
    if (r === undefined) {
      this.records.delete(aor);
      return;
    }
    for (const c of [...r.contacts]) this.deleteContact(r, c);
  }

  /** get_ucontact / get_ucontact_by_instance: finds the binding a Contact updates, checking Call-ID and CSeq. */
  find(r: Urecord, uri: string, info: ContactInfo): FindResult {
    if (info.instance !== "") {
      const want = stripAngles(info.instance);
      for (const c of r.contacts) {
        if (c.instance !== "" && c.regId === info.regId && stripAngles(c.instance) === want) return { code: 0, contact: c };
      }
      return { code: 1, contact: null };
    }
    const mode = this.opts.matchingMode;
    let found: Ucontact | undefined;
    if (mode === 1) found = r.contacts.find((c) => c.contact === uri && c.callid === info.callid);
    else if (mode === 2) found = r.contacts.find((c) => c.contact === uri && c.path === info.path);
    else if (mode === 3) found = r.contacts.find((c) => c.callid === info.callid);
    else found = r.contacts.find((c) => c.contact === uri);
    if (found === undefined) return { code: 1, contact: null };
    if (mode === 1 || found.callid === info.callid) {
      if (info.cseq < found.cseq) return { code: -1, contact: null };
      if (info.cseq === found.cseq) return { code: found.lastModified + this.opts.cseqDelay > this.opts.now() ? -2 : -1, contact: null };
    }
    return { code: 0, contact: found };
  }

  /** The expiry timer (`timer_interval`): drops expired bindings; write-back also flushes changes. */
  timer(now: number): void {
    const mode = this.opts.dbMode;
    const store = this.opts.store;
    if (mode === DB_ONLY) {
      store!.deleteExpired(this.name, now + 1 - this.opts.rmExpiredDelay);
      return;
    }
    for (const r of [...this.records.values()]) {
      for (const c of [...r.contacts]) {
        if (!isValid(c, now)) {
          if (store !== null && (mode === WRITE_THROUGH || (mode === WRITE_BACK && c.state !== "new"))) store.delete(this.name, c.ruid);
          r.contacts.splice(r.contacts.indexOf(c), 1);
        } else if (mode === WRITE_BACK) {
          this.flushContact(r, c);
        }
      }
      if (r.contacts.length === 0) this.records.delete(r.aor);
    }
  }

  private flushContact(r: Urecord, c: Ucontact): void {
    if (c.state === "new") {
      const { username, domain } = this.splitAor(r.aor);
      this.opts.store!.insert(this.name, c, username, domain);
    } else if (c.state === "dirty") {
      this.opts.store!.update(this.name, c);
    }
    c.state = "synced";
  }

  /** Shutdown in write-back mode: writes what the timer has not written yet. */
  flush(now: number): void {
    if (this.opts.dbMode === WRITE_BACK) this.timer(now);
  }
}

function stripAngles(s: string): string {
  return s.length > 2 && s.startsWith("<") && s.endsWith(">") ? s.slice(1, -1) : s;
}
