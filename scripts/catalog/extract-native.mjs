// Extracts every module's native surface from the Kamailio 5.6.3 C sources and writes
// src/catalog/generated/native-5.6.json: per module, the `cmd_export_t` rows (name, arity, fixup, free_fixup,
// allowed route kinds) and the `param_export_t` rows (modparam name and accepted value types).
//
// Reads the bare mirror with `git show 5.6.3:…`; set KAMAILIO_GIT to point elsewhere. Rows inside `#ifdef`
// blocks are kept (Debian builds with TCP, TLS and SCTP), and each such row records its guard.
// Usage: node scripts/catalog/extract-native.mjs   (KEMITS_NATIVE_OUT=file writes elsewhere)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = process.env.KEMITS_NATIVE_OUT ?? join(ROOT, "src/catalog/generated/native-5.6.json");
const GIT = process.env.KAMAILIO_GIT ?? "/work/.mirror/kamailio+kamailio/repo";
const TAG = "5.6.3";

const git = (...args) => execFileSync("git", ["-C", GIT, ...args], { maxBuffer: 256 << 20 }).toString("utf8");

// src/core/route.h: route kinds as bits. ONREPLY_ROUTE and EVENT_ROUTE are unions; ANY_ROUTE is all bits.
const ROUTE_BITS = {
  REQUEST_ROUTE: 1 << 0, FAILURE_ROUTE: 1 << 1, TM_ONREPLY_ROUTE: 1 << 2, BRANCH_ROUTE: 1 << 3,
  ONSEND_ROUTE: 1 << 4, ERROR_ROUTE: 1 << 5, LOCAL_ROUTE: 1 << 6, CORE_ONREPLY_ROUTE: 1 << 7,
  BRANCH_FAILURE_ROUTE: 1 << 8, ONEVENT_ROUTE: 1 << 9,
};
const ROUTE_MACROS = {
  ...ROUTE_BITS,
  ONREPLY_ROUTE: ROUTE_BITS.TM_ONREPLY_ROUTE | ROUTE_BITS.CORE_ONREPLY_ROUTE,
  EVENT_ROUTE: ROUTE_BITS.REQUEST_ROUTE | ROUTE_BITS.ONEVENT_ROUTE,
  ANY_ROUTE: 0x3ff, // every kind 5.6 has; the C value 0xFFFFFFFF sets unused bits too
};
const ROUTE_NAMES = {
  REQUEST_ROUTE: "request", FAILURE_ROUTE: "failure", TM_ONREPLY_ROUTE: "onreply", BRANCH_ROUTE: "branch",
  ONSEND_ROUTE: "onsend", ERROR_ROUTE: "error", LOCAL_ROUTE: "local", CORE_ONREPLY_ROUTE: "reply",
  BRANCH_FAILURE_ROUTE: "branch_failure", ONEVENT_ROUTE: "event",
};
// src/core/sr_module.h: modparam types (INT_PARAM/STR_PARAM/USE_FUNC_PARAM are the old spellings).
const PARAM_BITS = { PARAM_STRING: 1, STR_PARAM: 1, PARAM_INT: 2, INT_PARAM: 2, PARAM_STR: 4, PARAM_VAR: 8, PARAM_USE_FUNC: 1 << 31, USE_FUNC_PARAM: 1 << 31 };

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"/g, (m) => (m.startsWith('"') ? m : m.startsWith("/*") ? m.replace(/[^\n]/g, " ") : ""));
}

/** `#define NAME value` lines of a file, for flags written as module macros. */
function defines(src) {
  const out = {};
  for (const m of src.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+((?:[^\n\\]|\\\n)+)/gm)) {
    out[m[1]] = m[2].replace(/\\\n/g, " ").trim();
  }
  return out;
}

/** Splits `a, (b, c), {d}` at top-level commas. */
function splitTop(s) {
  const out = [];
  let depth = 0;
  let cur = "";
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      cur += c;
      if (c === "\\") cur += s[++i];
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === "(" || c === "{") depth++;
    if (c === ")" || c === "}") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The `{…}` rows of every array of the given C type, with the `#if…` guard each row sits under. */
