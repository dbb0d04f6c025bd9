import type { CoreAction, CoreArg, Expression } from "../../ast/index.js";
import type { EmitContext } from "./context.js";
import { emitExpression } from "./expressions.js";
import { type Typed, asInt, asStr } from "./typed.js";

/** Native log levels (dprint.h) to the level names `KSR.log` takes. */
function logLevelName(level: number): string {
  if (level <= -2) return "crit";
  if (level === -1) return "err";
  if (level === 0) return "warn";
  if (level === 1) return "notice";
  if (level === 2) return "info";
  return "dbg";
}

const call = (code: string, ret: "int" | "bool"): Typed =>
  ret === "bool"
    ? { type: "call", code: `boolCode(${code})`, cond: code, stmt: code }
    : { type: "call", code, cond: `${code} > 0`, stmt: code };

/**
 * A core action (grammar keyword with literal arguments, cfg-language §5.8) as KEMI. Its value is
 * the action's native code; core actions never change `$rc`.
 */
export function emitCoreAction(e: CoreAction, ctx: EmitContext): Typed {
  const args = e.args ?? [];
  const lit = (i: number) => literalString(args[i], ctx);
  const boolCall = (code: string) => {
    ctx.use("boolCode");
    return call(code, "bool");
  };
  switch (e.action) {
    case "FORWARD":
    case "FORWARD_UDP":
    case "FORWARD_TCP":
    case "FORWARD_TLS":
    case "FORWARD_SCTP":
      return emitForward(e, ctx);
    case "LOG": {
      const level = args.length === 2 ? (args[0] as Expression & { type: "NumberLiteral" }).value : 4;
      return call(`KSR.log(${JSON.stringify(logLevelName(level))}, ${lit(args.length - 1)})`, "int");
    }
    case "SETFLAG":
    case "RESETFLAG":
    case "ISFLAGSET": {
      const fn = { SETFLAG: "setflag", RESETFLAG: "resetflag", ISFLAGSET: "isflagset" }[e.action];
      return boolCall(`KSR.${fn}(${flagCode(args[0], ctx)})`);
    }
    case "SET_HOST":
      return boolCall(`KSR.sethost(${lit(0)})`);
    case "SET_USER":
      return boolCall(`KSR.setuser(${lit(0)})`);
    case "SET_URI":
      return boolCall(`KSR.seturi(${lit(0)})`);
    case "SET_PORT":
      return call(`${ctx.use("setPort")}(${lit(0)})`, "int");
    case "SET_HOSTPORT":
      return call(`${ctx.use("setHostPort")}(${lit(0)})`, "int");
    case "PREFIX":
      return call(`${ctx.use("prefixUser")}(${lit(0)})`, "int");
    case "STRIP":
      return call(`${ctx.use("stripUser")}(${numberArg(args[0], ctx)})`, "int");
    case "STRIP_TAIL":
      return call(`${ctx.use("stripUserTail")}(${numberArg(args[0], ctx)})`, "int");
    case "REVERT_URI":
      return call(`${ctx.use("revertUri")}()`, "int");
    case "SET_USERPHONE":
      return call(`KSR.siputils.add_uri_param("user=phone")`, "int");
    case "FORCE_RPORT":
      return boolCall("KSR.force_rport()");
    case "ADD_LOCAL_RPORT":
      return boolCall("KSR.add_local_rport()");
    case "FORCE_TCP_ALIAS":
      return args.length === 0 ? call("KSR.add_tcp_alias_via()", "int") : call(`KSR.add_tcp_alias(${numberArg(args[0], ctx)})`, "int");
    case "SET_ADV_ADDRESS":
      return call(`KSR.set_advertised_address(${lit(0)})`, "int");
    case "SET_ADV_PORT":
      return call(`KSR.set_advertised_port(${JSON.stringify(String(numberArg(args[0], ctx)))})`, "int");
    case "FORCE_SEND_SOCKET":
      return call(`KSR.corex.set_send_socket(${JSON.stringify(socketText(args[0]))})`, "int");
    case "SET_FWD_NO_CONNECT":
      return boolCall("KSR.set_forward_no_connect()");
    case "SET_RPL_NO_CONNECT":
      return boolCall("KSR.set_reply_no_connect()");
    case "SET_FWD_CLOSE":
      return boolCall("KSR.set_forward_close()");
    case "SET_RPL_CLOSE":
      return boolCall("KSR.set_reply_close()");
    case "ERROR":
      ctx.report("IgnoredAction", e, "error() does nothing in Kamailio (it only logs 'not implemented'); kept as a comment");
      return { type: "int", code: "1" };
    default:
      ctx.report("UnsupportedAction", e, `${e.keyword}() has no KEMI equivalent; kemits cannot translate it yet`);
      return { type: "int", code: "-1" };
  }
}

