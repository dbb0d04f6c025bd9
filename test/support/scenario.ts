import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SipPeer } from "./sip-peer.js";

/**
 * A stateless scenario: requests sent one after another from one UAC address, each answered by
 * whatever the server under test sends back. Files in `fixtures/sip/<suite>/<case>/`:
 * - `route.cfg`: the native cfg; it listens on the address in `server` below;
 * - `requests.sip`: messages separated by lines holding only `---`, with placeholders
 *   `{{uac}}` (ip:port of the UAC), `{{uacip}}`, `{{server}}` (ip:port), `{{serverip}}`, `{{n}}` (1-based
 *   index of the request, for Call-IDs and branches). Line ends are normalised to CRLF, and
 *   `Content-Length` is left as written (tests of broken framing need that).
 */
export interface Scenario {
  readonly name: string;
  readonly dir: string;
  readonly cfg: string;
  readonly requests: readonly string[];
}

export function loadScenario(dir: string): Scenario {
  const raw = readFileSync(join(dir, "requests.sip"), "utf8");
  const requests = raw
    .split(/^---$/m)
    .map((r) => r.replace(/^\n+/, ""))
    .filter((r) => r.trim() !== "");
  return { name: dir.split("/").pop()!, dir, cfg: join(dir, "route.cfg"), requests };
}

export interface Exchange {
  readonly request: number;
  readonly replies: readonly string[];
}

/** Sends each request and collects what comes back before the next one is sent. */
export async function playScenario(
  s: Scenario,
  uac: { ip: string; port: number },
  server: { ip: string; port: number },
  opts: { quietMs?: number } = {},
): Promise<Exchange[]> {
  const uacIp = uac.ip;
  const peer = await SipPeer.bind(uac.ip, uac.port);
  const out: Exchange[] = [];
  try {
    let seen = 0;
    for (const [i, template] of s.requests.entries()) {
      const text = fill(template, {
        uac: `${uacIp}:${peer.port}`,
        uacip: uacIp,
        server: `${server.ip}:${server.port}`,
        serverip: server.ip,
        n: String(i + 1),
      });
      await peer.send(text, server.ip, server.port);
      await peer.waitFor(seen + 1, 1000);
      await peer.settle(opts.quietMs ?? 150);
      const replies = peer.received.slice(seen).map((r) => r.text);
      seen = peer.received.length;
      out.push({ request: i + 1, replies });
    }
  } finally {
    await peer.close();
  }
  return out;
}

function fill(template: string, values: Record<string, string>): string {
  const text = template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => values[k] ?? m);
  return text.replace(/\r?\n/g, "\r\n");
}

/**
 * What may differ between two correct servers: the tags they generate and the Server header,
 * which names the product.
 */
export function normalize(msg: string): string {
  return msg.replace(/^(To|t):(.*?;tag=)[^;\r\n]+/gim, "$1:$2<tag>").replace(/^Server:.*\r\n/gim, "");
}
