/**
 * The routing engine: parses what transports deliver, runs the routing module's entry points with
 * `KSR` bound to the message, and does what Kamailio's core does around them: replies are relayed
 * statelessly along Via unless dropped, requests are sent by `forward()` after onsend_route, a
 * throwing route is logged and the message dropped, malformed input is dropped. Never throws from
 * `receive`.
 */

import { DEFAULT_SERVER_HEADER, MIN_UDP_PACKET, parseMessage, parseUri, type SipUri, slTagPrefix } from "../sip/index.js";
import type { KemitsConfig } from "../../semantics/config.js";
import type { ReceiveInfo, Transports } from "../transport/types.js";
import { MsgContext } from "./context.js";
import { EXIT_SENTINEL, KemitsError } from "./errors.js";
import { destinationOfUri, destinationOfVia, fixedTopVia, ourVia, statelessBranch } from "./forward.js";
import { Logger, type LogSink, stderrSink } from "./log.js";
import type { ModuleDefinition } from "./module.js";
import { MyselfTable } from "./myself.js";
import { withSendTimeHeaders } from "./send-headers.js";
import { addPathRoute } from "./dset.js";
import { checkPvs, destroyModules, type LoadedModules, loadModules, missingFunctions } from "./registry.js";
import type { Destination, LocalSocket, RuntimeServices } from "./services.js";
import type { PostScriptHandler, ReplyDestination, ReplyHandler } from "./tm-hooks.js";
import { lookup } from "node:dns";
import { isIP } from "node:net";

/** What a generated (or hand-written) routing module exports. */
export interface RoutingModule {
  readonly config: KemitsConfig;
  readonly [name: string]: unknown;
}

type RouteFn = (arg?: string) => unknown;

interface Routes {
  readonly request: { name: string; fn: RouteFn } | null;
  readonly reply: { name: string; fn: RouteFn } | null;
  readonly onsend: { name: string; fn: RouteFn } | null;
}

export interface EngineOptions {
  /** The modules kemits can load (`BUILTIN_MODULES`); `config.modules` picks among them. */
  readonly modules: readonly ModuleDefinition[];
  /** The local sockets (resolved `config.listen`). */
  readonly sockets: readonly LocalSocket[];
  readonly logSink?: LogSink;
}

export class Engine implements RuntimeServices {
  readonly config: KemitsConfig;
  readonly log: Logger;
  readonly sockets: readonly LocalSocket[];
  readonly slTagPrefix: string;
  readonly serverHeader: string | null;
  /** The message being routed, null between messages. */
  current: MsgContext | null;
  private routes: Routes;
  private readonly loaded: LoadedModules;
  private readonly myself: MyselfTable;
  private transports: Transports | null;
  // tm hooks (tm-hooks.ts): the routing module's functions by name, and the reply hook.
  private routing: RoutingModule;
  private replyHandler: ReplyHandler | null;
  private postScript: PostScriptHandler | null;

  /** Loads modules and checks the routing module; throws KemitsError with every problem found. */
  constructor(routing: RoutingModule, options: EngineOptions) {
    const config = routing.config;
    this.config = config;
    const core = config.core;
    this.log = new Logger(options.logSink ?? stderrSink, typeof core.debug === "number" ? core.debug : undefined, typeof core.log_prefix === "string" ? core.log_prefix : "");
    this.sockets = options.sockets;
    const first = options.sockets[0];
    this.slTagPrefix = first === undefined ? slTagPrefix("127.0.0.1", 5060) : slTagPrefix(first.address, first.port);
    this.serverHeader = serverHeader(core);
    this.current = null;
    this.transports = null;
    this.myself = new MyselfTable(options.sockets, config.alias);
    this.routes = resolveRoutes(routing);
    this.routing = routing;
    this.replyHandler = null;
    this.postScript = null;
    this.loaded = loadModules(options.modules, config, this.log, this, this);
    for (const name of this.loaded.unimplemented) this.log.warn(`loadmodule "${name}": module not implemented by kemits (its functions are unavailable)`);
    if (this.log.prefixText.includes("$")) this.expandLogPrefix();
  }