function emitForward(e: CoreAction, ctx: EmitContext): Typed {
  const args = e.args ?? [];
  const proto = e.action === "FORWARD" ? "" : e.action.slice("FORWARD_".length).toLowerCase();
  if (args.length === 0) {
    return proto === ""
      ? { type: "call", code: "KSR.forward()", cond: "KSR.forward() > 0", stmt: "KSR.forward()" }
      : unsupported(e, ctx, `${e.keyword}() without a destination`);
  }
  const first = args[0]!;
  if (first.type === "UriField") return unsupported(e, ctx, `${e.keyword}(uri:host, …)`);
  const host = first.type === "Socket" ? socketText(first) : literalValue(first);
  if (host === undefined) return unsupported(e, ctx, `${e.keyword} with a computed destination`);
  const port = args[1] && args[1].type === "NumberLiteral" ? `:${args[1].value}` : "";
  const uri = `sip:${host}${port}${proto ? `;transport=${proto}` : ""}`;
  const code = `KSR.forward_uri(${JSON.stringify(uri)})`;
  return { type: "call", code, cond: `${code} > 0`, stmt: code };
}

function unsupported(e: CoreAction, ctx: EmitContext, what: string): Typed {
  ctx.report("UnsupportedAction", e, `${what} has no KEMI equivalent; kemits cannot translate it yet`);
  return { type: "int", code: "-1" };
}

/** Flags are numbers or names declared with `flags NAME[:bit], …`. */
function flagCode(arg: CoreArg | undefined, ctx: EmitContext): string {
  if (!arg) return "0";
  if (arg.type === "NumberLiteral") return emitExpression(arg, ctx).code;
  const name = arg.type === "Identifier" ? arg.name : arg.type === "StringLiteral" ? arg.value : undefined;
  const bit = name === undefined ? undefined : ctx.analysis.flagBits.get(name);
  if (bit === undefined) {
    ctx.report("UnknownFlag", arg, `flag '${name ?? "?"}' is not declared (declare it with 'flags ${name ?? "NAME"};' or use a number)`);
    return "0";
  }
  return String(bit);
}

function literalString(arg: CoreArg | undefined, ctx: EmitContext): string {
  if (!arg) return '""';
  if (arg.type === "StringLiteral" || arg.type === "NumberLiteral") return asStr(emitExpression(arg, ctx), ctx.use);
  if (arg.type === "Socket") return JSON.stringify(socketText(arg));
  return JSON.stringify(literalValue(arg) ?? "");
}

function numberArg(arg: CoreArg | undefined, ctx: EmitContext): string {
  if (arg && (arg.type === "NumberLiteral" || arg.type === "StringLiteral")) return asInt(emitExpression(arg, ctx), ctx.use);
  return "0";
}

function literalValue(arg: CoreArg): string | undefined {
  if (arg.type === "StringLiteral") return arg.value;
  if (arg.type === "NumberLiteral") return String(arg.value);
  if (arg.type === "Identifier") return arg.name;
  return undefined;
}

function socketText(arg: CoreArg | undefined): string {
  if (arg?.type !== "Socket") return "";
  const proto = arg.proto ? `${arg.proto.raw.toLowerCase()}:` : "";
  const host = arg.hosts.map((h) => (h.kind === "ipv6" ? `[${h.value}]` : h.value)).join(",");
  const port = arg.port ? `:${arg.port.type === "NumberLiteral" ? arg.port.value : arg.port.raw}` : "";
  return `${proto}${host}${port}`;
}
