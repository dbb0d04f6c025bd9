/**
 * The conformance scenarios for the default kamailio.cfg. Each one names its endpoints and the sipp
 * runs that make it up; `slot` fixes its addresses (see addressesOf), so a scenario keeps the same
 * addresses on every server and every run, and no two scenarios share one.
 */

/** One sipp run from an endpoint: a scenario file in fixtures/sip/proxy/sipp/. */
export interface Play {
  readonly endpoint: string;
  readonly sipp: string;
  /** `[service]`: the user called, or registered. */
  readonly service: string;
  /** Default `<pause/>` (ms): how long a callee waits before ringing and before answering. */
  readonly pauseMs?: number;
  /** `[key]` values; `{endpoint}` in a value becomes that endpoint's IP address. */
  readonly keys?: Readonly<Record<string, string>>;
  /** UDP unless said: over TCP, a UAC connects to the proxy and a UAS listens for its connection. */
  readonly transport?: "udp" | "tcp";
}

/**
 * A step runs its callees (`uas`, started first and listening before anyone calls) and its callers
 * (`uac`) together, and ends when all of them have exited.
 */
export interface Step {
  readonly uas?: readonly Play[];
  readonly uac: readonly Play[];
}

export interface ConformanceScenario {
  /** Folder under fixtures/sip/proxy/ holding expected.txt. */
  readonly name: string;
  readonly summary: string;
  /** 1..99: the proxy is 127.0.91.<slot>, endpoint i (0-based) is 127.0.<92+i>.<slot>. */
  readonly slot: number;
  /**
   * The third octet of the proxy's address (91 when absent; endpoints follow it): a suite that
   * replays these scenarios beside the conformance suite gives its own, so their traffic never meets.
   */
  readonly addressBase?: number;
  /** Endpoint names, in address order; also the order of the transcript. */
  readonly endpoints: readonly string[];
  readonly steps: readonly Step[];
}

const register = (endpoint: string, aor: string, transport: "udp" | "tcp" = "udp"): Step => ({
  uac: [{ endpoint, sipp: "register.xml", service: aor, transport }],
});

const FOREIGN_DOMAIN_REFUSED: ConformanceScenario = {
  name: "foreign-domain",
  summary: "requests for other domains (a name, an IP): 403 Not relaying",
  slot: 13,
  endpoints: ["caller", "carol"],
  steps: [{ uac: [{ endpoint: "caller", sipp: "uac-foreign.xml", service: "bob", keys: { foreign: "{carol}" } }] }],
};

/** For cfgs that relay requests for other domains (no auth check): the foreign host answers. */
const FOREIGN_DOMAIN_RELAYED: ConformanceScenario = {
  name: "foreign-domain-relayed",
  summary: "requests for another host: relayed there (a MESSAGE answered 200, an INVITE answered 486 and ACKed by the proxy)",
  slot: 16,
  endpoints: ["caller", "carol"],
  steps: [
    {
      uas: [{ endpoint: "carol", sipp: "uas-foreign.xml", service: "carol" }],
      uac: [{ endpoint: "caller", sipp: "uac-foreign-relayed.xml", service: "bob", keys: { foreign: "{carol}" } }],
    },
  ],
};

