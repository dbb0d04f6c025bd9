import { row } from "./define.js";

// www_challenge / proxy_challenge are left unmapped: KEMI auth_challenge picks the header by method.
export default [
  row("pv_www_authorize/3", null),
  row("pv_www_authenticate/3", null),
  row("pv_www_authenticate/4", null),
  row("pv_proxy_authorize/3", null),
  row("pv_proxy_authenticate/3", null),
  row("auth_get_www_authenticate/3", null),
];
