/**
 * `save()` as Kamailio 5.6.3's registrar does it (save.c, sip_msg.c, reply.c): check the REGISTER,
 * compute each Contact's expires (Expires header, `expires` param, `default_expires`, raised to
 * `min_expires` or refused with 423 in `min_expires_mode`, capped at `max_expires`), insert, update or
 * remove bindings with usrloc's Call-ID/CSeq rules, and answer with every valid binding and its
 * remaining time (or with the error and `P-Registrar-Error`).
 */

import type { MsgContext } from "../../engine/context.js";
import type { NameAddr } from "../../sip/index.js";
import type { ContactInfo, UDomain, Urecord, UsrlocApi } from "../usrloc/index.js";
import { ALL_METHODS, isValid, LocationDbError, Q_UNSPECIFIED, qToString } from "../usrloc/index.js";
import { allowedMethods, checkContacts, parseMethods, parseQ, pathVector, REASONS, REG_ERRORS, type RegError, unquote } from "./message.js";

export const REG_SAVE_MEM_FL = 1;
export const REG_SAVE_NORPL_FL = 2;
export const REG_SAVE_REPL_FL = 4;
export const REG_SAVE_NOVARIATION_FL = 8;
export const REG_SAVE_PREPRPL_FL = 16;

const FL_MEM = 1;
const PATH_MODE_OFF = 0;
const PATH_MODE_STRICT = 2;
const MAX_UA_SIZE = 255;

/** The registrar settings save() and lookup() read (modparams, resolved at start-up). */
export interface RegistrarConfig {
  readonly defaultExpires: number;
  readonly defaultExpiresRange: number;
  readonly expiresRange: number;
  readonly minExpires: number;
  readonly maxExpires: number;
  readonly minExpiresMode: boolean;
  readonly maxContacts: number;
  readonly retryAfter: number;
  readonly defaultQ: number;
  readonly appendBranches: boolean;
  readonly useExpiredContacts: boolean;
  readonly methodFiltering: boolean;
  readonly usePath: boolean;
  readonly pathMode: number;
  readonly pathUseReceived: boolean;
  readonly pathCheckLocal: boolean;
  readonly receivedParam: string;
  /** AVP name the received address is read from (`received_avp`), "" for none. */
  readonly receivedAvp: string;
  readonly contactMaxSize: number;
  readonly natFlag: number;
  readonly useDomain: boolean;
  readonly caseSensitive: boolean;
  readonly realmPrefix: string;
}

/** One save() run: what it has found out so far, Kamailio's static `rerrno` and `contact` buffer. */
export class SaveRun {
  error: RegError = "R_FINE";
  /** The Contact header line of the reply, null when none was built. */
  contactLine: string | null = null;
  /** The Path vector to echo in the reply (set_path_vector), "" when none. */
  pathVec = "";
  /** The address of record, once extracted. */
  aor = "";
  /** What the database said when a usrloc write failed, for the log. */
  dbError = "";
  private msgInfo: ContactInfo | null = null;
  private allow: number | null | undefined = undefined;

  constructor(
    readonly ctx: MsgContext,
    readonly cfg: RegistrarConfig,
    readonly ul: UsrlocApi,
    readonly now: number,
    readonly flags: number,
    readonly qOverride: number | null,
  ) {}

  get memOnly(): number {
    return (this.flags & REG_SAVE_MEM_FL) !== 0 ? FL_MEM : 0;
  }

  /** calc_contact_expires: absolute expiry for a Contact (0 = remove); sets R_LOW_EXP when refused. */
  expiresOf(c: NameAddr): number {
    const cfg = this.cfg;
    const param = c.param("expires");
    let e: number;
    let range: number;
    if (param === undefined || param === null || param === "") {
      e = this.ctx.msg.expires();
      if (e < 0) {
        e = cfg.defaultExpires;
        range = cfg.defaultExpiresRange;
      } else range = cfg.expiresRange;
    } else if (/^\d+$/.test(param) && Number(param) <= 0xffffffff) {
      e = Number(param);
      range = cfg.expiresRange;
    } else {
      e = cfg.defaultExpires;
      range = cfg.defaultExpiresRange;
    }
    if (e === 0) return 0;
    if (e < cfg.minExpires) {
      if (cfg.minExpiresMode) {
        this.error = "R_LOW_EXP";
        return e;
      }
      e = cfg.minExpires;
    }
    if ((this.flags & REG_SAVE_NOVARIATION_FL) === 0 && range > 0) {
      const low = e - Math.floor((range / 100) * e);
      e = low + Math.floor(Math.random() * (e - low + 1));
      if (e < cfg.minExpires) e = cfg.minExpires;
    }
    if (cfg.maxExpires > 0 && e > cfg.maxExpires) e = cfg.maxExpires;
    return e + this.now;
  }

