import { row } from "./define.js";

// secfilter has no KEMI exports at all in 5.6.3.
export default [
  row("secf_check_ua/0", null),
  row("secf_check_from_hdr/0", null),
  row("secf_check_to_hdr/0", null),
  row("secf_check_contact_hdr/0", null),
  row("secf_check_ip/0", null),
  row("secf_check_country/1", null),
  row("secf_check_dst/1", null),
  row("secf_check_sqli_all/0", null),
  row("secf_check_sqli_hdr/1", null),
];
