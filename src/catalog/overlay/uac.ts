import { row, to } from "./define.js";

export default [
  row("uac_replace_from/1", to("uac.uac_replace_from_uri", 0)),
  row("uac_replace_to/1", to("uac.uac_replace_to_uri", 0)),
  row("uac_auth/1", to("uac.uac_auth_mode", 0)),
];
