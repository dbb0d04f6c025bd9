import { constant, row, template, to } from "./define.js";

const relayTo = (proto: string) => [
  row(`t_relay_to_${proto}/2`, to("tm.t_relay_to_proxy", template(`${proto}:{0}:{1}`)), {
    note: "host and port are literals parsed at startup, so the proxy string is built at compile time",
  }),
  row(`t_relay_to_${proto}/0`, to("tm.t_relay_to_proto", constant(proto, "the protocol in the native name"))),
];

// Native-only forms (no KEMI export in 5.6.3): the forward_nonack family, t_write_*, t_relay_cancel,
// t_relay_to_avp, t_replicate_<proto>. t_replicate/0 and /2, t_relay_to/1 and /2, t_drop_replies/0 and
// t_set_fr/1's siblings not listed here are left unmapped until checked against a running Kamailio.
export default [
  row("t_lookup_cancel/1", to("tm.t_lookup_cancel_flags", 0)),
  ...["udp", "tcp", "tls", "sctp"].flatMap(relayTo),
  row("t_relay/2", to("tm.t_relay_to_proxy", template("{0}:{1}"))),
  row("t_set_fr/1", to("tm.t_set_fr_inv", 0), { note: "native t_set_fr(fr_inv) sets only the INVITE timeout" }),
  row("t_load_contacts/1", to("tm.ki_t_load_contacts_mode", 0), { note: "the KEMI name really has the ki_ prefix" }),
  row("t_relay_to/0", null),
  row("t_relay_to/2", null),
  row("t_relay_to_avp/2", null),
  row("t_relay_cancel/0", null),
  row("t_forward_nonack/2", null),
  row("t_forward_nonack_uri/0", null),
  row("t_forward_nonack_udp/2", null),
  row("t_forward_nonack_tcp/2", null),
  row("t_forward_nonack_tls/2", null),
  row("t_forward_nonack_sctp/2", null),
  row("t_forward_nonack_to/2", null),
  row("t_replicate_udp/2", null),
  row("t_replicate_tcp/2", null),
  row("t_replicate_tls/2", null),
  row("t_replicate_sctp/2", null),
  row("t_replicate_to/2", null),
  row("t_write_req/2", null),
  row("t_write_unix/2", null),
  row("t_disable_e2e_cancel_reason/1", null),
];
