// Helpers for the tm suites: a hand-written KEMI routing module shaped like the stock cfg's
// transaction handling, and SIP text builders for the UAC and UAS sides (127.0.70.x loopback).
import { createHarness, type Harness, type KemitsConfig, type RoutingModule, type Sent } from "../../../src/testing/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the routing module talks to the KSR global, as generated code does.
declare const KSR: any;

export const PROXY = "127.0.70.1";
export const UAC = "127.0.70.2";
export const UAS = "127.0.70.3";
export const UAS2 = "127.0.70.4";

export interface TmRouting {
  modparams?: readonly { module: string; name: string; value: number | string }[];
  /** Runs before t_relay in the request route (after the stock retransmission handling). */
  beforeRelay?: () => void;
  failure?: () => void;
  branch?: () => void;
  onreply?: () => void;
  onsend?: () => void;
}

/**
 * The stock cfg's transaction handling as KEMI: CANCEL relayed when it matches, retransmissions
 * absorbed (`t_precheck_trans`/`t_check_trans`), ACKs for negative replies absorbed, then
 * `route(RELAY)`: t_on_branch/t_on_reply/t_on_failure when the test gives those routes, t_relay,
 * `sl_reply_error` when it fails.
 */
export function tmRouting(spec: TmRouting = {}): RoutingModule {
  const config: KemitsConfig = {
    source: "tm.ts",
    engine: "native",
    core: { debug: 2 },
    listen: [{ proto: "udp", host: PROXY, port: 5060 }],
    alias: [],
    modules: ["sl", "tm", "tmx", "pv", "xlog"],
    modparams: spec.modparams ?? [],
    cfgVars: [],
    routes: { request: "ksr_request_route", ...(spec.onsend ? { onsend: "ksr_onsend_route" } : {}), events: {} },
    uses: [],
  };
  const relay = () => {
    if (spec.branch && KSR.tm.t_is_set("branch_route") < 0) KSR.tm.t_on_branch("ksr_branch_manage");
    if (spec.onreply && KSR.tm.t_is_set("onreply_route") < 0) KSR.tm.t_on_reply("ksr_onreply_manage");
    if (spec.failure && KSR.tm.t_is_set("failure_route") < 0) KSR.tm.t_on_failure("ksr_failure_manage");
    if (KSR.tm.t_relay() < 0) KSR.sl.sl_reply_error();
  };
  return {
    config,
    ksr_request_route(): void {
      if (KSR.is_CANCEL()) {
        if (KSR.tm.t_check_trans() > 0) relay();
        return;
      }
      if (!KSR.is_ACK()) {
        if (KSR.tmx.t_precheck_trans() > 0) {
          KSR.tm.t_check_trans();
          return;
        }
        if (KSR.tm.t_check_trans() === 0) return;
      } else {
        const rc = KSR.tm.t_check_trans();
        if (rc === 0) return;
        if (rc > 0) {
          relay();
          return;
        }
      }
      spec.beforeRelay?.();
      relay();
    },
    ksr_failure_manage: () => spec.failure?.(),
    ksr_branch_manage: () => spec.branch?.(),
    ksr_onreply_manage: () => spec.onreply?.(),
    ksr_onsend_route: () => spec.onsend?.(),
  };
}

export function tmHarness(spec: TmRouting = {}): Promise<Harness> {
  return createHarness(tmRouting(spec));
}

export interface ReqOpts {
  method?: string;
  ruri?: string;
  branch?: string;
  cseq?: number;
  callId?: string;
  toTag?: string;
  extra?: readonly string[];
}

/** A request from the UAC (127.0.70.2:5090) to the proxy. */
export function uacRequest(o: ReqOpts = {}): string {
  const method = o.method ?? "INVITE";
  return [
    `${method} ${o.ruri ?? `sip:bob@${UAS}:5070`} SIP/2.0`,
    `Via: SIP/2.0/UDP ${UAC}:5090;branch=${o.branch ?? "z9hG4bK-uac-1"}`,
    "Max-Forwards: 70",
    `From: <sip:alice@${UAC}>;tag=a1`,
    `To: <sip:bob@${UAS}>${o.toTag ? `;tag=${o.toTag}` : ""}`,
    `Call-ID: ${o.callId ?? "tm-call-1"}`,
    `CSeq: ${o.cseq ?? 1} ${method === "ACK" || method === "CANCEL" ? method : method}`,
    ...(o.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/** A reply to a request as the UAS would send it: every Via, From, To (+tag), Call-ID, CSeq. */
export function uasReply(req: Sent | string, code: number, reason: string, toTag = "b1"): string {
  const text = typeof req === "string" ? req : req.text;
  const lines = text.split("\r\n");
  const keep = lines.filter((l) => /^(Via|v|From|f|Call-ID|i|CSeq):/i.test(l));
  const to = lines.find((l) => /^(To|t):/i.test(l)) ?? "To: <sip:x@x>";
  const toLine = code > 100 && !/;tag=/.test(to) ? `${to};tag=${toTag}` : to;
  return [`SIP/2.0 ${code} ${reason}`, ...keep, toLine, "Content-Length: 0", "", ""].join("\r\n");
}

export const fromUac = { from: `${UAC}:5090` };
export const fromUas = { from: `${UAS}:5070` };

/** The first line of a sent message. */
export function firstLine(s: Sent | undefined): string {
  return s?.text.slice(0, s.text.indexOf("\r\n")) ?? "";
}

/** The Via lines of a sent message. */
export function vias(s: Sent | undefined): string[] {
  return s?.text.split("\r\n").filter((l) => /^Via:/i.test(l)) ?? [];
}
