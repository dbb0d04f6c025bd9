// Dumps the KEMI catalog from a real Kamailio 5.6.3 and writes src/catalog/generated/kemi-api.json.
//
// It starts one Kamailio on 127.0.0.30 (children=1, its own run dir under /tmp) with the modules listed
// below, asks `app_jsdt.api_list` through the jsonrpcs FIFO (binrpc/kamcmd fails on a reply this wide),
// stops that one process by its pid, and normalises the reply. Entries for modules this instance could not
// load are merged from the colleague's reference dump (/work/shared/reference/kemi-api-5.6.json) with their
// `origin` kept, so every row says where it came from. Usage: node scripts/catalog/dump-kemi.mjs [--keep]
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = join(ROOT, "src/catalog/generated/kemi-api.json");
const REFERENCE = process.env.KEMI_REFERENCE ?? "/work/shared/reference/kemi-api-5.6.json";
const MODDIR = "/usr/lib/x86_64-linux-gnu/kamailio/modules";
const SQLDIR = "/usr/share/kamailio/db_sqlite";
const ADDR = "127.0.0.30";
const KEEP = process.argv.includes("--keep");

// Modules loaded, in load order, with the modparams each needs to start without outside servers.
// `DB` is replaced by the sqlite URL of the run dir. tls is first: it must precede any libssl user.
const MODULES = [
  ["tls", { config: "RUN/tls.cfg" }],
  ["db_sqlite", {}],
  ["ctl", { binrpc: "unix:RUN/kamailio_ctl" }],
  ["jsonrpcs", { transport: 2, fifo_name: "RUN/kamailio_rpc.fifo", fifo_reply_dir: "RUN/" }],
  ["cfg_rpc", {}],
  ["kex", {}],
  ["corex", {}],
  ["tm", {}],
  ["tmx", {}],
  ["sl", {}],
  ["rr", {}],
  ["pv", {}],
  ["maxfwd", {}],
  ["usrloc", {}],
  ["registrar", {}],
  ["textops", {}],
  ["textopsx", {}],
  ["siputils", {}],
  ["xlog", {}],
  ["sanity", {}],
  ["acc", {}],
  ["counters", {}],
  ["auth", {}],
  ["auth_db", { db_url: "DB" }],
  ["permissions", { db_url: "DB" }],
  ["alias_db", { db_url: "DB" }],
  ["speeddial", { db_url: "DB" }],
  ["domain", { db_url: "DB" }],
  ["presence", { db_url: "DB" }],
  ["presence_xml", { db_url: "DB", integrated_xcap_server: 1 }],
  ["nathelper", {}],
  ["rtpproxy", {}],
  ["htable", {}],
  ["pike", {}],
  ["debugger", {}],
  ["dialog", {}],
  ["dispatcher", { db_url: "DB" }],
  ["uac", {}],
  ["sdpops", {}],
  ["ipops", {}],
  ["kemix", {}],
  ["cfgutils", {}],
  ["path", {}],
  ["avpops", { db_url: "DB", avp_table: "usr_preferences" }],
  ["sqlops", { sqlcon: "ca=>DB" }],
  ["dialplan", { db_url: "DB" }],
  ["group", { db_url: "DB" }],
  ["uri_db", { db_url: "DB" }],
  ["diversion", {}],
  ["enum", {}],
  ["exec", {}],
  ["mqueue", { mqueue: "name=q1" }],
  ["msilo", { db_url: "DB" }],
  ["pdt", { db_url: "DB" }],
  ["pipelimit", { db_url: "DB" }],
  ["ratelimit", {}],
  ["statistics", {}],
  ["sst", { sst_flag: 6 }],
  ["tcpops", {}],
  ["tmrec", {}],
  ["topos", { db_url: "DB" }],
  ["tsilo", {}],
  ["uac_redirect", {}],
  ["userblocklist", { db_url: "DB" }],
  ["utils", {}],
  ["uuid", {}],
  ["xhttp", {}],
  ["websocket", {}],
  ["outbound", {}],
  ["siptrace", { db_url: "DB" }],
  ["sipdump", {}],
  ["async", {}],
  ["blst", {}],
  ["call_obj", { start: 1, end: 10 }],
  ["benchmark", {}],
  ["auth_xkeys", {}],
  ["evapi", { bind_addr: `${ADDR}:8448` }],
  ["http_client", {}],
  ["jansson", {}],
  ["keepalive", {}],
  ["mtree", { db_url: "DB", mtree: "name=mt1;dbtable=mtree;type=0;" }],
  ["pv_headers", {}],
  ["rtjson", {}],
  ["sipjson", {}],
  ["slack", {}],
  ["statsc", {}],
  ["statsd", {}],
  ["xhttp_prom", {}],
  ["xhttp_rpc", {}],
  ["imc", { db_url: "DB" }],
  ["secfilter", { db_url: "DB" }],
  ["app_jsdt", {}],
];

