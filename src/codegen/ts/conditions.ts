import { type Condition, type Expression, type IpNet, routeKind } from "../../ast/index.js";
import type { EmitContext } from "./context.js";
import { STANDARD_METHODS } from "./methods.js";
import { emitExpression } from "./expressions.js";
import { asInt, asStr } from "./typed.js";


const MYSELF_CHECK: Partial<Record<Condition["field"], string>> = {
  uri: "KSR.is_myself_ruri()",
  from_uri: "KSR.is_myself_furi()",
  to_uri: "KSR.is_myself_turi()",
  src_ip: "KSR.is_myself_srcip()",
};

/** Where each legacy field's value comes from (reply routes read `status` from `$rs`). */
const FIELD_PV: Partial<Record<Condition["field"], string>> = {
  method: "$rm",
  uri: "$ru",
  status: "$rs",
  from_uri: "$fu",
  to_uri: "$tu",
  src_ip: "$si",
  dst_ip: "$Ri",
  src_port: "$sp",
  dst_port: "$Rp",
  "msg:len": "$ml",
  proto: "$pr",
};

/**
 * A legacy condition element (`method == "INVITE"`, `uri == myself`, `src_ip == 10.0.0.0/8`), as
 * a JS boolean. `method ==` and `uri ==` compare case-insensitively, unlike `$rm ==`.
 */
export function emitCondition(cond: Condition, ctx: EmitContext): string {
  const c = { ...cond, field: effectiveField(cond.field, ctx) };
  const negate = c.operator === "!=";
  const not = (code: string) => (negate ? `!${code}` : code);
  const { use } = ctx;

  if (c.value.type === "Myself") {
    const check = MYSELF_CHECK[c.field];
    if (check) return not(check);
    const pv = FIELD_PV[c.field];
    if (pv) return not(`KSR.is_myself(${use("toStr")}(${ctx.pvs.get(pv)}))`);
    ctx.report("UnsupportedCondition", c, `'${c.field} == myself' has no KEMI equivalent`);
    return "false";
  }

  if (c.field === "method" && (c.operator === "==" || c.operator === "!=")) {
    const name = literalText(c.value);
    if (name !== undefined && !name.includes("|")) {
      const upper = name.toUpperCase();
      return not(STANDARD_METHODS.has(upper) ? `KSR.is_${upper}()` : `KSR.is_method(${JSON.stringify(name)})`);
    }
  }

  if (c.field === "proto" && c.value.type === "ProtoLiteral" && (c.operator === "==" || c.operator === "!=")) {
    const p = c.value.raw.toUpperCase();
    return not(p === "*" ? "true" : `KSR.is_${p}()`);
  }

  if (c.field === "af" && c.value.type !== "ProtoLiteral") {
    // `af == INET` compares the socket family's number (2, or 10 for IPv6): no PV holds that.
    const op = c.operator === "==" ? "===" : "!==";
    return `(KSR.is_IPv6() ? 10 : 2) ${op} ${asInt(emitExpression(c.value as Expression, ctx), use)}`;
  }

  if (c.value.type === "IpNet") return not(`${use("ipMatches")}(${ipSource(c, ctx)}, ${JSON.stringify(netText(c.value))})`);

  const pv = FIELD_PV[c.field];
  if (!pv) {
    ctx.report("UnsupportedCondition", c, `'${c.field}' conditions are only meaningful in onsend_route, which kemits does not translate yet`);
    return "false";
  }
  const left = ctx.pvs.get(pv);
  const right = c.value.type === "ProtoLiteral" ? undefined : emitExpression(c.value as Expression, ctx);
  if (c.operator === "=~") return `${use("matches")}(${use("toStr")}(${left}), ${asStr(right!, use)})`;
  if (c.field === "src_ip" || c.field === "dst_ip") return not(`${use("ipMatches")}(${left}, ${asStr(right!, use)})`);
  if (c.field === "method" || c.field === "uri" || c.field === "from_uri" || c.field === "to_uri") {
    return not(`${use("equalsIgnoreCase")}(${left}, ${asStr(right!, use)})`);
  }
  // Ports, address family, message length, status: integer comparisons.
  const op = c.operator === "==" ? "===" : c.operator === "!=" ? "!==" : c.operator;
  return `${use("toInt")}(${left}) ${op} ${asInt(right!, use)}`;
}

/**
 * `uri` and `status` are one token to Kamailio: in reply routes both mean the status code, in
 * every other route both mean the Request-URI.
 */
function effectiveField(field: Condition["field"], ctx: EmitContext): Condition["field"] {
  if (field !== "uri" && field !== "status") return field;
  const kind = ctx.route ? routeKind(ctx.route) : "request";
  return kind === "reply" || kind === "onreply" ? "status" : "uri";
}

function ipSource(c: Condition, ctx: EmitContext): string {
  const pv = FIELD_PV[c.field];
  if (!pv) ctx.report("UnsupportedCondition", c, `'${c.field}' cannot be matched against a network`);
  return ctx.pvs.get(pv ?? "$si");
}

function netText(n: IpNet): string {
  if (!n.mask) return n.address.value;
  const mask = n.mask.type === "NumberLiteral" ? String(n.mask.value) : n.mask.value;
  return `${n.address.value}/${mask}`;
}

function literalText(v: Condition["value"]): string | undefined {
  if (v.type === "StringLiteral") return v.value;
  if (v.type === "Identifier") return v.name;
  return undefined;
}
