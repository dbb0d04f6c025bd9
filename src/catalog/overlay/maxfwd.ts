import { row, to } from "./define.js";

// Every native spelling calls the same C function as its KEMI row (maxfwd.c), so nothing is inverted:
// maxfwd_at_least and mf_lowlimit are is_maxfwd_lt under other names.
export default [
  row("mf_process_maxfwd_header/1", to("maxfwd.process_maxfwd", 0)),
  row("maxfwd_process/1", to("maxfwd.process_maxfwd", 0)),
  row("maxfwd_at_least/1", to("maxfwd.is_maxfwd_lt", 0)),
  row("mf_lowlimit/1", to("maxfwd.is_maxfwd_lt", 0)),
];
