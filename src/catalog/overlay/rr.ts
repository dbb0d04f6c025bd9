import { row, to } from "./define.js";

export default [
  row("record_route/1", to("rr.record_route_params", 0)),
  row("rr_next_hop_route/0", to("rr.next_hop_route")),
];