  /**
   * A `log_prefix` with PVs, as Kamailio's log_prefix_set: expanded for the message being routed
   * (once per message, when a line is written), no prefix outside message processing.
   */
  private expandLogPrefix(): void {
    const text = this.log.prefixText;
    const pv = this.loaded.instances.find((i) => i.name === "pv");
    if (pv === undefined) {
      this.log.warn("log_prefix has pseudo-variables but module pv is not loaded: it is printed as written");
      this.log.usePrefix(() => text);
      return;
    }
    const format = pv.api<{ format(ctx: MsgContext, text: string): string }>("pv").format;
    let last: { ctx: MsgContext; prefix: string } | null = null;
    this.log.usePrefix(() => {
      const ctx = this.current;
      if (ctx === null) return "";
      if (last?.ctx !== ctx) last = { ctx, prefix: format(ctx, text) };
      return last.prefix;
    });
  }

  /** The `KSR` object routes see. */
  get ksr(): Record<string, unknown> {
    return this.loaded.ksr;
  }

  /** Starts sending and receiving through `transports`. */
  attach(transports: Transports): void {
    this.transports = transports;
  }

  /** The transports' message handler (bound once). */
  readonly receive = (bytes: Buffer, rcv: ReceiveInfo): void => {
    try {
      this.handle(bytes, rcv);
    } catch (e) {
      // Nothing may reach the transports: a failure here is a kemits bug, logged, and serving goes on.
      this.log.error(`internal error while handling a message from ${rcv.srcAddress}:${rcv.srcPort}: ${(e as Error).stack ?? e}`);
      this.current = null;
    }
  };

  private handle(bytes: Buffer, rcv: ReceiveInfo): void {
    const parsed = parseMessage(bytes, { minLength: rcv.proto === "udp" ? MIN_UDP_PACKET : 0 });
    if (!parsed.ok) {
      // Kamailio drops what it cannot parse without answering.
      if (parsed.error.code !== "TooShort") this.log.dbg(`dropping malformed message from ${rcv.srcAddress}:${rcv.srcPort}: ${parsed.error.reason}`);
      return;
    }
    const ctx = new MsgContext(parsed.msg, rcv.proto, rcv.srcAddress, rcv.srcPort, rcv.socket, rcv.connectionId);
    if (ctx.msg.isRequest) {
      if (this.routes.request !== null) this.run(this.routes.request.name, this.routes.request.fn, ctx);
      // tm: post-script work for the request (tm-hooks.ts).
      if (this.postScript !== null) this.postScript(ctx);
    } else {
      if (this.routes.reply !== null) this.run(this.routes.reply.name, this.routes.reply.fn, ctx);
      if (!ctx.dropped) this.forwardReply(ctx);
    }
  }

  /** Runs one entry point for `ctx`: exit/drop end it, any other throw is logged and drops the message. */
  private run(name: string, fn: RouteFn, ctx: MsgContext): void {
    const previous = this.current;
    const previousRoute = ctx.route;
    this.current = ctx;
    ctx.route = name;
    (globalThis as { KSR?: unknown }).KSR = this.loaded.ksr;
    try {
      fn();
    } catch (e) {
      if (e !== EXIT_SENTINEL) {
        ctx.dropped = true;
        const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        this.log.error(`error in route ${name}: ${what}; message dropped`);
      }
    } finally {
      this.current = previous;
      ctx.route = previousRoute;
    }
  }

  // ---- RuntimeServices ------------------------------------------------------------------------

  isMyself(host: string, port: number, proto?: string): boolean {
    return this.myself.isMyself(host, port, proto);
  }

  sendReply(ctx: MsgContext, bytes: Buffer): boolean {
    return this.sendReplyTo(this.replyDestination(ctx), bytes);
  }

  replyDestination(ctx: MsgContext): ReplyDestination {
    const conn = { socket: ctx.socket, connectionId: ctx.connectionId, noConnect: ctx.replyNoConnect, close: ctx.replyClose };
    if (ctx.proto === "tcp") return { proto: "tcp", address: ctx.srcAddress, port: ctx.srcPort, ...conn };
    // update_sock_struct_from_ip: the source address; the source port only with rport.
    const via = ctx.msg.via();
    const port = via === null || via.rport !== undefined || ctx.forceRport ? ctx.srcPort : via.port !== 0 ? via.port : 5060;
    return { proto: "udp", address: ctx.srcAddress, port, ...conn };
  }

