// Regenerates fixtures/sip-messages from real tools (bounded runs, loopback only):
//   node test/sip/capture-fixtures.mjs
// - sipp/: every message of sipp's built-in `uac` and `uas` scenarios (one call).
// - kamailio-sl/: requests from cases.json sent to Kamailio running route.cfg on 127.0.0.40:5060,
//   with its reply (<case>.reply.sip) or none (dropped); verdicts.json records which and our port.
import { spawn, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../fixtures/sip-messages");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function captureSipp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-"));
  const uasLog = path.join(dir, "uas.log");
  const uacLog = path.join(dir, "uac.log");
  const uas = spawn("sipp", ["-sn", "uas", "-i", "127.0.0.41", "-p", "5060", "-m", "1", "-trace_msg", "-message_file", uasLog, "-bg"], { stdio: "ignore" });
  uas.on("error", () => {});
  spawnSync("sleep", ["0.5"]);
  spawnSync("sipp", ["-sn", "uac", "127.0.0.41:5060", "-i", "127.0.0.42", "-p", "5062", "-m", "1", "-trace_msg", "-message_file", uacLog], { stdio: "ignore", timeout: 20000 });
  spawnSync("sleep", ["1"]);
  const log = fs.readFileSync(uacLog);
  const names = ["invite", "180-ringing", "200-ok-invite", "ack", "bye", "200-ok-bye"];
  let i = 0;
  let at = 0;
  const marker = /(?:sent \((\d+) bytes\):|received \[(\d+)\] bytes :)\r?\n\r?\n/g;
  const text = log.toString("latin1");
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const n = Number(m[1] ?? m[2]);
    at = m.index + m[0].length;
    const msg = log.subarray(at, at + n);
    fs.writeFileSync(path.join(root, "sipp", `uac-${String(i + 1).padStart(2, "0")}-${names[i] ?? "msg"}.sip`), msg);
    i++;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`sipp: ${i} messages`);
}

async function captureKamailio() {
  const dir = path.join(root, "kamailio-sl");
  const cases = JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8"));
  const kam = spawn("kamailio", ["-f", path.join(dir, "route.cfg"), "-DD", "-E"], { stdio: "ignore" });
  await sleep(1500);
  const sock = dgram.createSocket("udp4");
  await new Promise((r) => sock.bind(0, "127.0.0.1", r));
  const port = sock.address().port;
  let current = "";
  const replies = {};
  sock.on("message", (m) => {
    replies[current] = m;
  });
  for (const [name, lines] of Object.entries(cases)) {
    current = name;
    const request = Buffer.from(lines.join(""), "latin1");
    fs.writeFileSync(path.join(dir, `${name}.request.sip`), request);
    sock.send(request, 5060, "127.0.0.40");
    await sleep(200);
  }
  sock.close();
  kam.kill("SIGTERM");
  const verdicts = {};
  for (const name of Object.keys(cases)) {
    const file = path.join(dir, `${name}.reply.sip`);
    if (replies[name]) fs.writeFileSync(file, replies[name]);
    else fs.rmSync(file, { force: true });
    verdicts[name] = replies[name] ? "reply" : "drop";
  }
  const meta = { kamailio: "5.6.3", source: { address: "127.0.0.1", port }, listen: { address: "127.0.0.40", port: 5060 }, verdicts };
  fs.writeFileSync(path.join(dir, "verdicts.json"), JSON.stringify(meta, null, 2) + "\n");
  console.log(`kamailio: ${Object.keys(cases).length} cases`);
}

captureSipp();
await captureKamailio();
