import type { Comment, Expression, Host, ListenParam, ParamValue, Program, Socket } from "../../ast/index.js";
import { moduleName } from "../../ast/index.js";
import type { PvUses } from "../../semantics/config.js";
import type { EmitContext } from "./context.js";
import { commentText } from "./statements.js";
import { constantFor } from "./constants.js";
import { numberCode, stringCode } from "./expressions.js";

/**
 * The `config` export: the cfg's global section as data (KemitsConfig). Values written with
 * defines keep the define's name; `#!defenv` values are read from the environment at load time.
 */
export function emitConfig(program: Program, ctx: EmitContext, routes: string, uses: readonly string[], pvs: PvUses): string {
  const core: string[] = [];
  const listen: string[] = [];
  const alias: string[] = [];
  const modules: string[] = [];
  const modparams: string[] = [];
  const cfgVars: string[] = [];
  let engine = '"native"';
  const first = program.body[0];
  for (const item of program.body) {
    // The first item's comments head the module; the others stay beside their entries.
    const comments = item === first ? "" : leadingComments(item.leadingComments);
    const before = (list: string[]) => {
      if (comments) list.push(comments);
    };
    switch (item.type) {
      case "GlobalParam":
        before(core);
        core.push(`${JSON.stringify(item.name)}: ${paramValue(item.value, ctx)}`);
        break;
      case "ListenParam":
        before(item.name === "listen" ? listen : alias);
        (item.name === "listen" ? listen : alias).push(...sockets(item, ctx));
        break;
      case "LoadModule":
        before(modules);
        modules.push(JSON.stringify(moduleName(item.path.value)));
        break;
      case "ModParam":
        before(modparams);
        modparams.push(
          `{ module: ${JSON.stringify(item.module.value)}, name: ${JSON.stringify(item.param.value)}, value: ${valueCode(item.value, ctx)} }`,
        );
        break;
      case "CfgVar":
        cfgVars.push(
          `{ group: ${JSON.stringify(item.group)}, name: ${JSON.stringify(item.name)}, value: ${valueCode(item.value, ctx)}${
            item.description ? `, description: ${JSON.stringify(item.description.value)}` : ""
          } }`,
        );
        break;
      case "CfgEngine":
        engine = JSON.stringify(item.engine.value);
        break;
      default:
        break;
    }
  }
  const list = (items: string[]) => `[${joinEntries(items)}]`;
  const source = program.map.segments[0]?.file.path ?? "";
  return `export const config: KemitsConfig = {
    source: ${JSON.stringify(source.slice(source.lastIndexOf("/") + 1))},
    engine: ${engine},
    core: { ${joinEntries(core)} },
    listen: ${list(listen)},
    alias: ${list(alias)},
    modules: ${list(modules)},
    modparams: ${list(modparams)},
    cfgVars: ${list(cfgVars)},
    routes: ${routes},
    uses: ${list(uses.map((u) => JSON.stringify(u)))},
    pvs: { ${(["read", "write", "transforms"] as const).map((k) => `${k}: ${list(pvs[k].map((n) => JSON.stringify(n)))}`).join(", ")} },
  };`;
}

/** Entries joined with commas; comment lines (starting with `//` or `/*`) get none after them. */
function joinEntries(items: readonly string[]): string {
  return items.map((e) => (e.startsWith("//") || e.startsWith("/*") ? `\n${e}\n` : `${e},`)).join(" ");
}

function leadingComments(comments: readonly Comment[] | undefined): string {
  return (comments ?? []).map(commentText).join("\n");
}

function paramValue(v: ParamValue, ctx: EmitContext): string {
  switch (v.type) {
    case "NumberLiteral":
    case "StringLiteral":
      return valueCode(v, ctx);
    case "Identifier":
      return JSON.stringify(v.name);
    case "Host":
      return hostCode(v, ctx);
    case "ProtoLiteral":
      return JSON.stringify(v.raw);
  }
}

function valueCode(v: Expression, ctx: EmitContext): string {
  if (v.type === "NumberLiteral") return numberCode(v, ctx);
  if (v.type === "StringLiteral") return stringCode(v, ctx);
  if (v.type === "UnaryExpression" && v.operator === "-" && v.argument.type === "NumberLiteral") return `-${v.argument.value}`;
  ctx.report("NotAValue", v, "a modparam value must be a number or a string");
  return '""';
}

function hostCode(h: Host, ctx: EmitContext): string {
  if (h.origin) return constantFor(h.origin, JSON.stringify(h.value), "str", ctx);
  return JSON.stringify(h.value);
}

function sockets(item: ListenParam, ctx: EmitContext): string[] {
  const out: string[] = [];
  for (const s of item.sockets) {
    for (const h of s.hosts) {
      const fields = [`host: ${hostCode(h, ctx)}`];
      if (item.name === "listen") fields.unshift(`proto: ${JSON.stringify(protoOf(s))}`);
      else if (s.proto) fields.unshift(`proto: ${JSON.stringify(s.proto.raw.toLowerCase())}`);
      if (s.port?.type === "NumberLiteral") fields.push(`port: ${numberCode(s.port, ctx)}`);
      if (item.name === "listen" && item.advertise) {
        const a = item.advertise;
        const ah = a.hosts[0];
        if (ah) {
          const port = a.port?.type === "NumberLiteral" ? `, port: ${numberCode(a.port, ctx)}` : "";
          fields.push(`advertise: { host: ${hostCode(ah, ctx)}${port} }`);
        }
      }
      if (item.name === "listen" && item.socketName) fields.push(`name: ${JSON.stringify(item.socketName.value)}`);
      out.push(`{ ${fields.join(", ")} }`);
    }
  }
  return out;
}

function protoOf(s: Socket): string {
  const p = s.proto?.raw.toLowerCase();
  return !p || p === "*" ? "any" : p;
}