  /** pack_ci, message part: Call-ID, CSeq, socket, User-Agent, Path, flags. null (error set) on failure. */
  private messageInfo(): ContactInfo | null {
    if (this.msgInfo !== null) return this.msgInfo;
    const ctx = this.ctx;
    const msg = ctx.msg;
    const callid = msg.callId().replace(/[ \t\r\n]+$/, "");
    if (callid.length > 255) return this.fail("R_CALLID_LEN");
    const cseq = msg.cseq();
    if (cseq === null) return this.fail("R_INV_CSEQ");
    const ua = msg.headerValue("User-Agent");
    let path = "";
    let received = "";
    if (this.cfg.usePath) {
      const pv = pathVector(msg, this.cfg.pathUseReceived);
      if (typeof pv === "string") return this.fail(pv);
      path = pv.path;
      received = pv.received;
      if (path !== "" && this.cfg.pathMode !== PATH_MODE_OFF) this.pathVec = path;
    }
    this.msgInfo = {
      received,
      path,
      expires: 0,
      q: Q_UNSPECIFIED,
      callid,
      cseq: Number(cseq.number),
      flags: this.memOnly,
      cflags: ctx.branchFlags | (received !== "" ? this.cfg.natFlag : 0),
      userAgent: ua !== undefined && ua.length > 0 && ua.length < MAX_UA_SIZE ? ua : "n/a",
      socket: `${ctx.socket.proto}:${ctx.socket.address}:${ctx.socket.port}`,
      methods: ALL_METHODS,
      instance: "",
      regId: 0,
      serverId: 0,
      connectionId: ctx.proto === "tcp" ? (ctx.connectionId ?? -1) : -1,
      keepalive: 0,
      lastModified: this.now,
      ruid: "",
    };
    return this.msgInfo;
  }

  private fail(e: RegError): null {
    this.error = e;
    return null;
  }

  /** pack_ci for one Contact with its absolute expires; null (error set) on failure. */
  contactInfo(c: NameAddr, expires: number): ContactInfo | null {
    const base = this.messageInfo();
    if (base === null) return null;
    let q: number;
    const qp = c.param("q");
    if (this.qOverride !== null) q = this.qOverride;
    else if (qp === undefined || qp === null || qp === "") q = this.cfg.defaultQ;
    else {
      const parsed = parseQ(qp);
      if (parsed === null) return this.fail("R_INV_Q");
      q = parsed;
    }
    let methods: number;
    const mp = c.param("methods");
    if (mp !== undefined && mp !== null) {
      const parsed = parseMethods(mp);
      if (parsed === null) return this.fail("R_PARSE");
      methods = parsed;
    } else {
      if (this.allow === undefined) this.allow = allowedMethods(this.ctx.msg);
      methods = this.allow ?? ALL_METHODS;
    }
    let received = base.received;
    if (received === "") {
      const rp = c.param("received");
      if (rp !== undefined && rp !== null) received = unquote(rp);
      else if (this.cfg.receivedAvp !== "") {
        const v = this.ctx.avpStack(this.cfg.receivedAvp, false)?.[0];
        if (typeof v === "string" && v.length > 0) {
          if (v.length > 255) return this.fail("R_CONTACT_LEN");
          received = v;
        }
      }
    }
    const instParam = c.param("+sip.instance");
    const instance = instParam === undefined || instParam === null ? "" : unquote(instParam);
    let regId = 0;
    const regParam = c.param("reg-id");
    if (instance !== "" && regParam !== undefined && regParam !== null && regParam !== "") {
      regId = /^\d+$/.test(regParam) ? Number(regParam) : 0;
      if (regId === 0) return this.fail("R_INV_REGID");
    }
    return { ...base, q, expires, methods, received, instance, regId, ruid: this.ul.newRuid() };
  }

