/**
 * Transcripts: what each endpoint of a scenario received, normalised so that two correct servers
 * give the same text. See docs/conformance.md ("How transcripts are normalised").
 */

/** The messages an endpoint received, in order, from a sipp `-trace_msg` file. */
export function receivedMessages(trace: string): string[] {
  const out: string[] = [];
  // Each entry: a dashed line with a timestamp, a "<PROTO> message received|sent ..." line, a blank line, the message.
  for (const entry of trace.split(/^-{20,}[^\n]*\n/m)) {
    const m = /^\w+ message received[^\n]*\n\r?\n([\s\S]*)$/.exec(entry);
    if (m) out.push(m[1]!.replace(/\s+$/, ""));
  }
  return out;
}

/** Headers a transcript keeps, by canonical name; compact forms are expanded first. */
const KEPT = [
  "Via",
  "Route",
  "Record-Route",
  "Max-Forwards",
  "From",
  "To",
  "Call-ID",
  "CSeq",
  "Contact",
  "Expires",
  "Min-Expires",
  "Content-Length",
  "P-Hint",
  "Unsupported",
  "Warning",
] as const;

/** Headers whose comma-separated values are listed one per line (folding is not a difference). */
const LISTS = new Set(["Via", "Route", "Record-Route", "Contact"]);

const COMPACT: Readonly<Record<string, string>> = { v: "Via", f: "From", t: "To", i: "Call-ID", m: "Contact", l: "Content-Length" };

const CANONICAL = new Map(KEPT.map((h) => [h.toLowerCase(), h]));

/**
 * Turns the volatile parts of messages into stable names, consistently across one scenario:
 * addresses become the endpoint's role (`proxy`, `caller`, `bob-a`…), each distinct tag, branch and
 * Call-ID becomes `<tag-N>`, `<branch-N>`, `<call-id-N>` in order of first appearance, and expiry
 * times are rounded up to a multiple of 10 s (a registration listed a second later says 3599).
 */
export class Normalizer {
  private readonly ids = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly roles: ReadonlyMap<string, string>) {}

  /** One received message as transcript lines: the first line, then the kept headers in KEPT order. */
  message(raw: string): string[] {
    const lines = unfold(raw.split(/\r?\n/));
    const headEnd = lines.indexOf("");
    const head = headEnd < 0 ? lines : lines.slice(0, headEnd);
    const fields = new Map<string, string[]>();
    for (const line of head.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const rawName = line.slice(0, colon).trim();
      const name = CANONICAL.get((COMPACT[rawName] ?? rawName).toLowerCase());
      if (!name) continue;
      const value = line.slice(colon + 1).trim();
      const values = LISTS.has(name) ? splitList(value) : [value];
      fields.set(name, [...(fields.get(name) ?? []), ...values]);
    }
    const out = [`<- ${this.text(head[0] ?? "")}`];
    for (const name of KEPT) {
      for (const value of fields.get(name) ?? []) {
        out.push(`   ${name}: ${name === "Call-ID" ? this.id("call-id", value) : this.text(value)}`);
      }
    }
    return out;
  }

  private text(s: string): string {
    return s
      .replace(/\b127\.\d+\.\d+\.\d+\b/g, (ip) => this.roles.get(ip) ?? ip)
      .replace(/;tag=([^;>,\s]+)/gi, (_, v: string) => `;tag=${this.id("tag", v)}`)
      .replace(/;branch=([^;>,\s]+)/gi, (_, v: string) => `;branch=${this.id("branch", v)}`)
      .replace(/;expires=(\d+)/gi, (_, v: string) => `;expires=${roundExpiry(v)}`);
  }

  private id(kind: string, value: string): string {
    const key = `${kind}\u0000${value}`;
    let name = this.ids.get(key);
    if (!name) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      name = `<${kind}-${n}>`;
      this.ids.set(key, name);
    }
    return name;
  }
}

function roundExpiry(v: string): string {
  return String(Math.ceil(Number(v) / 10) * 10);
}

/** Joins header continuation lines (leading whitespace) to the line before. */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0 && out[out.length - 1] !== "") out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

/** Splits a header value at commas outside `<…>` and quotes. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && c === "<") depth++;
    else if (!quoted && c === ">") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== "");
}
