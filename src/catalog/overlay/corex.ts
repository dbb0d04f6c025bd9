import { row, to } from "./define.js";

// file_read/2 writes into a PV natively while KEMI returns the content: left unmapped (it needs an assignment).
export default [
  row("append_branch/1", to("corex.append_branch_uri", 0)),
  row("append_branch/2", to("corex.append_branch_uri_q", 0, 1)),
  row("forward_reply/0", null),
  row("send_udp/0", null),
  row("send_udp/1", null),
  row("send_tcp/0", null),
  row("send_tcp/1", null),
  row("is_incoming/0", null),
  row("msg_iflag_set/1", null),
  row("msg_iflag_reset/1", null),
  row("msg_iflag_is_set/1", null),
];
