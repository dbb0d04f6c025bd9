/**
 * kex (Kamailio's kex.so): its KEMI functions `KSR.kex.setdebug`/`resetdebug` set and clear the
 * process-local log level, which then holds for every message until reset (kemits runs one
 * process, so the level of the shared logger changes). The rest of kex's KEMI surface is in the
 * core `KSR` object (see the core module).
 */

import { defineModule, type ModuleContext } from "../../engine/module.js";

interface KexState {
  /** The `debug` level the server started with: what `resetdebug` goes back to. */
  readonly configured: number;
}

type Kex = ModuleContext<unknown, KexState>;

export default defineModule<"kex", Record<never, never>, KexState>("kex", {
  init: (m) => ({ configured: m.log.debug }),
  functions: {
    setdebug: (m: Kex, level: number) => {
      m.log.debug = level;
      return 1;
    },
    resetdebug: (m: Kex) => {
      m.log.debug = m.state.configured;
      return 1;
    },
  },
});
