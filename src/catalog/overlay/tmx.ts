import { row } from "./define.js";

// t_cancel_callid/4 and t_drop/1 are left unmapped: their KEMI forms take fewer arguments.
export default [row("bind_tmx/1", null)];
