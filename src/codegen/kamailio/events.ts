import { moduleParams } from "../../catalog/index.js";
import { eventCallbackName, routeFunctionName } from "../ts/naming.js";

/**
 * How Kamailio reaches the event routes under cfgengine jsdt. There is no `event_route[…]` block:
 * each module that raises events has an `event_callback` modparam naming one function, called with
 * the event's name (`tm:local-request`); core events (`core:worker-one-init`, `core:pre-routing`…)
 * go to the function in the core parameter `kemi.event_route_callback`. So each such module gets
 * one dispatcher that switches on the name and calls the event's route function.
 */
export interface EventPlan {
  /** cfg lines: modparams and the core parameter. */
  readonly cfgLines: readonly string[];
  /** ES5 dispatcher functions appended to kamailio.js. */
  readonly dispatchers: string;
  /** Events whose module has no way to call a KEMI function. */
  readonly unreachable: readonly string[];
}

/**
 * Extra settings some modules need for their callback to reach JavaScript. htable runs
 * `htable:mod-init` in the init process by default, before app_jsdt has loaded the script there
 * ("js loading state not initialized", verified on 5.6.3); mode 1 runs it in the first SIP worker,
 * after app_jsdt's own init there (kamailio.cfg loads app_jsdt before every other module, and
 * modules initialise their children in load order). The table lives in shared memory, so what
 * the route fills is the same.
 */
const CALLBACK_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  htable: ['modparam("htable", "event_callback_mode", 1)'],
};

/**
 * Events with a modparam of their own, which names the function to call for that one event
 * (sl.c, tm.c param_export_t in 5.6.3): the route function itself is named, no dispatcher.
 */
const OWN_CALLBACK: Readonly<Record<string, readonly [string, string]>> = {
  "sl:filtered-ack": ["sl", "event_callback_fl_ack"],
  "sl:local-response": ["sl", "event_callback_lres_sent"],
  "tm:local-response": ["tm", "event_callback_lres_sent"],
};

export function planEvents(events: readonly string[]): EventPlan {
  const byModule = new Map<string, string[]>();
  const cfgLines: string[] = [];
  for (const ev of events) {
    const own = OWN_CALLBACK[ev];
    if (own) {
      cfgLines.push(`modparam("${own[0]}", "${own[1]}", "${routeFunctionName("event", ev)}")`);
      continue;
    }
    const colon = ev.indexOf(":");
    const module = colon > 0 ? ev.slice(0, colon) : ev;
    const list = byModule.get(module) ?? [];
    list.push(ev);
    byModule.set(module, list);
  }
  const parts: string[] = [];
  const unreachable: string[] = [];
  for (const [module, list] of byModule) {
    const name = eventCallbackName(module);
    if (module === "core") cfgLines.push(`kemi.event_route_callback = "${name}"`);
    else if (moduleParams(module).some((p) => p.name === "event_callback")) {
      cfgLines.push(`modparam("${module}", "event_callback", "${name}")`, ...(CALLBACK_SETTINGS[module] ?? []));
    } else {
      unreachable.push(...list);
      continue;
    }
    const cases = list.map((ev) => `    case ${JSON.stringify(ev)}:\n      return ${routeFunctionName("event", ev)}(evname);`);
    parts.push(`/** ${module} events: the ${module === "core" ? "kemi.event_route_callback" : "event_callback"} target. */\nfunction ${name}(evname) {\n  switch (evname) {\n${cases.join("\n")}\n  }\n}`);
  }
  return { cfgLines, dispatchers: parts.join("\n\n"), unreachable };
}
