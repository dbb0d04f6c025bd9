/**
 * Conformance scenarios whose kemits run is known not to give Kamailio's transcript yet. The list is
 * a ratchet: a scenario listed here that starts matching fails its test until it is removed, so the
 * list only shrinks. Only the kemits half can be listed; the Kamailio half always has to pass.
 *
 * Why today: `kemits run` does not take `-l SOCKET` yet (the suite gives both servers the same
 * sockets that way), and kemits' tm, registrar/usrloc, rr, maxfwd and sanity runtime is being written.
 */
export const KEMITS_KNOWN_FAILURES: ReadonlySet<string> = new Set([
  "register",
  "options-server",
  "call",
  "cancel",
  "unknown-user",
  "max-forwards",
  "invite-retransmission",
  "stray-ack",
  "in-dialog",
  "busy",
  "no-answer",
  "parallel-fork",
  "foreign-domain",
  "malformed",
  "tcp",
]);
