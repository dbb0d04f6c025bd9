// Runs a short-lived Kamailio on 127.0.0.30 (own run dir under /tmp, children=1) and sends it one SIP request
// over UDP, for the differential tests. Only the process started here is ever killed, by its pid.
import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ADDR = "127.0.0.30";

export interface Instance {
  readonly port: number;
  readonly log: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts Kamailio with `cfg` (its text may use RUNDIR) and waits until it answers an OPTIONS. */
export async function startKamailio(cfg: string, port: number, files: Record<string, string> = {}): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), "kemits-catalog-run-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text.replaceAll("RUNDIR", dir));
  writeFileSync(join(dir, "kamailio.cfg"), cfg.replaceAll("RUNDIR", dir));
  const log = join(dir, "kamailio.log");
  const child: ChildProcess = spawn(
    "sh",
    ["-c", `exec kamailio -DD -E -f ${dir}/kamailio.cfg -Y ${dir} -P ${dir}/kamailio.pid -m 64 -M 8 >${log} 2>&1`],
    { stdio: "ignore" },
  );
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(child.pid, "SIGTERM");
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 40; i++) {
    if (child.exitCode !== null) break;
    const reply = await sendRequest(port, "OPTIONS", "probe", 300).catch(() => undefined);
    if (reply) return { port, log, stop };
  }
  const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((l) => /ERROR|CRITICAL/.test(l)).slice(0, 5).join("\n") : "";
  if (process.env.KEMITS_KEEP_RUN) console.error(readFileSync(join(dir, "kamailio.cfg"), "utf8"), readFileSync(log, "utf8"));
  await stop();
  throw new Error(`kamailio on port ${port} did not start:\n${tail}`);
}

let cseq = 1;

/** Sends one request from an ephemeral port and resolves with the first final reply's text. */
export function sendRequest(port: number, method: string, user: string, timeoutMs = 2000, extra = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error("no reply"));
    }, timeoutMs);
    sock.on("message", (msg) => {
      const text = msg.toString("utf8");
      if (/^SIP\/2\.0 1\d\d/.test(text)) return;
      clearTimeout(timer);
      sock.close();
      resolve(text);
    });
    sock.bind(0, ADDR, () => {
      const local = sock.address().port;
      const n = cseq++;
      const req = [
        `${method} sip:${user}@${ADDR}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${ADDR}:${local};branch=z9hG4bK-kemits-${n}-${Date.now()}`,
        "Max-Forwards: 5",
        `From: <sip:alice@${ADDR}>;tag=t${n}`,
        `To: <sip:${user}@${ADDR}>`,
        `Call-ID: kemits-catalog-${n}-${Date.now()}@${ADDR}`,
        `CSeq: ${n} ${method}`,
        `Contact: <sip:alice@${ADDR}:${local}>`,
        extra,
        "Content-Length: 0",
        "",
        "",
      ]
        .filter((l, i, a) => l !== "" || i >= a.length - 2)
        .join("\r\n");
      sock.send(req, port, ADDR);
    });
  });
}
