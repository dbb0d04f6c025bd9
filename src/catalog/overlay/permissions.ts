import { constant, row, to } from "./define.js";

export default [
  row("allow_source_address/0", to("permissions.allow_source_address", constant(1, "w_allow_source_address defaults the group to 1"))),
  row("allow_routing/0", null),
  row("allow_routing/1", null),
  row("allow_routing/2", null),
  row("allow_register/1", null),
  row("allow_register/2", null),
  row("allow_uri/2", null),
];
