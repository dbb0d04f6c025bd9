import { row, to } from "./define.js";

export default [
  row("keep_hf/1", to("textopsx.keep_hf_re", 0)),
  row("fnmatch/3", to("textopsx.fnmatch_ex", 0, 1, 2)),
  row("bind_textopsx/1", null),
];
