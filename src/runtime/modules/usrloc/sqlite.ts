/**
 * The `location` table in SQLite, laid out and encoded as Kamailio 5.6.3's usrloc + db_sqlite write
 * it (`/usr/share/kamailio/db_sqlite/usrloc-create.sql`), so a database kamdbctl made, or one real
 * Kamailio filled, works both ways: times are Julian day numbers (REAL), q is q/1000 with -1 for
 * "unspecified", ALL_METHODS is NULL, empty received/path/instance/domain are NULL.
 *
 * The driver (better-sqlite3) is loaded only when a `db_url` is in use.
 */

import { createRequire } from "node:module";
import { KemitsError } from "../../engine/errors.js";
import { ALL_METHODS, Q_UNSPECIFIED, type Ucontact } from "./contact.js";

/** The subset of better-sqlite3 used here. */
interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): Record<string, unknown>[];
}
interface Database {
  prepare(sql: string): Statement;
  close(): void;
}
type DatabaseConstructor = new (path: string, options?: { fileMustExist?: boolean }) => Database;

/** A row read back: the binding plus the username/domain columns it came from. */
export interface LocationRow {
  readonly username: string;
  readonly domain: string;
  readonly contact: Omit<Ucontact, "aor" | "state">;
}

/** Path of an SQLite db_url: the text after `sqlite://` (Kamailio resolves it from its working directory, `/`). */
export function sqlitePath(dbUrl: string): string | null {
  const m = /^sqlite:\/\/(.+)$/.exec(dbUrl);
  return m === null ? null : m[1]!;
}

function toJulian(t: number): number {
  return (t - 0.5) / 86400 + 2440587.5;
}

function fromJulian(v: unknown): number {
  const jd = typeof v === "number" ? v : Number.parseFloat(String(v ?? "0")) || 0;
  return Math.floor(86400 * (jd - 2440587.5) + 0.5);
}

const COLUMNS =
  "ruid, username, domain, contact, received, path, expires, q, callid, cseq, last_modified, flags, cflags, user_agent, socket, methods, instance, reg_id, server_id, connection_id, keepalive, partition";

let driver: DatabaseConstructor | null = null;

function loadDriver(): DatabaseConstructor {
  if (driver === null) {
    try {
      driver = createRequire(import.meta.url)("better-sqlite3") as DatabaseConstructor;
    } catch (e) {
      throw new KemitsError("KEMITS_ERR_MODULE_INIT", `usrloc: cannot load the SQLite driver better-sqlite3: ${(e as Error).message}`);
    }
  }
  return driver;
}

/** A failed database operation during routing (Kamailio answers such REGISTERs with 500). */
export class LocationDbError extends Error {
  readonly op: "insert" | "update" | "delete" | "query";

  constructor(op: "insert" | "update" | "delete" | "query", cause: unknown) {
    super(`usrloc: ${op} failed: ${(cause as Error).message ?? String(cause)}`);
    this.name = "LocationDbError";
    this.op = op;
  }
}

function guarded<T>(op: LocationDbError["op"], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new LocationDbError(op, e);
  }
}

/** One SQLite database holding usrloc tables (`location` and any other table save() names). */
export class SqliteLocationStore {
  private readonly db: Database;
  private readonly statements = new Map<string, Statement>();