  /** build_contact: `Contact: <uri>[;q=…];expires=N[;received="…"][;+sip.instance="…"][;reg-id=N]` for every valid binding. */
  buildContact(r: Urecord | undefined): void {
    const parts: string[] = [];
    for (const c of r?.contacts ?? []) {
      if (!isValid(c, this.now)) continue;
      let s = `<${c.contact}>`;
      if (c.q !== Q_UNSPECIFIED) s += `;q=${qToString(c.q)}`;
      s += `;expires=${c.expires - this.now}`;
      if (this.cfg.receivedParam !== "" && c.received !== "") s += `;${this.cfg.receivedParam}="${c.received}"`;
      if (c.instance !== "") s += `;+sip.instance="${c.instance}"`;
      if (c.regId > 0) s += `;reg-id=${c.regId}`;
      parts.push(s);
    }
    this.contactLine = parts.length === 0 ? null : `Contact: ${parts.join(", ")}`;
  }
}

/** save(): the return code (1 added/updated/unchanged, 2 updated, 3 removed or `*`, 4 fetch), -1 error, -2 too many contacts. */
export function save(run: SaveRun, domain: UDomain, aorOf: (uri: string) => string | RegError, sendReply: (code: number, reason: string, headers: string[]) => void): number {
  const ctx = run.ctx;
  const msg = ctx.msg;
  const result = guardedSteps(run, domain, aorOf);
  const noReply = (run.flags & REG_SAVE_NORPL_FL) !== 0;
  if (result < 0) {
    if (ctx.kind === "request" && !noReply) reply(run, sendReply);
    return run.error === "R_TOO_MANY" ? -2 : -1;
  }
  if (!noReply && msg.isRequest) reply(run, sendReply);
  return result;
}

/** A database failure becomes the usrloc error Kamailio reports for that operation (500). */
function guardedSteps(run: SaveRun, domain: UDomain, aorOf: (uri: string) => string | RegError): number {
  try {
    return saveSteps(run, domain, aorOf);
  } catch (e) {
    if (!(e instanceof LocationDbError)) throw e;
    run.dbError = e.message;
    run.error = e.op === "insert" ? "R_UL_INS_C" : e.op === "update" ? "R_UL_UPD_C" : e.op === "delete" ? "R_UL_DEL_C" : "R_UL_GET_R";
    return -1;
  }
}

function saveSteps(run: SaveRun, domain: UDomain, aorOf: (uri: string) => string | RegError): number {
  const msg = run.ctx.msg;
  const to = msg.to();
  if (to === null) return fail(run, "R_TO_MISS");
  if (msg.callId() === "") return fail(run, "R_CID_MISS");
  if (msg.cseq() === null) return fail(run, "R_CS_MISS");
  const check = checkContacts(msg, run.cfg.contactMaxSize);
  if (!check.ok) return fail(run, check.error);
  const aor = aorOf(to.uriText);
  if (aor.startsWith("R_")) return fail(run, aor as RegError);
  run.aor = aor;
  if (check.contacts.length === 0) {
    if (check.star) {
      domain.deleteRecord(aor);
      return 3;
    }
    run.buildContact(domain.get(aor));
    return 4;
  }
  const existing = domain.get(aor);
  if (existing !== undefined) {
    const rc = updateContacts(run, domain, existing, check.contacts, (run.flags & REG_SAVE_REPL_FL) !== 0);
    run.buildContact(domain.get(aor));
    return rc < 0 ? -1 : rc === 0 ? 1 : rc;
  }
  return insertContacts(run, domain, aor, check.contacts);
}

function fail(run: SaveRun, e: RegError): number {
  run.error = e;
  return -1;
}

/** insert_contacts: a new AOR; a Contact listed twice updates its first binding. */
function insertContacts(run: SaveRun, domain: UDomain, aor: string, contacts: readonly NameAddr[]): number {
  let r: Urecord | null = null;
  let num = 0;
  for (const c of contacts) {
    const expires = run.expiresOf(c);
    if (run.error === "R_LOW_EXP") return undo(domain, r, aor);
    if (expires === 0) continue;
    if (run.cfg.maxContacts > 0 && num >= run.cfg.maxContacts) {
      run.error = "R_TOO_MANY";
      return undo(domain, r, aor);
    }
    num++;
    r ??= domain.create(aor);
    const info = run.contactInfo(c, expires);
    if (info === null) return undo(domain, r, aor);
    const found = r.contacts.length === 0 ? null : domain.find(r, c.uriText, { ...info, cseq: info.cseq + 1 });
    if (found === null || found.code !== 0 || found.contact === null) domain.insertContact(r, c.uriText, info);
    else domain.updateContact(r, found.contact, c.uriText, info);
  }
  run.buildContact(r ?? undefined);
  return 1;
}

