import { row, to } from "./define.js";

export default [
  row("set_rtp_proxy_set/1", to("rtpproxy.set_rtpproxy_set", 0)),
  row("unforce_rtp_proxy/0", to("rtpproxy.rtpproxy_destroy0")),
  row("rtpproxy_destroy/0", to("rtpproxy.rtpproxy_destroy0")),
  row("rtpproxy_offer/0", to("rtpproxy.rtpproxy_offer0")),
  row("rtpproxy_offer/2", to("rtpproxy.rtpproxy_offer_ip", 0, 1)),
  row("rtpproxy_answer/0", to("rtpproxy.rtpproxy_answer0")),
  row("rtpproxy_answer/2", to("rtpproxy.rtpproxy_answer_ip", 0, 1)),
  row("rtpproxy_manage/0", to("rtpproxy.rtpproxy_manage0")),
  row("rtpproxy_manage/2", to("rtpproxy.rtpproxy_manage_ip", 0, 1)),
  row("unforce_rtp_proxy/1", null),
];