  constructor(path: string) {
    const Db = loadDriver();
    try {
      this.db = new Db(path, { fileMustExist: true });
    } catch (e) {
      throw new KemitsError("KEMITS_ERR_MODULE_INIT", `usrloc: cannot open SQLite database ${path}: ${(e as Error).message}`);
    }
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Checks the table exists with Kamailio's columns (throws with the reason otherwise). */
  checkTable(table: string): void {
    try {
      this.stmt(`SELECT ${COLUMNS} FROM ${quoteId(table)} LIMIT 0`).all();
    } catch (e) {
      throw new KemitsError("KEMITS_ERR_MODULE_INIT", `usrloc: table ${table} is not a Kamailio location table: ${(e as Error).message}`);
    }
  }

  /** Every row of the table (preload at start-up). */
  loadAll(table: string): LocationRow[] {
    return this.stmt(`SELECT ${COLUMNS} FROM ${quoteId(table)}`).all().map(rowToContact);
  }

  /** Rows of one AOR (db_mode 3 reads). */
  loadAor(table: string, username: string, domain: string | null): LocationRow[] {
    return guarded("query", () => {
      if (domain === null) return this.stmt(`SELECT ${COLUMNS} FROM ${quoteId(table)} WHERE username = ?`).all(username).map(rowToContact);
      return this.stmt(`SELECT ${COLUMNS} FROM ${quoteId(table)} WHERE username = ? AND domain = ?`).all(username, domain).map(rowToContact);
    });
  }

  insert(table: string, c: Ucontact, username: string, domain: string | null): void {
    guarded("insert", () =>
      this.stmt(`INSERT INTO ${quoteId(table)} (${COLUMNS}) VALUES (${COLUMNS.split(",").map(() => "?").join(", ")})`).run(
        c.ruid,
        username,
        domain,
        ...bindingValues(c),
        0,
      ),
    );
  }

  update(table: string, c: Ucontact): void {
    guarded("update", () =>
      this.stmt(
        `UPDATE ${quoteId(table)} SET contact = ?, received = ?, path = ?, expires = ?, q = ?, callid = ?, cseq = ?, last_modified = ?, flags = ?, cflags = ?, user_agent = ?, socket = ?, methods = ?, instance = ?, reg_id = ?, server_id = ?, connection_id = ?, keepalive = ? WHERE ruid = ?`,
      ).run(...bindingValues(c), c.ruid),
    );
  }

  delete(table: string, ruid: string): void {
    guarded("delete", () => this.stmt(`DELETE FROM ${quoteId(table)} WHERE ruid = ?`).run(ruid));
  }

  /** db_mode 3 timer: rows whose expires is before `before` (permanent ones excepted). */
  deleteExpired(table: string, before: number): void {
    guarded("delete", () => this.stmt(`DELETE FROM ${quoteId(table)} WHERE expires < ? AND expires != ?`).run(toJulian(before), toJulian(0)));
  }

  close(): void {
    this.db.close();
  }
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function nullIfEmpty(s: string): string | null {
  return s === "" ? null : s;
}

function str(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

function int(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

function rowToContact(r: Record<string, unknown>): LocationRow {
  const q = r.q === null || r.q === undefined ? Q_UNSPECIFIED : Number(r.q);
  return {
    username: str(r.username),
    domain: str(r.domain),
    contact: {
      contact: str(r.contact),
      received: str(r.received),
      path: str(r.path),
      expires: fromJulian(r.expires),
      q: q < 0 ? Q_UNSPECIFIED : Math.round(q * 1000),
      callid: str(r.callid),
      cseq: int(r.cseq),
      flags: int(r.flags),
      cflags: int(r.cflags),
      userAgent: str(r.user_agent),
      socket: str(r.socket),
      methods: r.methods === null || r.methods === undefined ? ALL_METHODS : Number(r.methods) >>> 0,
      instance: str(r.instance),
      regId: int(r.reg_id),
      serverId: int(r.server_id),
      connectionId: r.connection_id === null || r.connection_id === undefined ? -1 : Number(r.connection_id),
      keepalive: int(r.keepalive),
      lastModified: fromJulian(r.last_modified),
      ruid: str(r.ruid),
    },
  };
}

/** A binding's columns from `contact` to `keepalive`, encoded as Kamailio's db_sqlite writes them. */
function bindingValues(c: Ucontact): unknown[] {
  return [
    c.contact,
    nullIfEmpty(c.received),
    nullIfEmpty(c.path),
    toJulian(c.expires),
    c.q === Q_UNSPECIFIED ? -1 : c.q / 1000,
    c.callid,
    c.cseq,
    toJulian(c.lastModified),
    c.flags,
    c.cflags,
    c.userAgent,
    nullIfEmpty(c.socket),
    c.methods === ALL_METHODS ? null : c.methods,
    nullIfEmpty(c.instance),
    c.regId,
    c.serverId,
    c.connectionId,
    c.keepalive,
  ];
}
