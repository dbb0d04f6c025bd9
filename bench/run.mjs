// `npm run bench`: every figure is printed beside a baseline measured in the same run, because
// these machines are noisy. Needs the bundle (npm run build) and, for baselines, kamailio.
import { existsSync } from "node:fs";
import { benchCompile } from "./compile.mjs";
import { benchFrontEnd } from "./front-end.mjs";
import { benchProxy } from "./proxy.mjs";
import { benchRuntime } from "./runtime.mjs";

const STOCK = "/etc/kamailio/kamailio.cfg";
if (!existsSync(STOCK)) {
  console.error("kamailio is not installed: apt-get install -y kamailio sip-tester");
  process.exit(1);
}
await benchFrontEnd(STOCK);
await benchCompile(STOCK);
await benchRuntime();
await benchProxy();
