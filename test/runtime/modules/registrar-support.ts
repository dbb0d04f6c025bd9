// Shared by the registrar and usrloc tests: the KEMI twin of fixtures/runtime/registrar/registrar.cfg
// (the config the Kamailio 5.6.3 reference runs used) and builders for the requests they sent.
import type { MsgContext } from "../../../src/runtime/engine/context.js";
import { appendBranch, branchesOf } from "../../../src/runtime/engine/dset.js";
import type { RoutingModule } from "../../../src/testing/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the routing module talks to the KSR global, as generated code does.
declare const KSR: any;

/** The KEMI twin of fixtures/runtime/registrar/registrar.cfg. */
export const registrarRouting = (current: () => MsgContext | null, modparams: { module: string; name: string; value: string | number }[] = []): RoutingModule => ({
  config: {
    source: "registrar.ts",
    engine: "native",
    core: { auto_aliases: 0, debug: 2 },
    listen: [{ proto: "udp", host: "127.0.80.1", port: 5060 }],
    alias: [],
    modules: ["sl", "pv", "xlog", "usrloc", "registrar"],
    modparams: [
      { module: "registrar", name: "method_filtering", value: 1 },
      { module: "registrar", name: "max_expires", value: 3600 },
      { module: "registrar", name: "use_path", value: 1 },
      { module: "registrar", name: "path_mode", value: 0 },
      { module: "usrloc", name: "timer_interval", value: 60 },
      ...modparams,
    ],
    cfgVars: [],
    routes: { request: "request_route", events: {} },
    uses: [],
  },
  request_route(): void {
    if (KSR.is_REGISTER()) {
      if (KSR.pv.get("$hdr(X-Test)") === "nosave") {
        const r = KSR.pv.get("$hdr(X-Registered)");
        if (r !== null) KSR.hdr.append_to_reply(KSR.registrar.registered_uri("location", r) > 0 ? "X-Registered-Uri: yes\r\n" : "X-Registered-Uri: no\r\n");
        KSR.hdr.append_to_reply(KSR.registrar.registered("location") > 0 ? "X-Registered: yes\r\n" : "X-Registered: no\r\n");
        const u = KSR.pv.get("$hdr(X-Unregister)");
        if (u !== null) KSR.hdr.append_to_reply(`X-Unregister-Rc: ${KSR.registrar.unregister("location", u)}\r\n`);
        KSR.sl.sl_send_reply(200, "Checked");
        return;
      }
      KSR.registrar.save("location", 0);
      return;
    }
    // append_branch("$hdr(X-Branch)") of corex, which kemits does not have: the branch goes in directly.
    const extra = KSR.pv.get("$hdr(X-Branch)");
    if (extra !== null) {
      appendBranch(current()!, { uri: extra, dstUri: null, path: null, q: -1, flags: 0, socket: null, instance: null, ruid: null, userAgent: null });
    }
    const viaBranches = KSR.pv.get("$hdr(X-Test)") === "lookup_branches";
    const rc = viaBranches ? KSR.registrar.lookup_branches("location") : KSR.registrar.lookup("location");
    KSR.hdr.append(`X-Rc: ${rc}\r\n`);
    KSR.hdr.append(`X-Ru: ${KSR.pv.get("$ru")}\r\n`);
    KSR.hdr.append(`X-Du: ${KSR.pv.get("$du") ?? "<null>"}\r\n`);
    const b = branchesOf(current()!);
    const q = (n: number) => (n < 0 ? "<null>" : String(n));
    KSR.hdr.append(`X-B0: ${b[0]?.uri ?? "<null>"} q=${b[0] ? q(b[0].q) : "<null>"} du=${b[0]?.dstUri ?? "<null>"} path=${b[0]?.path ?? "<null>"}\r\n`);
    KSR.hdr.append(`X-B1: ${b[1]?.uri ?? "<null>"} q=${b[1] ? q(b[1].q) : "<null>"}\r\n`);
    if (viaBranches) KSR.hdr.append(`X-B2: ${b[2]?.uri ?? "<null>"} q=${b[2] ? q(b[2].q) : "<null>"}\r\n`);
    KSR.setdsturi("sip:127.0.80.2:5070");
    KSR.forward();
  },
});

let seq = 0;
export function register(user: string, o: { callid?: string; cseq?: number; contact?: string; expires?: number | string; extra?: string; test?: string } = {}): string {
  seq++;
  const { callid = `reg-${user}`, cseq = 1, contact, expires, extra = "", test = "" } = o;
  return `REGISTER sip:127.0.80.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-r${seq}
From: <sip:${user}@example.test>;tag=f${seq}
To: <sip:${user}@example.test>
Call-ID: ${callid}
CSeq: ${cseq} REGISTER
${contact === undefined ? "" : `Contact: ${contact}\n`}${expires === undefined ? "" : `Expires: ${expires}\n`}${test ? `X-Test: ${test}\n` : ""}${extra}Content-Length: 0

`;
}

export function request(method: string, user: string): string {
  seq++;
  return `${method} sip:${user}@example.test SIP/2.0
Via: SIP/2.0/UDP 127.0.80.9:5090;branch=z9hG4bK-q${seq}
From: <sip:caller@example.test>;tag=c${seq}
To: <sip:${user}@example.test>
Call-ID: call-${seq}
CSeq: 1 ${method}
Content-Length: 0

`;
}

/** The status line and the headers that matter, LF-separated. */
export function summary(text: string): string {
  return text
    .split("\r\n")
    .filter((l) => l !== "" && !/^(Via|From|Call-ID|Server|Content-Length):/.test(l))
    .map((l) => (l.startsWith("To: ") ? l.replace(/;tag=.*$/, "") : l))
    .join("\n");
}

