// usrloc with SQLite (db_url "sqlite://…", db_mode 1, 2, 3): registrations survive a restart of the
// module, the table is Kamailio's own `location` table (created from Kamailio 5.6.3's
// usrloc-create.sql) and it is shared both ways with real Kamailio 5.6.3: what Kamailio saved,
// kemits finds, and what kemits saved, Kamailio lists.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Server, startServer } from "../../../src/runtime/engine/server.js";
import { BUILTIN_MODULES } from "../../../src/runtime/modules/index.js";
import { createHarness, type Harness } from "../../../src/testing/index.js";
import { startKamailio } from "../../support/kamailio-process.js";
import { SipPeer } from "../../support/sip-peer.js";
import { register, registrarRouting, request, summary } from "./registrar-support.js";

const SQL_DIR = "/usr/share/kamailio/db_sqlite";
// Kamailio's own location table definition: fail, never skip, when it is not installed.
if (!existsSync(join(SQL_DIR, "usrloc-create.sql"))) {
  throw new Error(`${SQL_DIR}/usrloc-create.sql is missing; install it with: apt-get install -y kamailio-sqlite-modules`);
}

interface Db {
  exec(sql: string): void;
  prepare(sql: string): { all(...p: unknown[]): Record<string, unknown>[] };
  close(): void;
}
const Database = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => Db;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kemits-usrloc-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A new database with the tables `kamdbctl create` makes for usrloc. */
function kamailioDb(name: string): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(readFileSync(join(SQL_DIR, "standard-create.sql"), "utf8"));
  db.exec(readFileSync(join(SQL_DIR, "usrloc-create.sql"), "utf8"));
  db.close();
  return path;
}

