/**
 * Conformance scenarios whose kemits run is known not to give Kamailio's transcript yet. The list is
 * a ratchet: a scenario listed here that starts matching fails its test until it is removed, so the
 * list only shrinks. Only the kemits half can be listed; the Kamailio half always has to pass.
 * Empty today: every scenario gives Kamailio's transcript on kemits. A new scenario kemits cannot
 * pass yet goes here with a comment saying why.
 */
export const KEMITS_KNOWN_FAILURES: ReadonlySet<string> = new Set<string>([]);
