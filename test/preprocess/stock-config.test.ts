import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { preprocess } from "../../src/preprocess/index.js";
import { defineArgs, normalizePrint, runKamailio, stockConfigPath } from "./kamailio.js";

const DEFINE_SETS: Record<string, string[]> = {
  none: [],
  WITH_AUTH: ["WITH_AUTH"],
  WITH_NAT: ["WITH_NAT"],
  WITH_TLS: ["WITH_TLS"],
  WITH_DEBUG: ["WITH_DEBUG"],
  everything: [
    "WITH_MYSQL",
    "WITH_AUTH",
    "WITH_USRLOCDB",
    "WITH_NAT",
    "WITH_TLS",
    "WITH_DEBUG",
    "WITH_PRESENCE",
    "WITH_IPAUTH",
    "WITH_ANTIFLOOD",
    "WITH_BLOCK3XX",
    "WITH_BLOCK401407",
    "WITH_VOICEMAIL",
    "WITH_ACCDB",
    "WITH_MULTIDOMAIN",
    "WITH_ALIASDB",
    "WITH_SPEEDDIAL",
    "WITH_PSTN",
    "WITH_XHTTP",
    "WITH_JSONRPC",
    "WITH_WEBSOCKETS",
    "WITH_NATSIPPING",
    "WITH_RTPENGINE",
    "WITH_XMLRPC",
  ],
};

describe("the stock /etc/kamailio/kamailio.cfg", () => {
  for (const [label, defines] of Object.entries(DEFINE_SETS)) {
    it(`preprocesses cleanly with defines: ${label}, as kamailio --cfg-print resolves it`, () => {
      const path = stockConfigPath();
      const options = { cwd: dirname(path), defines: defines.map((name) => ({ name })) };
      const result = preprocess(path, options);
      expect(result.diagnostics.map((d) => d.message)).toEqual([]);
      expect(result.mode).toBe("kamailio");
      expect(result.text).not.toMatch(/^\s*#!(ifn?def|else|endif)/m);

      const printed = preprocess(path, { ...options, cfgPrint: true });
      const theirs = runKamailio(["--cfg-print", "-f", path, ...defineArgs(defines)], dirname(path));
      expect(normalizePrint(printed.text)).toBe(normalizePrint(theirs.stdout));
    });
  }
});
