// The README's first command, as a user runs it: `KAMA_LISTEN=… kemits run hello.cfg`, then a sipp
// OPTIONS over UDP and over TCP gets `200 Hello, World!`.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, track } from "../support/kamailio-process.js";
import { requireSipp } from "../support/tools.js";

const ROOT = resolve(import.meta.dirname, "../..");
const IP = "127.0.38.1";
let server: RunningServer;

beforeAll(async () => {
  requireSipp();
  const child = spawn(process.execPath, [join(ROOT, "bin/kemits.js"), "run", join(ROOT, "fixtures/examples/hello/hello.cfg")], {
    env: { ...process.env, KAMA_LISTEN: IP },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = await track(child, [`udp:${IP}:5060`, `tcp:${IP}:5060`], () => {});
});

afterAll(() => server?.stop());

function optionsOver(transport: "u1" | "t1"): string {
  const dir = mkdtempSync(join(tmpdir(), "kemits-hello-"));
  const trace = join(dir, "messages.log");
  const r = spawnSync(
    "sipp",
    [`${IP}:5060`, "-sf", join(ROOT, "fixtures/sip/bench/options.xml"), "-t", transport, "-i", "127.0.38.2", "-m", "1",
      "-timeout", "10s", "-recv_timeout", "5000", "-nostdin", "-trace_msg", "-message_file", trace],
    { encoding: "utf8", timeout: 20_000 },
  );
  expect(r.status, `${r.stdout}\n${r.stderr}\n${server.log()}`).toBe(0);
  return readFileSync(trace, "latin1");
}

describe("kemits run fixtures/examples/hello/hello.cfg", () => {
  it("answers an OPTIONS over UDP with 200 Hello, World!", () => {
    expect(optionsOver("u1")).toContain("SIP/2.0 200 Hello, World!\r\n");
  });

  it("answers an OPTIONS over TCP with 200 Hello, World!", () => {
    expect(optionsOver("t1")).toContain("SIP/2.0 200 Hello, World!\r\n");
  });
});
