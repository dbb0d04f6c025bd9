/**
 * `listen=` entries to concrete local sockets, as Kamailio expands them: proto `any` (`*` or none)
 * gives a UDP and a TCP socket, `port=` is the default port and `advertised_address=`/`advertised_port=`
 * the default advertise, a host name or interface name gives each of its addresses, no
 * `listen=` at all gives every local address on port 5060.
 */

import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import type { ListenSocket } from "../../semantics/config.js";
import { KemitsError } from "../engine/errors.js";
import type { LocalSocket, Proto } from "../engine/services.js";

export const SIP_PORT = 5060;

/** Core parameters that shape sockets: `port=`, `advertised_address=`, `advertised_port=`. */
export interface ListenDefaults {
  readonly port?: number;
  readonly advertisedAddress?: string;
  readonly advertisedPort?: number;
}

/** The listen defaults in a config's `core` section. */
export function listenDefaults(core: Readonly<Record<string, number | string>>): ListenDefaults {
  const out: { port?: number; advertisedAddress?: string; advertisedPort?: number } = {};
  if (typeof core.port === "number") out.port = core.port;
  if (typeof core.advertised_address === "string" && core.advertised_address !== "") out.advertisedAddress = core.advertised_address;
  if (typeof core.advertised_port === "number") out.advertisedPort = core.advertised_port;
  return out;
}

/** Resolves `config.listen`; throws KemitsError (KEMITS_ERR_LISTEN) listing every unusable entry. */
export async function resolveListen(listen: readonly ListenSocket[], defaults: ListenDefaults = {}): Promise<LocalSocket[]> {
  const entries: readonly ListenSocket[] = listen.length > 0 ? listen : [{ proto: "any", host: "*" }];
  const out: LocalSocket[] = [];
  const problems: string[] = [];
  for (const l of entries) {
    const protos: Proto[] = l.proto === "any" ? ["udp", "tcp"] : l.proto === "udp" || l.proto === "tcp" ? [l.proto] : [];
    if (protos.length === 0) {
      problems.push(`listen=${l.proto}:${l.host}: transport ${l.proto} is not supported by kemits (udp and tcp are)`);
      continue;
    }
    const addresses = await addressesOf(l.host);
    if (addresses.length === 0) {
      problems.push(`listen=${l.host}: no such address, host or interface`);
      continue;
    }
    const port = l.port ?? defaults.port ?? SIP_PORT;
    const advertise =
      l.advertise !== undefined
        ? { host: l.advertise.host, port: l.advertise.port ?? port }
        : defaults.advertisedAddress !== undefined
          ? { host: defaults.advertisedAddress, port: defaults.advertisedPort ?? port }
          : undefined;
    for (const proto of protos) {
      for (const address of addresses) {
        const family = isIP(address) === 6 ? 6 : 4;
        if (out.some((s) => s.proto === proto && s.address === address && s.port === port)) continue;
        out.push(advertise ? { proto, address, port, family, advertise } : { proto, address, port, family });
      }
    }
  }
  if (problems.length > 0) throw new KemitsError("KEMITS_ERR_LISTEN", "cannot listen", problems);
  return out;
}

async function addressesOf(host: string): Promise<string[]> {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (isIP(bare)) return [bare];
  const ifaces = networkInterfaces();
  if (bare === "*" || bare === "0.0.0.0") {
    return Object.values(ifaces).flatMap((list) => (list ?? []).filter((a) => !a.address.startsWith("fe80")).map((a) => a.address));
  }
  const iface = ifaces[bare];
  if (iface !== undefined) return iface.map((a) => a.address);
  try {
    return (await lookup(bare, { all: true })).map((a) => a.address);
  } catch {
    return [];
  }
}
