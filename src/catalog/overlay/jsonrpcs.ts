import { row, to } from "./define.js";

export default [
  row("jsonrpc_dispatch/0", to("jsonrpcs.dispatch")),
  row("jsonrpc_exec/1", to("jsonrpcs.exec", 0)),
];