function sqlite(dbFile) {
  // standard-create.sql first: it creates the `version` table the others insert into.
  const files = readdirSync(SQLDIR).filter((f) => f.endsWith("-create.sql") && f !== "standard-create.sql");
  for (const f of ["standard-create.sql", ...files.sort()]) {
    execFileSync("sqlite3", [dbFile, `.read ${join(SQLDIR, f)}`], { stdio: ["ignore", "ignore", "ignore"] });
  }
}

function writeConfig(run) {
  const db = `sqlite://${run}/kamailio.sqlite`;
  const sub = (v) => (typeof v === "string" ? `"${v.replaceAll("RUN", run).replace(/^DB$/, db).replace("=>DB", `=>${db}`)}"` : String(v));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${ADDR}`,
    "-keyout", `${run}/key.pem`, "-out", `${run}/cert.pem`], { stdio: "ignore" });
  writeFileSync(`${run}/tls.cfg`, `[server:default]\nmethod = TLSv1.2+\ncertificate = ${run}/cert.pem\nprivate_key = ${run}/key.pem\n`);
  const lines = [
    "#!KAMAILIO",
    "debug=2", "log_stderror=yes", "children=1", "tcp_children=1", "dns=no", "rev_dns=no", "auto_aliases=no",
    `listen=udp:${ADDR}:5060`, `listen=tcp:${ADDR}:5060`, `listen=tls:${ADDR}:5061`, "enable_tls=yes",
    `mpath="${MODDIR}/"`,
  ];
  for (const [m] of MODULES) lines.push(`loadmodule "${m}.so"`);
  for (const [m, params] of MODULES) {
    for (const [k, v] of Object.entries(params)) lines.push(`modparam("${m}", "${k}", ${sub(v)})`);
  }
  lines.push("request_route { drop; }", "event_route[xhttp:request] { xhttp_reply(\"404\", \"Not Found\", \"\", \"\"); }");
  writeFileSync(`${run}/kamailio.cfg`, `${lines.join("\n")}\n`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(run, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`kamailio exited with ${child.exitCode}; see ${run}/kamailio.log`);
    try {
      execFileSync("kamcmd", ["-s", `unix:${run}/kamailio_ctl`, "core.version"], { stdio: "ignore", timeout: 2000 });
      return;
    } catch {
      await sleep(300);
    }
  }
  throw new Error("kamailio did not answer core.version in 30 s");
}

/** One JSON-RPC call through the jsonrpcs FIFO: write the request, read the reply FIFO it names. */
function fifoCall(run, method) {
  // Writing before jsonrpcs made its FIFO would create a plain file instead.
  if (!statSync(join(run, "kamailio_rpc.fifo"), { throwIfNoEntry: false })?.isFIFO()) throw new Error("jsonrpcs FIFO missing");
  const reply = "kemits_reply"; // jsonrpcs refuses reply names with a dot or slash
  execFileSync("mkfifo", [join(run, reply)]);
  const req = JSON.stringify({ jsonrpc: "2.0", method, reply_name: reply, id: 1 });
  // `timeout` bounds both ends: a FIFO open blocks until the peer shows up.
  const out = execFileSync("sh", ["-c", `timeout 20 cat "$2" & printf '%s\\n' "$1" > "$3"; wait`, "sh", req,
    join(run, reply), join(run, "kamailio_rpc.fifo")], { maxBuffer: 64 << 20, timeout: 30000 });
  return JSON.parse(out.toString("utf8"));
}

async function dump() {
  const run = mkdtempSync(join(tmpdir(), "kemits-kemi-dump-"));
  sqlite(`${run}/kamailio.sqlite`);
  writeConfig(run);
  const log = `${run}/kamailio.log`;
  const child = spawn("sh", ["-c", `exec kamailio -DD -E -f ${run}/kamailio.cfg -Y ${run} -P ${run}/kamailio.pid -m 256 -M 32 >${log} 2>&1`],
    { detached: true, stdio: "ignore" });
  try {
    await waitReady(run, child);
    const res = fifoCall(run, "app_jsdt.api_list");
    if (!res.result) throw new Error(`api_list failed: ${JSON.stringify(res.error ?? res)}`);
    return res.result.methods.map((m) => m.func);
  } finally {
    if (child.exitCode === null) {
      process.kill(child.pid, "SIGTERM");
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    }
    if (KEEP) console.error(`run dir kept: ${run}`);
    else rmSync(run, { recursive: true, force: true });
  }
}

// app_jsdt's engine built-ins: not in api_list (app_jsdt_api.c registers them on the KSR.x object).
const BUILTINS = [
  { module: "x", name: "drop", ret: "none", params: [], notes: ["sets the drop flag, then exits like KSR.x.exit()"] },
  { module: "x", name: "exit", ret: "none", params: [], notes: ["throws the JS string \"~~ksr~exit~~\" (a user try/catch catches it) to stop the whole KEMI run"] },
  { module: "x", name: "modf", ret: "int", params: ["str", "...str"], notes: ["runs a NATIVE module function by name with string arguments; only for exports without fixup or with a free_fixup; logs an ERROR line per call in 5.6.3"] },
].map(({ notes, ...b }) => ({ ...b, ksr: `KSR.x.${b.name}`, so: "app_jsdt.so", origin: "app_jsdt-builtin", notes }));

const paramList = (s) => (s === "none" || s === "" ? [] : s.split(",").map((p) => p.trim()));
const SO = { "": "core", hdr: "core", pv: "core", kx: "kemix.so", pvx: "pv.so", x: "app_jsdt.so" };

function normalise(funcs, reference) {
  const refByKey = new Map(reference.map((r) => [`${r.module}.${r.name}`, r]));
  const rows = new Map();
  for (const f of funcs) {
    const key = `${f.module}.${f.name}`;
    const ref = refByKey.get(key);
    const row = {
      module: f.module, name: f.name, ret: f.ret, params: paramList(f.params),
      ksr: f.module === "" ? `KSR.${f.name}` : `KSR.${f.module}.${f.name}`,
      so: ref?.so ?? SO[f.module] ?? `${f.module}.so`, origin: "runtime",
    };
    if (ref && (ref.ret !== row.ret || ref.params.join() !== row.params.join())) {
      throw new Error(`${key}: dump ${row.ret}(${row.params}) differs from reference ${ref.ret}(${ref.params})`);
    }
    for (const k of ["ksr", "notes", "pv_format_params", "native"]) if (ref?.[k] !== undefined) row[k] = ref[k];
    rows.set(key, row);
  }
  for (const b of BUILTINS) rows.set(`x.${b.name}`, { ...b, ...(refByKey.get(`x.${b.name}`)?.native ? { native: refByKey.get(`x.${b.name}`).native } : {}) });
  // What this instance could not load comes from the reference, marked as such.
  for (const r of reference) {
    const key = `${r.module}.${r.name}`;
    if (rows.has(key)) continue;
    rows.set(key, { ...r, origin: r.origin === "runtime" ? "reference-runtime" : r.origin });
  }
  const rank = (m) => (m === "" ? 0 : m === "hdr" ? 1 : m === "pv" ? 2 : m === "x" ? 3 : 4);
  return [...rows.values()].sort((a, b) => rank(a.module) - rank(b.module) || (a.module < b.module ? -1 : a.module > b.module ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const reference = JSON.parse(readFileSync(REFERENCE, "utf8"));
const funcs = await dump();
const rows = normalise(funcs, reference);
const seen = new Set(funcs.map((f) => f.module));
const body = rows.map((r) => JSON.stringify(r)).join(",\n");
writeFileSync(OUT, `[\n${body}\n]\n`);
console.log(`${funcs.length} functions dumped from ${seen.size} KEMI modules; ${rows.length} rows written to ${OUT}`);
if (!existsSync(OUT)) process.exit(1);
