/**
 * `KSR.pvx` (the KEMI functions of Kamailio's pv.so): script variables, AVPs by name, the child
 * fields of XAVPs, and `evalx`. `$var` values live in the pv module and are reached through its
 * api; AVPs and XAVPs live on the message (`MsgContext.avps` / `xavps`, the model the pv module
 * reads `$avp`/`$xavp` from: an XAVP is a list of items, newest first, each a map of child fields).
 * Not implemented (absent): XAVPs holding a value of their own (`xavp_seti/sets/get*`), `$shv`
 * setters and getter (their "defined" check needs the pv module's declarations), `xavu`/`xavi`,
 * the `params`/`slist` conversions, `sbranch_*`, the print functions.
 */

import type { MsgContext, PvValue } from "../../engine/context.js";
import { LogLevel } from "../../engine/log.js";
import { defineModule, type ModuleContext } from "../../engine/module.js";
import type { PvApi } from "../pv/index.js";

type Pvx = ModuleContext<unknown, undefined>;
type NullMode = null | "" | "<null>";

function pv(m: Pvx): PvApi {
  return m.api<PvApi>("pv");
}

function setVar(m: Pvx, name: string, value: PvValue): number {
  // add_var creates the variable on first use, so setting never fails for a valid name.
  return pv(m).set(m.msg, `$var(${name})`, value) ? 1 : -1;
}

function avpGet(ctx: MsgContext, name: string, none: NullMode): PvValue {
  const stack = ctx.avpStack(name, false);
  return stack === undefined || stack.length === 0 ? none : stack[0]!;
}

function avpAdd(ctx: MsgContext, name: string, value: PvValue): number {
  ctx.avpStack(name, true)!.unshift(value);
  return 1;
}

/** `destroy_avps(…, all=0)`: removes the newest value only. */
function avpRemoveNewest(ctx: MsgContext, name: string): void {
  ctx.avpStack(name, false)?.shift();
}

/** The newest item of XAVP `name`, undefined when there is none. */
function newestItem(ctx: MsgContext, name: string): Map<string, PvValue[]> | undefined {
  return ctx.xavps?.get(name)?.[0];
}

/**
 * `xavp_set_child_xval`: in the newest item the field's newest value is replaced (or the field
 * added); with no item a new one is made.
 */
function childSet(ctx: MsgContext, name: string, field: string, value: PvValue): number {
  if (ctx.xavps === null) ctx.xavps = new Map();
  let list = ctx.xavps.get(name);
  if (list === undefined) {
    list = [];
    ctx.xavps.set(name, list);
  }
  let item = list[0];
  if (item === undefined) {
    item = new Map();
    list.unshift(item);
  }
  const values = item.get(field);
  if (values === undefined || values.length === 0) item.set(field, [value]);
  else values[0] = value;
  return 1;
}

function childGet(ctx: MsgContext, name: string, field: string, none: NullMode): PvValue {
  const v = newestItem(ctx, name)?.get(field)?.[0];
  return v === undefined || v === null ? none : v;
}

export default defineModule("pvx", {
  kemi: "pvx",
  core: true,
  functions: {
    var_seti: (m, name, value) => setVar(m, name, value),
    var_sets: (m, name, value) => setVar(m, name, value),
    var_get: (m, name) => pv(m).get(m.msg, `$var(${name})`) ?? 0,

    avp_seti: (m, name, value) => avpAdd(m.msg, name, value),
    avp_sets: (m, name, value) => avpAdd(m.msg, name, value),
    avp_get: (m, name) => avpGet(m.msg, name, null),
    avp_gete: (m, name) => avpGet(m.msg, name, ""),
    avp_getw: (m, name) => avpGet(m.msg, name, "<null>"),
    avp_rm: (m, name) => {
      avpRemoveNewest(m.msg, name);
      return 1;
    },
    // Kamailio 5.6.3's ki_avp_is_null removes the newest value, then looks for the AVP with a search
    // state that finds nothing: it answers 1 whatever the AVP holds.
    avp_is_null: (m, name) => {
      avpRemoveNewest(m.msg, name);
      return 1;
    },

    xavp_child_seti: (m, name, field, value) => childSet(m.msg, name, field, value),
    xavp_child_sets: (m, name, field, value) => childSet(m.msg, name, field, value),
    xavp_child_get: (m, name, field) => childGet(m.msg, name, field, null),
    xavp_child_gete: (m, name, field) => childGet(m.msg, name, field, ""),
    xavp_child_getw: (m, name, field) => childGet(m.msg, name, field, "<null>"),
    xavp_child_is_null: (m, name, field) => (childGet(m.msg, name, field, null) === null ? 1 : -1),
    xavp_child_rm: (m, name, field) => {
      newestItem(m.msg, name)?.get(field)?.shift();
      const item = newestItem(m.msg, name);
      if (item?.get(field)?.length === 0) item.delete(field);
      return 1;
    },
    xavp_rm: (m, name) => {
      m.msg.xavps?.get(name)?.shift();
      return 1;
    },
    xavp_is_null: (m, name) => (newestItem(m.msg, name) === undefined ? 1 : -1),

    evalx: (m, dst, format) => {
      const api = pv(m);
      const value = api.format(m.msg, format);
      if (value === null) {
        m.log.write(LogLevel.ERROR, "pv [pv.c:2594]: ki_pv_evalx(): ", "cannot eval reparsed value of second parameter\n");
        return -1;
      }
      if (!api.set(m.msg, dst, value)) {
        m.log.write(LogLevel.ERROR, "pv [pv.c:2600]: ki_pv_evalx(): ", "setting PV failed\n");
        return -1;
      }
      return 1;
    },
  },
});
