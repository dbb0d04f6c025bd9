import { row, to } from "./define.js";

// KEMI drops the sdp_ prefix; the one-argument native forms (no media filter) are left unmapped.
export default [
  row("sdp_remove_line_by_prefix/2", to("sdpops.remove_line_by_prefix", 0, 1)),
  row("sdp_remove_codecs_by_id/2", to("sdpops.remove_codecs_by_id", 0, 1)),
  row("sdp_remove_codecs_by_name/2", to("sdpops.remove_codecs_by_name", 0, 1)),
  row("sdp_keep_codecs_by_id/2", to("sdpops.keep_codecs_by_id", 0, 1)),
  row("sdp_keep_codecs_by_name/2", to("sdpops.keep_codecs_by_name", 0, 1)),
  row("sdp_remove_media/1", to("sdpops.remove_media", 0)),
  row("sdp_remove_transport/1", null),
  row("sdp_get_address_family/0", null),
];
