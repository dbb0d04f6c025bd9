/**
 * counters: script counters (Kamailio 5.6.3 counters.so). `modparam("counters", "script_counter",
 * "[grp.]name[ description]")` declares one; `inc`, `add` and `reset` change it by `[grp.]name`
 * (group `script_cnt_grp_name`, "script", when none is given). Using an undeclared counter logs
 * Kamailio's error and returns -1. Other modules read values through `api`.
 */

import { defineModule, type InitContext, type ModuleContext, type ParamValues, strListParam, strParam } from "../../engine/module.js";

const params = {
  script_cnt_grp_name: strParam("script"),
  script_counter: strListParam(),
};

type Params = ParamValues<typeof params>;

interface CountersState {
  /** `grp.name` → value. */
  readonly values: Map<string, number>;
}

type Counters = ModuleContext<Params, CountersState>;

export interface CountersApi {
  /** The value of `grp.name`, undefined when no such counter is declared. */
  get(group: string, name: string): number | undefined;
  /** Every counter as `grp.name` → value, in declaration order. */
  all(): ReadonlyMap<string, number>;
}

/** `grp.name` for a counter named with or without its group. */
function key(defaultGroup: string, text: string): string {
  const dot = text.indexOf(".");
  return dot < 0 ? `${defaultGroup}.${text}` : text;
}

function declare(m: InitContext<Params>): CountersState {
  const values = new Map<string, number>();
  for (const spec of m.params.script_counter) {
    // "name description" or "name: description"; the description is only shown by RPC.
    const name = spec.split(/[: ]/, 1)[0]!;
    const k = key(m.params.script_cnt_grp_name, name);
    if (values.has(k)) m.log.write(-1, "counters [counters.c:176]: add_script_counter(): ", `counter ${k} already registered`);
    else values.set(k, 0);
  }
  return { values };
}

function change(m: Counters, name: string, op: (v: number) => number, origin: string): number {
  const k = key(m.params.script_cnt_grp_name, name);
  const v = m.state.values.get(k);
  if (v === undefined) {
    m.log.write(-1, `counters [counters.c:${origin}(): `, `counter ${k} does not exist (forgot to define it?)`);
    return -1;
  }
  m.state.values.set(k, op(v));
  return 1;
}

export default defineModule("counters", {
  params,
  init: (m: InitContext<Params>): CountersState => declare(m),
  functions: {
    inc: (m, name) => change(m, name, (v) => v + 1, "279]: ki_cnt_inc"),
    add: (m, name, n) => change(m, name, (v) => v + n, "309]: ki_cnt_add"),
    reset: (m, name) => change(m, name, () => 0, "335]: ki_cnt_reset"),
  },
  api: (m): CountersApi => ({
    get: (group, name) => m.state.values.get(`${group}.${name}`),
    all: () => m.state.values,
  }),
});
