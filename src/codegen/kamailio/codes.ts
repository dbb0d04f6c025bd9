import { defineCodes } from "../../diag/index.js";

/** Diagnostics of the Kamailio target (`kemits compile --target kamailio`, `kemits check --target kamailio`). */
export const KAMAILIO_CODES = defineCodes({
  ScriptTooLarge: { severity: "error", summary: "the bundled kamailio.js is over 128 KiB, which app_jsdt silently truncates" },
  KemiModuleNotLoaded: {
    severity: "warning",
    summary: "the routing calls a KEMI function of a module the generated kamailio.cfg does not load (it fails when the call runs)",
  },
  EventRouteNotRunnable: {
    severity: "warning",
    summary: "an event_route whose module has no event_callback parameter: Kamailio cannot run it under cfgengine jsdt",
  },
  BundleFailed: { severity: "error", summary: "bundling or transpiling the generated module to ES5 failed (a kemits bug)" },
});