function undo(domain: UDomain, r: Urecord | null, aor: string): number {
  if (r !== null) domain.deleteRecord(aor);
  return -1;
}

/** test_max_contacts: how many bindings there would be after this REGISTER. */
function tooMany(run: SaveRun, domain: UDomain, r: Urecord, contacts: readonly NameAddr[]): boolean {
  let num = r.contacts.filter((c) => isValid(c, run.now)).length;
  for (const c of contacts) {
    const e = run.expiresOf(c);
    const info = run.contactInfo(c, e);
    if (info === null) return true;
    const found = domain.find(r, c.uriText, info);
    if (found.code === -1) {
      run.error = "R_INV_CSEQ";
      return true;
    }
    if (found.code === -2) continue;
    if (found.code === 1) {
      if (e !== 0) num++;
    } else if (e === 0) num--;
  }
  if (num > run.cfg.maxContacts) {
    run.error = "R_TOO_MANY";
    return true;
  }
  return false;
}

/** update_contacts: 0 nothing changed, 1 inserted, 2 updated, 3 removed (the last action wins); -1 error. */
function updateContacts(run: SaveRun, domain: UDomain, r: Urecord, contacts: readonly NameAddr[], replace: boolean): number {
  if (!replace && run.cfg.maxContacts > 0 && tooMany(run, domain, r, contacts)) return -1;
  let rc = 0;
  for (const c of contacts) {
    const expires = run.expiresOf(c);
    if (run.error === "R_LOW_EXP") return -1;
    const info = run.contactInfo(c, expires);
    if (info === null) return -1;
    const found = domain.find(r, c.uriText, info);
    if (found.code === -1) {
      run.error = "R_INV_CSEQ";
      return -1;
    }
    if (found.code === -2) {
      if (expires !== 0 && replace) break;
      continue;
    }
    let updated = false;
    if (found.code === 1 || found.contact === null) {
      if (expires === 0) continue;
      const added = domain.insertContact(r, c.uriText, info);
      rc = 1;
      if (replace) {
        for (const other of [...r.contacts]) if (other !== added) domain.deleteContact(r, other);
        updated = true;
      }
    } else {
      const existing = found.contact;
      if (expires === 0) {
        existing.flags = run.memOnly ? existing.flags | FL_MEM : existing.flags & ~FL_MEM;
        domain.deleteContact(r, existing);
        rc = 3;
      } else {
        if (replace) {
          for (const other of [...r.contacts]) if (other !== existing) domain.deleteContact(r, other);
          updated = true;
        }
        if (info.instance !== "" && info.callid !== existing.callid) {
          for (const other of [...r.contacts]) if (other !== existing && other.instance === existing.instance) domain.deleteContact(r, other);
          updated = true;
        }
        domain.updateContact(r, existing, c.uriText, info);
        rc = 2;
      }
    }
    if (updated) break;
  }
  return rc;
}

/** reg_send_reply: the status for the error, Contact, Path/Unsupported, P-Registrar-Error, Retry-After. */
function reply(run: SaveRun, sendReply: (code: number, reason: string, headers: string[]) => void): void {
  const headers: string[] = [];
  if (run.contactLine !== null) headers.push(run.contactLine);
  if (run.error === "R_FINE" && run.cfg.usePath && run.pathVec !== "" && run.cfg.pathMode !== PATH_MODE_OFF) {
    const supported = run.ctx.msg.headersNamed("Supported");
    const hasPath = supported.some((h) => h.value.split(",").some((t) => t.trim().toLowerCase() === "path"));
    if (hasPath) headers.push(`Path: ${run.pathVec}`);
    else if (run.cfg.pathMode === PATH_MODE_STRICT) {
      run.error = "R_PATH_UNSUP";
      headers.push("Unsupported: path", `Path: ${run.pathVec}`);
    }
  }
  if (run.error === "R_LOW_EXP") headers.push(`Min-Expires: ${run.cfg.minExpires}`);
  const [code, info] = REG_ERRORS[run.error];
  if (code !== 200) {
    headers.push(`P-Registrar-Error: ${info}`);
    if (code >= 500 && run.cfg.retryAfter > 0) headers.push(`Retry-After: ${run.cfg.retryAfter}`);
  }
  sendReply(code, REASONS[code] ?? "OK", headers);
}