function arrays(src, ctype) {
  const rows = [];
  const re = new RegExp(`\\b${ctype}\\s+(\\w+)\\s*\\[\\s*\\w*\\s*\\]\\s*=\\s*\\{`, "g");
  for (const m of src.matchAll(re)) {
    let i = m.index + m[0].length;
    let depth = 1;
    const start = i;
    while (depth > 0 && i < src.length) {
      if (src[i] === '"') {
        i++;
        while (src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
      } else if (src[i] === "{") depth++;
      else if (src[i] === "}") depth--;
      i++;
    }
    const body = src.slice(start, i - 1);
    const guards = [];
    let row = null;
    let rowDepth = 0;
    for (const line of body.split("\n")) {
      const pp = line.match(/^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/);
      if (pp) {
        if (pp[1].startsWith("if")) guards.push(`${pp[1]} ${pp[2].trim()}`.trim());
        else if (pp[1] === "endif") guards.pop();
        else if (guards.length) guards[guards.length - 1] = `${pp[1]} ${pp[2].trim()}`.trim() + ` (of ${guards.at(-1)})`;
        continue;
      }
      for (const c of line) {
        if (c === "{") {
          if (rowDepth === 0) row = { text: "", guard: guards.join(" && ") || undefined };
          rowDepth++;
          if (rowDepth === 1) continue;
        }
        if (c === "}") {
          rowDepth--;
          if (rowDepth === 0) {
            rows.push({ array: m[1], fields: splitTop(row.text), guard: row.guard });
            continue;
          }
        }
        if (rowDepth > 0) row.text += c;
      }
      if (rowDepth > 0) row.text += " ";
    }
  }
  return rows;
}

function evalMask(expr, table, defs, what, depth = 0) {
  let mask = 0;
  for (const tok of expr.replace(/[()]/g, " ").split("|").map((t) => t.trim()).filter(Boolean)) {
    if (/^(0x[0-9a-f]+|\d+)$/i.test(tok)) mask |= Number(tok);
    else if (tok in table) mask |= table[tok];
    else if (tok in defs && depth < 5) mask |= evalMask(defs[tok], table, defs, what, depth + 1);
    else throw new Error(`unknown ${what} token ${tok} in ${expr}`);
  }
  return mask >>> 0;
}

const cIdent = (f) => {
  const s = f.replace(/\([^)]*\)/g, "").trim();
  return s === "0" || s === "NULL" ? null : s;
};
const cString = (f) => (f.match(/^"((?:\\.|[^"\\])*)"$/) ?? [])[1];

function routeNames(mask) {
  return Object.entries(ROUTE_BITS)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([k]) => ROUTE_NAMES[k]);
}

function extractModule(name, files) {
  const sources = files.map((f) => stripComments(git("show", `${TAG}:${f}`)));
  const defs = Object.assign({}, ...sources.map(defines));
  const functions = [];
  const params = new Map();
  for (const src of sources) {
    for (const r of arrays(src, "cmd_export_t")) {
      const [n, fn, argc, fixup, freeFixup, flags] = r.fields;
      const fname = n && cString(n);
      if (!fname) continue; // the {0,0,…} terminator
      if (argc === "NO_SCRIPT") continue; // API export for other modules, not callable from a cfg
      const arity = argc === "VAR_PARAM_NO" ? "var" : Number(defs[argc] ?? argc);
      if (arity !== "var" && !Number.isInteger(arity)) throw new Error(`${name}.${fname}: arity ${argc}`);
      const mask = evalMask(flags ?? "0", ROUTE_MACROS, defs, "route flag");
      const row = { name: fname, arity, fixup: cIdent(fixup ?? "0"), freeFixup: cIdent(freeFixup ?? "0"), routes: routeNames(mask), c: cIdent(fn) };
      if (r.guard) row.guard = r.guard;
      functions.push(row);
    }
    for (const r of arrays(src, "param_export_t")) {
      const [n, type] = r.fields;
      const pname = n && cString(n);
      if (!pname) continue;
      const bits = evalMask(type, PARAM_BITS, defs, "param type");
      const prev = params.get(pname) ?? { name: pname, accepts: [], useFunc: false };
      if (bits & (PARAM_BITS.PARAM_STRING | PARAM_BITS.PARAM_STR) && !prev.accepts.includes("str")) prev.accepts.push("str");
      if (bits & PARAM_BITS.PARAM_INT && !prev.accepts.includes("int")) prev.accepts.push("int");
      if (bits & PARAM_BITS.PARAM_VAR && !prev.accepts.includes("var")) prev.accepts.push("var");
      if (bits & PARAM_BITS.PARAM_USE_FUNC) prev.useFunc = true;
      prev.accepts.sort();
      params.set(pname, prev);
    }
  }
  return { module: name, functions, params: [...params.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

const files = git("ls-tree", "-r", "--name-only", TAG, "src/modules/").split("\n").filter((f) => /\.c$/.test(f));
const byModule = new Map();
for (const f of files) {
  const m = f.split("/")[2];
  if (!byModule.has(m)) byModule.set(m, []);
  byModule.get(m).push(f);
}
const modules = [];
for (const [name, fs] of [...byModule].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const mod = extractModule(name, fs);
  modules.push(mod); // kept even when empty: a loaded module with no exports is still a known module
}
const header = { source: `kamailio ${TAG} src/modules (cmd_export_t, param_export_t)`, generator: "scripts/catalog/extract-native.mjs" };
const body = modules.map((m) => JSON.stringify(m)).join(",\n");
writeFileSync(OUT, `{"meta":${JSON.stringify(header)},\n"modules":[\n${body}\n]}\n`);
console.log(`${modules.length} modules, ${modules.reduce((n, m) => n + m.functions.length, 0)} functions, ${modules.reduce((n, m) => n + m.params.length, 0)} params → ${OUT}`);