function rows(path: string): Record<string, unknown>[] {
  const db = new Database(path);
  const out = db.prepare("SELECT * FROM location ORDER BY id").all();
  db.close();
  return out;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function start(path: string, dbMode: number): Promise<Harness> {
  let h: Harness | undefined;
  h = await createHarness(
    registrarRouting(() => h!.engine.current, [
      { module: "usrloc", name: "db_url", value: `sqlite://${path}` },
      { module: "usrloc", name: "db_mode", value: dbMode },
    ]),
  );
  harnesses.push(h);
  return h;
}

function send(h: Harness, text: string): string {
  const out = h.send(text, { from: "127.0.80.9:5090" });
  expect(out).toHaveLength(1);
  return summary(out[0]!.text);
}

describe("usrloc in SQLite", () => {
  for (const mode of [1, 2, 3]) {
    it(`db_mode ${mode}: bindings survive a restart and lookup finds them`, async () => {
      const path = kamailioDb(`mode${mode}.db`);
      const first = await start(path, mode);
      expect(send(first, register("alice", { contact: "<sip:alice@10.0.0.2:5062>;q=0.5", expires: 600, extra: "Allow: INVITE, MESSAGE\n" }))).toContain("200 OK");
      expect(send(first, register("alice", { callid: "alice-2", contact: "<sip:alice@10.0.0.3>", expires: 300 }))).toContain("200 OK");
      await first.close();
      harnesses.length = 0;

      const second = await start(path, mode);
      const out = send(second, request("INVITE", "alice"));
      expect(out).toContain("X-Rc: 1\nX-Ru: sip:alice@10.0.0.2:5062\n");
      expect(out).toContain("X-B0: sip:alice@10.0.0.3 q=<null>");
      // Method filtering survives too: the first binding only takes INVITE and MESSAGE.
      expect(send(second, request("OPTIONS", "alice"))).toContain("X-Ru: sip:alice@10.0.0.3\n");
    });
  }

  it("writes rows encoded as Kamailio 5.6.3 writes them", async () => {
    const path = kamailioDb("encoding.db");
    const h = await start(path, 1);
    send(h, register("bob", { contact: '<sip:bob@10.0.0.5:5070>;received="sip:192.0.2.5:6000"', expires: 600, extra: "Allow: MESSAGE, OPTIONS\nUser-Agent: phone/1.0\n" }));
    send(h, register("carol", { contact: "<sip:carol@10.0.0.6>;q=1.0", expires: 60, extra: "Path: <sip:edge.test:5099;lr>\n" }));
    const [bob, carol] = rows(path);
    // Column values and types as in the rows Kamailio 5.6.3 (db_sqlite, db_mode 1) wrote for the same REGISTERs.
    expect(bob).toMatchObject({
      username: "bob",
      domain: null,
      contact: "sip:bob@10.0.0.5:5070",
      received: "sip:192.0.2.5:6000",
      path: null,
      q: -1,
      callid: "reg-bob",
      cseq: 1,
      flags: 0,
      cflags: 0,
      user_agent: "phone/1.0",
      socket: "udp:127.0.80.1:5060",
      methods: 768,
      instance: null,
      reg_id: 0,
      server_id: 0,
      connection_id: -1,
      keepalive: 0,
      partition: 0,
    });
    expect(bob!.ruid).toMatch(/^uloc-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/);
    expect(carol).toMatchObject({ q: 1, path: "<sip:edge.test:5099;lr>", methods: null, user_agent: "n/a" });
    // Times are Julian day numbers: expires - last_modified is the binding's lifetime.
    const lifetime = Math.round(((carol!.expires as number) - (carol!.last_modified as number)) * 86400);
    expect(lifetime).toBe(60);
  });

  // Kamailio 5.6.3 gave this exact reply when its location table was dropped under it (db_mode 1).
  it("answers 500 when the table cannot be written, as Kamailio does for a failed usrloc insert", async () => {
    const path = kamailioDb("broken.db");
    const h = await start(path, 1);
    expect(send(h, register("ida", { contact: "<sip:ida@10.0.0.30>", expires: 60 }))).toContain("200 OK");
    const db = new Database(path);
    db.exec("DROP TABLE location");
    db.close();
    expect(send(h, register("jo", { contact: "<sip:jo@10.0.0.31>", expires: 60 }))).toBe(
      "SIP/2.0 500 Server Internal Error\nTo: <sip:jo@example.test>\nCSeq: 1 REGISTER\nP-Registrar-Error: usrloc_contact_insert failed",
    );
    expect(send(h, request("INVITE", "jo"))).toContain("X-Rc: -1\n");
    expect(h.logs.some((l) => l.includes("usrloc: insert failed: no such table"))).toBe(true);
  });

  it("use_domain=1: the AOR is user@domain, lower-cased, stored as username and domain", async () => {
    const path = kamailioDb("domain.db");
    let h: Harness | undefined;
    h = await createHarness(
      registrarRouting(() => h!.engine.current, [
        { module: "usrloc", name: "db_url", value: `sqlite://${path}` },
        { module: "usrloc", name: "db_mode", value: 1 },
        { module: "usrloc", name: "use_domain", value: 1 },
      ]),
    );
    harnesses.push(h);
    const reg = (to: string, contact: string, callid: string) =>
      register("x", { callid, contact, expires: 300 }).replace("To: <sip:x@example.test>", `To: <${to}>`);
    expect(send(h, reg("sip:Alice@Example.TEST", "<sip:alice@10.0.0.40>", "d1"))).toContain("Contact: <sip:alice@10.0.0.40>;expires=300");
    expect(send(h, reg("sip:alice@other.test", "<sip:alice@10.0.0.41>", "d2"))).toContain("Contact: <sip:alice@10.0.0.41>;expires=300");
    // The rows Kamailio 5.6.3 (use_domain=1, db_mode 1) wrote for the same two REGISTERs.
    expect(rows(path).map((r) => [r.username, r.domain, r.contact])).toEqual([
      ["alice", "example.test", "sip:alice@10.0.0.40"],
      ["alice", "other.test", "sip:alice@10.0.0.41"],
    ]);
    expect(send(h, request("INVITE", "alice"))).toContain("X-Ru: sip:alice@10.0.0.40\n");
  });

  it("refuses to start with a db_url that is not SQLite", async () => {
    await expect(
      createHarness(
        registrarRouting(() => null, [
          { module: "usrloc", name: "db_url", value: "mysql://kamailio:kamailiorw@localhost/kamailio" },
          { module: "usrloc", name: "db_mode", value: 2 },
        ]),
      ),
    ).rejects.toThrow(/SQLite db_url/);
  });
});

describe("a location table shared with Kamailio 5.6.3", () => {
  const CFG = "fixtures/runtime/registrar/registrar.cfg";

  async function withKamailio<T>(path: string, run: (peer: SipPeer) => Promise<T>): Promise<T> {
    // Kamailio resolves sqlite:/// relative to its working directory: four slashes make it absolute.
    const server = await startKamailio(CFG, ["udp:127.0.80.3:5060"], ["WITH_DB", `DBURL="sqlite:///${path}"`, "DBMODE=1"]);
    const peer = await SipPeer.bind("127.0.80.8", 5090);
    try {
      return await run(peer);
    } finally {
      await peer.close();
      await server.stop();
    }
  }

  it("kemits finds what Kamailio saved, and Kamailio lists what kemits saved", async () => {
    const path = kamailioDb("shared.db");
    await withKamailio(path, async (peer) => {
      await peer.send(register("dave", { contact: "<sip:dave@10.0.0.7>;q=0.1", expires: 100 }).replace(/\n/g, "\r\n"), "127.0.80.3", 5060);
      const [reply] = await peer.waitFor(1);
      expect(reply?.text).toContain("SIP/2.0 200 OK");
    });

    const h = await start(path, 1);
    expect(send(h, request("INVITE", "dave"))).toContain("X-Rc: 1\nX-Ru: sip:dave@10.0.0.7\n");
    send(h, register("erin", { contact: "<sip:erin@10.0.0.10>;q=0.7", expires: 600, extra: "Allow: MESSAGE\n" }));
    await h.close();
    harnesses.length = 0;

    await withKamailio(path, async (peer) => {
      await peer.send(register("erin", { callid: "erin-fetch" }).replace(/\n/g, "\r\n"), "127.0.80.3", 5060);
      const [reply] = await peer.waitFor(1);
      expect(reply?.text).toMatch(/\r\nContact: <sip:erin@10\.0\.0\.10>;q=0\.7;expires=(600|599|598)\r\n/);
    });
  }, 30_000);
});

describe("a kemits server restart", () => {
  async function serve(path: string): Promise<Server> {
    let server: Server | undefined;
    server = await startServer(
      registrarRouting(() => server!.engine.current, [
        { module: "usrloc", name: "db_url", value: `sqlite://${path}` },
        { module: "usrloc", name: "db_mode", value: 2 },
      ]),
      { modules: BUILTIN_MODULES, logSink: () => {} },
    );
    return server;
  }

  it("keeps write-back registrations: stopping flushes them, the next server routes to them", async () => {
    const path = kamailioDb("server.db");
    const client = await SipPeer.bind("127.0.80.9", 5090);
    const callee = await SipPeer.bind("127.0.80.2", 5070);
    try {
      const first = await serve(path);
      await client.send(register("frank", { contact: "<sip:frank@10.0.0.11>", expires: 600 }).replace(/\n/g, "\r\n"), "127.0.80.1", 5060);
      const [ok] = await client.waitFor(1);
      expect(ok?.text).toContain("Contact: <sip:frank@10.0.0.11>;expires=600\r\n");
      await first.stop();
      expect(rows(path).map((r) => r.contact)).toEqual(["sip:frank@10.0.0.11"]);

      const second = await serve(path);
      try {
        await client.send(request("INVITE", "frank").replace(/\n/g, "\r\n"), "127.0.80.1", 5060);
        const [invite] = await callee.waitFor(1);
        expect(invite?.text).toMatch(/^INVITE sip:frank@10\.0\.0\.11 SIP\/2\.0\r\n/);
        expect(invite?.text).toContain("\r\nX-Rc: 1\r\n");
      } finally {
        await second.stop();
      }
    } finally {
      await client.close();
      await callee.close();
    }
  }, 20_000);
});

describe("the expiry timer with SQLite", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const mode of [1, 2, 3]) {
    it(`db_mode ${mode}: expired bindings leave the table at the timer (timer_interval 60)`, async () => {
      vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
      vi.setSystemTime(Date.UTC(2026, 10, 27, 8, 0, 0));
      const path = kamailioDb(`timer${mode}.db`);
      const h = await start(path, mode);
      send(h, register("gus", { contact: "<sip:gus@10.0.0.20>", expires: 120 }));
      send(h, register("gus", { callid: "gus-2", contact: "<sip:gus@10.0.0.21>", expires: 600 }));
      // Write-back writes at the timer; the others at once.
      expect(rows(path)).toHaveLength(mode === 2 ? 0 : 2);
      vi.advanceTimersByTime(60_000);
      expect(rows(path).map((r) => r.contact)).toEqual(["sip:gus@10.0.0.20", "sip:gus@10.0.0.21"]);
      vi.advanceTimersByTime(60_000);
      expect(rows(path).map((r) => r.contact)).toEqual(["sip:gus@10.0.0.21"]);
      // Removing a binding by REGISTER: write-back keeps the row until the next timer run.
      send(h, register("gus", { callid: "gus-2", cseq: 2, contact: "<sip:gus@10.0.0.21>", expires: 0 }));
      expect(rows(path)).toHaveLength(mode === 2 ? 1 : 0);
      expect(send(h, request("INVITE", "gus"))).toContain("X-Rc: -1\n");
      vi.advanceTimersByTime(60_000);
      expect(rows(path)).toHaveLength(0);
    });
  }
});