  sendReplyTo(dest: ReplyDestination, bytes: Buffer): boolean {
    const t = this.transports;
    if (t === null) return false;
    if (dest.proto === "tcp") return t.send("tcp", dest.address, dest.port, bytes, { connectionId: dest.connectionId, noConnect: dest.noConnect, close: dest.close });
    return t.send("udp", dest.address, dest.port, bytes, { from: dest.socket });
  }


  forwardRequest(ctx: MsgContext, uri?: string): number {
    if (!ctx.msg.isRequest) return -1;
    let dest: Destination | null;
    if (uri !== undefined) {
      const r = parseUriText(uri);
      dest = destinationOfUri(r);
    } else if (ctx.dstUri !== null) {
      dest = destinationOfUri(parseUriText(ctx.dstUri));
    } else {
      dest = destinationOfUri(ctx.ruri());
    }
    if (dest === null) {
      this.log.error(`forward: bad destination for ${uri ?? ctx.dstUri ?? ctx.requestUri}`);
      return -1;
    }
    const sock = this.sendSocket(ctx, dest);
    if (sock === undefined) {
      this.log.error(`forward: no ${dest.proto} socket to send to ${dest.address}`);
      return -1;
    }
    const edits = ctx.edits;
    if (ctx.ruriChanged) edits.setRequestUri(ctx.requestUri);
    const top = fixedTopVia(ctx.msg, ctx.srcAddress, ctx.srcPort, ctx.forceRport);
    if (top !== null) edits.setHeaderValue(top.header, top.value);
    edits.insertVia(ourVia(sock, dest.proto, statelessBranch(ctx.msg)));
    // registrar: the Path of the binding lookup() chose becomes a Route (dset.ts).
    addPathRoute(ctx);
    // rr: Record-Route lines that name the send socket (send-headers.ts).
    const bytes = withSendTimeHeaders(ctx, sock, dest.proto, edits.serialize());
    if (!this.runOnSend(ctx, dest, bytes)) return -1;
    return this.sendTo(dest, bytes, sock, ctx.forwardNoConnect, ctx.forwardClose) ? 1 : -1;
  }

  /** onsend_route for `bytes` about to go to `dest`; false when it dropped them (also used by tm). */
  runOnSend(ctx: MsgContext, dest: Destination, bytes: Buffer): boolean {
    if (this.routes.onsend === null) return true;
    ctx.outgoing = { proto: dest.proto, address: dest.address, port: dest.port, bytes };
    const kind = ctx.kind;
    ctx.kind = "onsend";
    const dropped = ctx.dropped;
    ctx.dropped = false;
    this.run(this.routes.onsend.name, this.routes.onsend.fn, ctx);
    const stop = ctx.dropped;
    ctx.kind = kind;
    ctx.dropped = dropped;
    ctx.outgoing = null;
    return !stop;
  }

  /** forward_reply: the top Via must be ours; it is removed and the reply goes where the next Via says. */
  private forwardReply(ctx: MsgContext): void {
    const vias = ctx.msg.vias();
    const top = vias[0];
    if (top === undefined || !this.isMyself(top.host, top.port, "")) {
      this.log.dbg(`reply not relayed: top Via ${top?.host ?? "(none)"} is not this server`);
      return;
    }
    const next = vias[1];
    const dest = next === undefined ? null : destinationOfVia(next);
    if (dest === null) {
      this.log.dbg("reply not relayed: no usable second Via");
      return;
    }
    // tm: a reply of one of its transactions is handled there (Kamailio's mod_response_cbs).
    if (this.replyHandler?.(ctx)) return;
    ctx.edits.stripTopVia();
    const sock = this.sendSocket(ctx, dest);
    if (sock !== undefined) this.sendTo(dest, ctx.edits.serialize(), sock, false, false);
  }

