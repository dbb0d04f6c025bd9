import { compilePosix } from "../regex/posix.js";
import { toStr, type Value } from "./values.js";

/** `=~`: POSIX extended regex, case-insensitive, unanchored. */
export function matches(subject: string, re: string): boolean {
  return compilePosix(re, true).test(subject);
}

/** `case /"re":` in a switch: POSIX extended regex, case-sensitive. */
export function matchesCase(subject: string, re: string): boolean {
  return compilePosix(re, false).test(subject);
}

/** `method == "x"`, `uri == "x"`: case-insensitive comparisons. */
export function equalsIgnoreCase(a: Value, b: string): boolean {
  return toStr(a).toLowerCase() === b.toLowerCase();
}

/** `src_ip == 10.0.0.0/8` and `src_ip == 1.2.3.4`: address in a network (bits or dotted mask). */
export function ipMatches(ip: Value, net: string): boolean {
  const addr = toStr(ip);
  const slash = net.indexOf("/");
  if (slash < 0) return sameAddress(addr, net);
  const base = parseIp(net.slice(0, slash));
  const target = parseIp(addr);
  if (!base || !target || base.length !== target.length) return false;
  const maskText = net.slice(slash + 1);
  const mask = /^\d+$/.test(maskText) ? prefixMask(Number(maskText), base.length) : parseIp(maskText);
  if (!mask || mask.length !== base.length) return false;
  return base.every((b, i) => (b & mask[i]!) === (target[i]! & mask[i]!));
}

function sameAddress(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b.replace(/^\[|\]$/g, ""));
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
}

function prefixMask(bits: number, bytes: number): number[] {
  const mask: number[] = [];
  for (let i = 0; i < bytes; i++) {
    const n = Math.max(0, Math.min(8, bits - i * 8));
    mask.push((0xff << (8 - n)) & 0xff);
  }
  return mask;
}

/** IPv4 as 4 bytes, IPv6 as 16. ES5 library calls only (no Array.from/fill/flatMap): Duktape runs this too. */
function parseIp(text: string): number[] | undefined {
  const t = text.replace(/^\[|\]$/g, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    const parts = t.split(".").map(Number);
    return parts.every((p) => p <= 255) ? parts : undefined;
  }
  if (!t.includes(":")) return undefined;
  const [head, tail] = t.split("::", 2) as [string, string | undefined];
  const words = (s: string) => (s === "" ? [] : s.split(":").map((w) => Number.parseInt(w, 16)));
  const h = words(head);
  const tl = tail === undefined ? [] : words(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - tl.length;
  const all = h.slice();
  for (let i = 0; i < fill; i++) all.push(0);
  for (const w of tl) all.push(w);
  if (all.length !== 8 || all.some((w) => Number.isNaN(w) || w < 0 || w > 0xffff)) return undefined;
  const bytes: number[] = [];
  for (const w of all) bytes.push(w >> 8, w & 0xff);
  return bytes;
}
