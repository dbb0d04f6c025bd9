import type { KemiRow } from "../catalog/types.js";

/**
 * KEMI int functions whose implementation can return 0 in Kamailio 5.6.3 (natively that ends the
 * script). Until the catalog carries the full scan, the functions known to do so; the rest are
 * treated as never returning 0.
 */
const KNOWN_ZERO = new Set([
  "tm.t_check_trans",
  "tm.t_newtran",
  "presence.handle_subscribe",
  "xhttp.xhttp_reply",
  "websocket.handle_handshake",
]);

export function mayReturnZero(row: KemiRow): boolean {
  return row.ret === "int" && KNOWN_ZERO.has(`${row.module}.${row.name}`);
}
