import { row, to } from "./define.js";

// Header edits moved to the core KSR.hdr object; the *_pv variants are the plain KEMI functions with the
// PV evaluated by the caller. is_method moved to core KSR (it accepts "INVITE|BYE" lists too).
export default [
  row("append_to_reply/1", to("hdr.append_to_reply", 0)),
  row("append_hf/1", to("hdr.append", 0)),
  row("append_hf/2", to("hdr.append_after", 0, 1)),
  row("insert_hf/1", to("hdr.insert", 0)),
  row("insert_hf/2", to("hdr.insert_before", 0, 1)),
  row("remove_hf_pv/1", to("textops.remove_hf", 0)),
  row("remove_hf_re_pv/1", to("textops.remove_hf_re", 0)),
  row("remove_hf_exp_pv/2", to("textops.remove_hf_exp", 0, 1)),
  row("is_present_hf_pv/1", to("textops.is_present_hf", 0)),
  row("is_present_hf_re_pv/1", to("textops.is_present_hf_re", 0)),
  row("is_method/1", to("is_method", 0)),
  row("has_body/1", to("textops.has_body_type", 0)),
  row("append_urihf/2", null),
  row("append_time/0", null),
  row("append_time_to_request/0", null),
];
