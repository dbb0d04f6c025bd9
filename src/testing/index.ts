/**
 * `kemits/testing`: run a routing module in-process, without sockets, and see what it sends.
 *
 * ```ts
 * import { createHarness } from "kemits/testing";
 * const h = await createHarness("./routing.ts");
 * const [reply] = h.send("OPTIONS sip:a@127.0.0.1 SIP/2.0\nVia: …\n…\n\n");
 * expect(reply.status).toBe(200);
 * await h.close();
 * ```
 * Everything a message causes (replies, forwarded requests, relayed replies) is returned by the
 * `send` call that fed it, because routing is synchronous. Sends to host names are resolved
 * asynchronously and show up only in `sent`, later.
 */

import { Engine, type RoutingModule } from "../runtime/engine/engine.js";
import { type Define, loadRoutingModule } from "../runtime/engine/load-routing.js";
import type { ModuleDefinition } from "../runtime/engine/module.js";
import type { LocalSocket, Proto } from "../runtime/engine/services.js";
import { BUILTIN_MODULES } from "../runtime/modules/index.js";
import { parseMessage, type SipMessage } from "../runtime/sip/index.js";
import { listenDefaults, resolveListen } from "../runtime/transport/listen.js";
import type { SendOptions, Transports } from "../runtime/transport/types.js";

/** One message the routing sent. */
export interface Sent {
  readonly proto: Proto;
  /** Where it went. */
  readonly address: string;
  readonly port: number;
  readonly bytes: Buffer;
  /** The bytes as text (latin1, so every byte shows). */
  readonly text: string;
  /** The parsed message (null if kemits sent something that does not parse: a bug). */
  readonly msg: SipMessage | null;
  /** Reply status code, 0 for requests. */
  readonly status: number;
  /** TCP connection id it was sent on (when replying on the incoming connection), else null. */
  readonly connectionId: number | null;
}

export interface HarnessOptions {
  /** Modules available to load (default: every module kemits implements). */
  readonly modules?: readonly ModuleDefinition[];
  /** Local sockets (default: from `config.listen`; names are resolved, nothing is bound). */
  readonly sockets?: readonly LocalSocket[];
  /** `-D` defines when `routing` is a .cfg file. */
  readonly defines?: readonly Define[];
}

export interface SendFrom {
  /** Source `ip:port` (default `127.0.0.1:5090`). */
  readonly from?: string;
  readonly proto?: Proto;
  /** TCP connection id the message arrives on (default: a fixed id per source address). */
  readonly connectionId?: number;
  /** Local socket it arrives on (default: the first socket with that proto). */
  readonly socket?: LocalSocket;
}

class RecordingTransports implements Transports {
  readonly sockets: readonly LocalSocket[];
  readonly sent: Sent[];

  constructor(sockets: readonly LocalSocket[]) {
    this.sockets = sockets;
    this.sent = [];
  }

  send(proto: Proto, address: string, port: number, bytes: Buffer, options: SendOptions = {}): boolean {
    const parsed = parseMessage(bytes, { receiveChecks: false });
    const msg = parsed.ok ? parsed.msg : null;
    this.sent.push({
      proto,
      address,
      port,
      bytes,
      text: bytes.toString("latin1"),
      msg,
      status: msg?.status ?? 0,
      connectionId: options.connectionId ?? null,
    });
    return true;
  }

  async close(): Promise<void> {}
}

export class Harness {
  readonly engine: Engine;
  /** Log lines, in order (Kamailio format, filtered by the config's `debug`). */
  readonly logs: string[];
  private readonly transports: RecordingTransports;

  constructor(engine: Engine, transports: RecordingTransports, logs: string[]) {
    this.engine = engine;
    this.transports = transports;
    this.logs = logs;
  }

  /** Everything sent so far. */
  get sent(): readonly Sent[] {
    return this.transports.sent;
  }

  /**
   * Feeds one message (text; lines ending in a bare LF get CRLF) and returns what it caused to be
   * sent. Malformed messages are dropped as Kamailio drops them: the result is then empty.
   */
  send(message: string | Buffer, from: SendFrom = {}): Sent[] {
    const bytes = typeof message === "string" ? Buffer.from(message.includes("\r\n") ? message : message.replace(/\n/g, "\r\n"), "utf8") : message;
    const [address, port] = splitHostPort(from.from ?? "127.0.0.1:5090");
    const proto = from.proto ?? "udp";
    const socket = from.socket ?? this.engine.sockets.find((s) => s.proto === proto) ?? this.engine.sockets[0];
    if (socket === undefined) throw new Error("the harness has no local socket for this message");
    const before = this.transports.sent.length;
    this.engine.receive(bytes, {
      proto,
      srcAddress: address,
      srcPort: port,
      socket,
      connectionId: proto === "tcp" ? (from.connectionId ?? 1) : null,
    });
    return this.transports.sent.slice(before);
  }

  /** Swaps the routing module, keeping module state (`$var`, …), as SIGHUP does for a server. */
  reload(routing: RoutingModule): void {
    this.engine.reload(routing);
  }

  async close(): Promise<void> {
    this.engine.destroy();
  }
}

function splitHostPort(text: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (m === null) return [text, 5060];
  return [m[1]!, Number(m[2])];
}

/** Loads a routing module (object, or a .ts/.js/.cfg path) with fake transports. */
export async function createHarness(routing: RoutingModule | string, options: HarnessOptions = {}): Promise<Harness> {
  const mod = typeof routing === "string" ? await loadRoutingModule(routing, options.defines ?? []) : routing;
  const sockets = options.sockets ?? (await resolveListen(mod.config.listen, listenDefaults(mod.config.core)));
  const logs: string[] = [];
  const engine = new Engine(mod, { modules: options.modules ?? BUILTIN_MODULES, sockets, logSink: (line) => logs.push(line.replace(/\n$/, "")) });
  const transports = new RecordingTransports(sockets);
  engine.attach(transports);
  return new Harness(engine, transports, logs);
}

export type { RoutingModule } from "../runtime/engine/engine.js";
export type { KemitsConfig } from "../semantics/config.js";