/** The scenarios of the default kamailio.cfg. */
export const SCENARIOS: readonly ConformanceScenario[] = [
  {
    name: "register",
    summary: "REGISTER: new binding, refresh above max_expires, several contacts, query, expires=0, * with and without Expires: 0",
    slot: 1,
    endpoints: ["alice"],
    steps: [{ uac: [{ endpoint: "alice", sipp: "register-flows.xml", service: "alice" }] }],
  },
  {
    name: "options-server",
    summary: "OPTIONS to the server itself: 200 Keepalive",
    slot: 2,
    endpoints: ["caller"],
    steps: [{ uac: [{ endpoint: "caller", sipp: "uac-options.xml", service: "bob" }] }],
  },
  {
    name: "call",
    summary: "a call through the proxy with Record-Route: INVITE/100/180/200/ACK/BYE",
    slot: 3,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-answer.xml", service: "bob", pauseMs: 100 }],
        uac: [{ endpoint: "caller", sipp: "uac-call.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "cancel",
    summary: "the caller cancels a ringing call",
    slot: 4,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-cancelled.xml", service: "bob" }],
        uac: [{ endpoint: "caller", sipp: "uac-cancel.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "unknown-user",
    summary: "a call to a user with no registration: 404",
    slot: 5,
    endpoints: ["caller"],
    steps: [{ uac: [{ endpoint: "caller", sipp: "uac-unknown.xml", service: "nobody" }] }],
  },
  {
    name: "max-forwards",
    summary: "Max-Forwards 0 (483), 1 (forwarded as 0) and missing (forwarded as 10)",
    slot: 6,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-answer-two.xml", service: "bob" }],
        uac: [{ endpoint: "caller", sipp: "uac-max-forwards.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "invite-retransmission",
    summary: "the caller retransmits its INVITE while the callee rings: absorbed, last provisional resent",
    slot: 7,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-answer.xml", service: "bob", pauseMs: 300 }],
        uac: [{ endpoint: "caller", sipp: "uac-retransmission.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "stray-ack",
    summary: "ACKs matching no transaction, with and without To tag: dropped in silence",
    slot: 8,
    endpoints: ["caller"],
    steps: [{ uac: [{ endpoint: "caller", sipp: "uac-stray-ack.xml", service: "bob" }] }],
  },
  {
    name: "in-dialog",
    summary: "in-dialog requests with a Route to the proxy (relayed) and without one (404)",
    slot: 9,
    endpoints: ["caller", "bob"],
    steps: [
      {
        uas: [{ endpoint: "bob", sipp: "uas-answer-two.xml", service: "bob" }],
        uac: [{ endpoint: "caller", sipp: "uac-in-dialog.xml", service: "bob", keys: { callee: "{bob}" } }],
      },
    ],
  },
  {
    name: "busy",
    summary: "the callee answers 486: failure_route, 486 relayed to the caller",
    slot: 10,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-busy.xml", service: "bob", pauseMs: 100 }],
        uac: [{ endpoint: "caller", sipp: "uac-busy.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "no-answer",
    summary: "the callee rings and never answers: fr_inv_timer fires, CANCEL to the callee, 408 to the caller",
    slot: 11,
    endpoints: ["caller", "bob"],
    steps: [
      register("bob", "bob"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-cancelled.xml", service: "bob" }],
        uac: [{ endpoint: "caller", sipp: "uac-no-answer.xml", service: "bob" }],
      },
    ],
  },
  {
    name: "parallel-fork",
    summary: "bob registered from two phones: both ring, the second answers, the first is cancelled",
    slot: 12,
    endpoints: ["caller", "bob-a", "bob-b"],
    steps: [
      register("bob-a", "bob"),
      register("bob-b", "bob"),
      {
        uas: [
          { endpoint: "bob-a", sipp: "uas-cancelled.xml", service: "bob" },
          { endpoint: "bob-b", sipp: "uas-answer.xml", service: "bob", pauseMs: 300 },
        ],
        uac: [{ endpoint: "caller", sipp: "uac-fork.xml", service: "bob" }],
      },
    ],
  },
  FOREIGN_DOMAIN_REFUSED,
  {
    name: "malformed",
    summary: "malformed requests: dropped by the core parser or REQINIT, refused by sanity_check, or (a tel: URI) not relayed",
    slot: 14,
    endpoints: ["caller"],
    steps: [{ uac: [{ endpoint: "caller", sipp: "uac-malformed.xml", service: "bob" }] }],
  },
  {
    name: "tcp",
    summary: "over TCP: OPTIONS to the server, and a call to a phone registered over TCP (;transport=tcp)",
    slot: 15,
    endpoints: ["caller", "bob"],
    steps: [
      { uac: [{ endpoint: "caller", sipp: "uac-options.xml", service: "bob", transport: "tcp" }] },
      register("bob", "bob", "tcp"),
      {
        uas: [{ endpoint: "bob", sipp: "uas-answer.xml", service: "bob", pauseMs: 100, transport: "tcp" }],
        uac: [{ endpoint: "caller", sipp: "uac-call.xml", service: "bob" }],
      },
    ],
  },
];

/**
 * The scenarios of kamailio-basic-kemi-native.cfg's routing without its WITH_* features: the
 * default cfg's, except that requests for other domains are relayed, not refused.
 */
export const BASIC_KEMI_SCENARIOS: readonly ConformanceScenario[] = SCENARIOS.map((s) => (s === FOREIGN_DOMAIN_REFUSED ? FOREIGN_DOMAIN_RELAYED : s));

/** Every scenario some suite runs. */
export const ALL_SCENARIOS: readonly ConformanceScenario[] = [...SCENARIOS, FOREIGN_DOMAIN_RELAYED];

export interface Addresses {
  readonly proxy: string;
  /** Endpoint name → IP address. */
  readonly endpoints: ReadonlyMap<string, string>;
}

export function addressesOf(s: ConformanceScenario): Addresses {
  const base = s.addressBase ?? 91;
  return {
    proxy: `127.0.${base}.${s.slot}`,
    endpoints: new Map(s.endpoints.map((name, i) => [name, `127.0.${base + 1 + i}.${s.slot}`])),
  };
}
