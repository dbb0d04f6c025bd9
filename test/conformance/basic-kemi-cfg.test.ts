// The routing of Kamailio's kamailio-basic-kemi-native.cfg (fixtures/sip/proxy/basic-kemi-cfg.cfg
// says which global section it runs under) on real Kamailio 5.6.3, on kemits and on kemits'
// --target kamailio output: every scenario gives the same transcript.
import { join } from "node:path";
import { PROXY_FIXTURES } from "../support/conformance/run-scenario.js";
import { BASIC_KEMI_SCENARIOS } from "../support/conformance/scenarios.js";
import { describeConformance } from "../support/conformance/suite.js";
import { KEMITS_KNOWN_FAILURES } from "./known-failures.js";

describeConformance({
  cfg: join(PROXY_FIXTURES, "basic-kemi-cfg.cfg"),
  scenarios: BASIC_KEMI_SCENARIOS,
  golden: "expected.basic-kemi.txt",
  addressBase: 111,
  knownFailures: KEMITS_KNOWN_FAILURES.basicKemiCfg,
});