  /** Kamailio's get_send_socket: the receiving socket when proto and family fit, else the first that does. */
  sendSocket(ctx: { readonly socket: LocalSocket } | null, dest: Destination): LocalSocket | undefined {
    const family = dest.address.includes(":") ? 6 : 4;
    const fits = (s: LocalSocket) => s.proto === dest.proto && (isIP(dest.address) === 0 || s.family === family);
    return ctx !== null && fits(ctx.socket) ? ctx.socket : this.sockets.find(fits);
  }

  // ---- tm hooks (tm-hooks.ts) -------------------------------------------------------------------

  hasRoute(name: string): boolean {
    return typeof this.routing[name] === "function";
  }

  runRoute(name: string, ctx: MsgContext): boolean {
    const fn = this.routing[name];
    if (typeof fn !== "function") return false;
    this.run(name, fn as RouteFn, ctx);
    return true;
  }

  setReplyHandler(handler: ReplyHandler | null): void {
    this.replyHandler = handler;
  }

  setPostScriptHandler(handler: PostScriptHandler | null): void {
    this.postScript = handler;
  }

  sendTo(dest: Destination, bytes: Buffer, from: LocalSocket, noConnect: boolean, close: boolean): boolean {
    const t = this.transports;
    if (t === null) return false;
    if (isIP(dest.address) !== 0) return t.send(dest.proto, dest.address, dest.port, bytes, { from, noConnect, close });
    // A host name: resolve (A/AAAA; kemits does no SRV/NAPTR yet), then send; the route is not kept waiting.
    lookup(dest.address, (err, address) => {
      if (err) this.log.error(`cannot resolve ${dest.address}: ${err.message}`);
      else t.send(dest.proto, address, dest.port, bytes, { from, noConnect, close });
    });
    return true;
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  /**
   * Swaps in a new routing module; module state (`$var`, htable, …) and sockets stay. Refuses (and
   * keeps the old routes) when the new module needs functions or PV classes that are not loaded.
   */
  reload(routing: RoutingModule): void {
    const routes = resolveRoutes(routing);
    const missing = missingFunctions(this.ksr, routing.config.uses);
    if (missing.length > 0) throw new KemitsError("KEMITS_ERR_MISSING_FUNCTIONS", "the new routing calls functions no loaded module implements", missing);
    checkPvs(this.loaded.instances.map((i) => i.def), routing.config.pvs);
    const changed = (["modules", "modparams", "listen", "alias"] as const).filter((k) => JSON.stringify(routing.config[k]) !== JSON.stringify(this.config[k]));
    if (changed.length > 0) this.log.warn(`reload: changes to ${changed.join(", ")} need a restart; they are not applied`);
    this.routes = routes;
    this.routing = routing;
  }

  /** Destroys modules (after the transports are closed by the caller). */
  destroy(): void {
    destroyModules(this.loaded, this.log);
  }
}

function resolveRoutes(routing: RoutingModule): Routes {
  const r = routing.config.routes;
  const problems: string[] = [];
  const pick = (kind: string, name: string | undefined) => {
    if (name === undefined) return null;
    const fn = routing[name];
    if (typeof fn !== "function") {
      problems.push(`routes.${kind} names ${name}, which the module does not export as a function`);
      return null;
    }
    return { name, fn: fn as RouteFn };
  };
  const routes = { request: pick("request", r.request), reply: pick("reply", r.reply), onsend: pick("onsend", r.onsend) };
  if (problems.length > 0) throw new KemitsError("KEMITS_ERR_ROUTES", "the routing module does not match its config.routes", problems);
  // No event route runs on kemits yet: refusing the module beats routing without them.
  const events = Object.keys(r.events);
  if (events.length > 0) {
    throw new KemitsError("KEMITS_ERR_ROUTES", "the routing has event routes, which kemits does not run yet", events.map((e) => `event_route[${e}] (${r.events[e]})`));
  }
  return routes;
}


function parseUriText(text: string): SipUri | null {
  const r = parseUri(text);
  return r.ok ? r.uri : null;
}

/** The `Server:` line of local replies: none when `server_signature` is 0 or `server_header` is empty. */
function serverHeader(core: KemitsConfig["core"]): string | null {
  if (core.server_signature === 0) return null;
  const line = core.server_header ?? DEFAULT_SERVER_HEADER;
  return line === "" ? null : String(line);
}
