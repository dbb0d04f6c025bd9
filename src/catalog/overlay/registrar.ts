import { constant, row, to } from "./define.js";

// KEMI has no optional parameters: the shorter native forms become other names or get defaults.
export default [
  row("save/1", to("registrar.save", 0, constant(0, "save() without flags uses none (save_fixup)"))),
  row("save/3", to("registrar.save_uri", 0, 1, 2)),
  row("lookup/2", to("registrar.lookup_uri", 0, 1)),
  row("registered/2", to("registrar.registered_uri", 0, 1)),
  row("registered/3", to("registrar.registered_flags", 0, 1, 2)),
  row("registered/4", to("registrar.registered_action", 0, 1, 2, 3)),
  row("unregister/3", to("registrar.unregister_ruid", 0, 1, 2)),
];
