/** Rebuilding a SIP URI with one part replaced (`setuser`, `sethost`, `$rU = …`, `$rd = …`, `$rp = …`). */

import type { SipUri } from "../../sip/index.js";

export interface UriChange {
  readonly user?: string | null;
  readonly host?: string;
  /** "" removes the port. */
  readonly port?: string;
}

export function rebuildUri(uri: SipUri, change: UriChange): string {
  const user = change.user === undefined ? uri.user : (change.user ?? "");
  const password = change.user === undefined && uri.password !== null ? `:${uri.password}` : "";
  const host = change.host ?? uri.host;
  const port = change.port ?? uri.portText;
  const q = uri.text.indexOf("?");
  const headers = q >= 0 ? uri.text.slice(q) : "";
  if (uri.scheme === "tel" || uri.scheme === "tels") return `${uri.scheme}:${user}${uri.paramsText}`;
  return `${uri.scheme}:${user === "" ? "" : `${user}${password}@`}${host}${port === "" ? "" : `:${port}`}${uri.paramsText}${headers}`;
}
