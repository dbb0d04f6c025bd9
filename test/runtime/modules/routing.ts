// A hand-written routing module for module tests: the modules to load, their modparams and a
// request route; run in-process through the testing harness (no sockets).
import { readFileSync } from "node:fs";
import { createHarness, type Harness, type KemitsConfig, type RoutingModule, type Sent } from "../../../src/testing/index.js";

type Ksr = typeof KSR;

export interface RoutingSpec {
  readonly modules: readonly string[];
  readonly modparams?: readonly { module: string; name: string; value: number | string }[];
  /** Listen address (a loopback in this suite's 127.0.60.0–127.0.69.255 range). */
  readonly listen: string;
  readonly request: (ksr: Ksr) => void;
  readonly reply?: (ksr: Ksr) => void;
  readonly core?: Readonly<Record<string, number | string>>;
}

export function routing(spec: RoutingSpec): RoutingModule {
  const config: KemitsConfig = {
    source: "test",
    engine: "native",
    core: spec.core ?? {},
    listen: [{ proto: "udp", host: spec.listen, port: 5060 }],
    alias: [],
    modules: spec.modules,
    modparams: spec.modparams ?? [],
    cfgVars: [],
    routes: { request: "request", ...(spec.reply ? { reply: "reply" } : {}), events: {} },
    uses: [],
  };
  return {
    config,
    request: () => spec.request(KSR),
    ...(spec.reply ? { reply: () => spec.reply!(KSR) } : {}),
  };
}

export async function harness(spec: RoutingSpec): Promise<Harness> {
  return createHarness(routing(spec));
}

/** An OPTIONS from the harness's default UAC (127.0.0.1:5090) with extra header lines. */
export function request(opts: { headers?: readonly string[] } = {}): string {
  const lines = [
    "OPTIONS sip:alice@127.0.60.1 SIP/2.0",
    "Via: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK-test-1",
    "From: <sip:bob@127.0.0.1>;tag=f1",
    "To: <sip:alice@127.0.60.1>",
    "Call-ID: call-1@test",
    "CSeq: 1 OPTIONS",
    ...(opts.headers ?? []),
    "Content-Length: 0",
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/** The value of a header in a sent message ("" when absent). */
export function header(s: Sent | undefined, name: string): string {
  return s?.msg?.headerValue(name) ?? "";
}

/** One case of a capture-kemi.mjs fixture, with what Kamailio 5.6.3 did. */
export interface KemiCase {
  readonly name: string;
  readonly request: string;
  readonly snippets: readonly string[];
  readonly forward?: boolean;
  readonly kamailio: { readonly results: readonly string[] | null; readonly messages: readonly string[] };
}

export interface KemiFixture {
  readonly listen: string;
  /** The UAC address capture-kemi.mjs sent from (127.0.69.200 when absent). */
  readonly uac?: string;
  readonly modules: readonly string[];
  readonly modparams?: RoutingSpec["modparams"];
  readonly cases: readonly KemiCase[];
}

export function loadKemiFixture(name: string): KemiFixture {
  return JSON.parse(readFileSync(`fixtures/runtime/modules/${name}.json`, "utf8")) as KemiFixture;
}

/** The branch of the Via a relaying server adds differs between servers; everything else must not. */
export function withoutTopViaBranch(message: string): string {
  return message.replace(/^(Via: SIP\/2\.0\/UDP [^;\r\n]+;branch=)[^;\r\n]+/m, "$1<branch>");
}

type Snippet = (k: Ksr) => unknown;

/** What capture-kemi.mjs's routing does for one case: evaluate, then add X-R and reply or relay. */
function runCase(ksr: Ksr, snippets: readonly Snippet[], forward: boolean, results: string[]): void {
  for (const f of snippets) {
    let r: unknown;
    try {
      r = f(ksr);
    } catch (e) {
      if (e === "~~ksr~exit~~") throw e;
      r = `EXC:${e}`;
    }
    results.push(String(r));
  }
  if (forward) {
    ksr.hdr.append(`X-R: ${results.join("|")}\r\n`);
    ksr.setdsturi("sip:127.0.69.200:5099");
    ksr.forward();
  } else {
    ksr.hdr.append_to_reply(`X-R: ${results.join("|")}\r\n`);
    ksr.sl.sl_send_reply(200, "OK");
  }
}

export interface CaseRun {
  readonly results: string[];
  /** Everything kemits sent for the case (latin1 text). */
  readonly messages: string[];
  readonly logs: string[];
}

/**
 * Feeds every case of a fixture, in order, to one kemits server whose routing does what
 * capture-kemi.mjs's does (the case is picked by the request's X-Case header).
 */
export async function runKemiSequence(f: KemiFixture, cases: readonly KemiCase[] = f.cases): Promise<CaseRun[]> {
  // Each request names its case by the X-Case header it carries.
  const byCase = new Map<number, { snippets: Snippet[]; forward: boolean }>();
  for (const c of cases) {
    const n = Number(/^X-Case: (\d+)/m.exec(c.request)?.[1] ?? "0");
    byCase.set(n, { snippets: c.snippets.map((s) => new Function("KSR", `return (${s});`) as Snippet), forward: c.forward === true });
  }
  let results: string[] = [];
  const h = await harness({
    // capture-kemi.mjs loads pv and sl besides the fixture's modules.
    modules: ["sl", ...f.modules.filter((m) => m !== "sl")],
    listen: f.listen,
    ...(f.modparams ? { modparams: f.modparams } : {}),
    request: (ksr) => {
      const c = byCase.get(Number(ksr.pv.get("$hdr(X-Case)")))!;
      runCase(ksr, c.snippets, c.forward, results);
    },
  });
  const out: CaseRun[] = [];
  for (const c of cases) {
    results = [];
    const before = h.logs.length;
    // Bytes as capture-kemi.mjs sends them (latin1).
    const sent = h.send(Buffer.from(c.request, "latin1"), { from: `${f.uac ?? "127.0.69.200"}:5099` });
    out.push({ results, messages: sent.map((x) => x.text), logs: h.logs.slice(before) });
  }
  await h.close();
  return out;
}

/** Runs one fixture case through a fresh kemits server. */
export async function runKemiCase(f: KemiFixture, c: KemiCase): Promise<CaseRun> {
  const [one] = await runKemiSequence(f, [c]);
  return one!;
}

/** A request as capture-kemi.mjs sends it (`X-Case` after the first line, CRLF line ends). */
export function probeRequest(ruri: string, opts: { extra?: readonly string[]; method?: string; toTag?: string; body?: string; ctype?: string; caseIndex?: number } = {}): string {
  const method = opts.method ?? "OPTIONS";
  const body = opts.body ?? "";
  return [
    `${method} ${ruri} SIP/2.0`,
    `X-Case: ${opts.caseIndex ?? 0}`,
    "Via: SIP/2.0/UDP 127.0.69.200:5099;branch=z9hG4bK-p1",
    "From: <sip:bob@127.0.69.200>;tag=f1",
    `To: <sip:alice@127.0.60.2>${opts.toTag ?? ""}`,
    "Call-ID: probe-1@test",
    `CSeq: 1 ${method}`,
    ...(opts.extra ?? []),
    ...(opts.ctype ? [`Content-Type: ${opts.ctype}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}
