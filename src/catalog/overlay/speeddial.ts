import { row, to } from "./define.js";

export default [
  row("sd_lookup/1", to("speeddial.lookup", 0)),
  row("sd_lookup/2", to("speeddial.lookup_owner", 0, 1)),
];
