/**
 * Kamailio's `check_self`: is host[:port] one of our listen addresses (or their `advertise`
 * values) or an `alias`? Port 0 matches any port; proto "" matches any transport. Host names compare
 * case-insensitively; IPv6 literals compare as addresses, with or without brackets.
 */

import { isIP } from "node:net";
import type { AliasName } from "../../semantics/config.js";
import type { LocalSocket } from "./services.js";

interface Name {
  readonly host: string;
  readonly port: number;
  readonly proto: string;
}

export class MyselfTable {
  private readonly names: Name[];

  constructor(sockets: readonly LocalSocket[], aliases: readonly AliasName[]) {
    this.names = [];
    for (const s of sockets) {
      this.names.push({ host: normalizeHost(s.address), port: s.port, proto: s.proto });
      if (s.advertise) this.names.push({ host: normalizeHost(s.advertise.host), port: s.advertise.port, proto: s.proto });
    }
    for (const a of aliases) this.names.push({ host: normalizeHost(a.host), port: a.port ?? 0, proto: a.proto ?? "" });
  }

  isMyself(host: string, port: number, proto = ""): boolean {
    const h = normalizeHost(host);
    const p = proto.toLowerCase();
    for (const n of this.names) {
      if (n.host !== h) continue;
      if (port !== 0 && n.port !== 0 && n.port !== port) continue;
      if (p !== "" && n.proto !== "" && n.proto !== p) continue;
      return true;
    }
    return false;
  }
}

/** Lower case, brackets removed, IPv6 in one canonical spelling. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  return isIP(lower) === 6 ? expandIpv6(lower) : lower;
}

function expandIpv6(a: string): string {
  const [head = "", tail] = a.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0");
  return [...h, ...fill, ...t].map((x) => x.replace(/^0+(?=.)/, "")).join(":");
}
