import { row, to } from "./define.js";

export default [
  row("alias_db_lookup/1", to("alias_db.lookup", 0)),
  row("alias_db_lookup/2", to("alias_db.lookup_ex", 0, 1)),
  row("alias_db_find/3", null),
  row("alias_db_find/4", null),
];
