import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import { moduleName } from "../ast/module-name.js";
import { BINARY_PRECEDENCE } from "../ast/precedence.js";
import { KEYWORD_TOKENS } from "../lexicon/keywords.js";
import { PARAM_VALUE_KINDS, type ParamValueKind } from "../lexicon/generated/params.js";
import type { SourceMap } from "../preprocess/source-map.js";
// Not from pv/index.js: that would also load the transformation evaluator (and node:crypto), which
// parsing never needs, on every `kemits parse`.
import { parseFormat } from "../pv/format.js";
import { lookupPvClass, validatePvSpec } from "../pv/pv-classes.js";
import { parsePvSpec } from "../pv/spec-parser.js";
import { lookupTransform } from "../pv/transform-table.js";
import type { PvSpec, Transform } from "../pv/types.js";
import type { ParseCode } from "./codes.js";
import { CORE_ACTION_SIGNATURES, type CoreArgKind } from "./core-actions.js";
import { NUMBER_WORDS, decodeDoubleString, decodeNumber, decodeSingleString } from "./literals.js";
import * as T from "./tokens.js";

type Children = Record<string, (CstNode | IToken)[] | undefined>;

export type Report = (code: ParseCode, start: number, end: number, message: string) => void;

const BINARY_BY_IMAGE: Record<string, A.BinaryOperator> = {
  and: "&&",
  or: "||",
};

/**
 * Turns the CST into AST nodes. A CST node that error recovery produced (or one missing a piece)
 * becomes an `Invalid` node covering its tokens; literal values and core-action argument forms
 * are checked here because they need the token text.
 */
export class AstBuilder {
  constructor(
    private readonly text: string,
    private readonly map: SourceMap,
    private readonly report: Report,
    /** `#!KAMAILIO` mode: Kamailio then refuses every unknown pseudo-variable class at parse time. */
    private readonly strictPv = false,
  ) {}

  /** Modules the `loadmodule` lines built so far load: a PV class is known only once its module is. */
  private readonly loadedModules = new Set<string>();

  // -- top level --------------------------------------------------------------------------------

  /** One `topLevel` CST node (the parser hands them over one by one: `CfgParser.parseProgram`). */
  topLevel(cst: CstNode): A.TopLevel {
    const c = cst.children as Children;
    const semi = tok(c, "Semicolon");
    if (semi) return { type: "EmptyStatement", span: spanOf(semi) };
    const [key, child] = firstChild(c);
    if (!child || cst.recoveredNode || isRecovered(child)) return this.invalid(cst);
    const n = child as CstNode;
    switch (key) {
      case "routeBlock":
        return this.routeBlock(n);
      case "eventRouteBlock":
        return this.eventRouteBlock(n);
      case "listenParam":
        return this.listenParam(n);
      case "globalParam":
        return this.globalParam(n);
      case "cfgVar":
        return this.cfgVar(n);
      case "flagsDecl":
        return this.flagsDecl(n);
      case "loadModule": {
        const kw = tok(n.children, "LoadModule")!;
        const path = this.string(node(n.children, "stringLiteral")!);
        this.loadedModules.add(moduleName(path.value));
        return { type: "LoadModule", span: this.spanOfCst(n), keyword: kw.image as "loadmodule", path };
      }
      case "loadPath": {
        const kw = tok(n.children, "LoadPath")!;
        return {
          type: "LoadPath",
          span: this.spanOfCst(n),
          keyword: kw.image as "loadpath",
          equals: tok(n.children, "Assign") !== undefined,
          path: this.string(node(n.children, "stringLiteral")!),
        };
      }
      case "modParam":
        return this.modParam(n);
      case "cfgEngine":
        return {
          type: "CfgEngine",
          span: this.spanOfCst(n),
          equals: tok(n.children, "Assign") !== undefined,
          engine: this.string(node(n.children, "stringLiteral")!),
        };
      case "substDirective": {
        const kw = tok(n.children, "SubstKeyword")!;
        return { type: "SubstDirective", span: this.spanOfCst(n), directive: kw.image, rule: this.string(node(n.children, "stringLiteral")!) };
      }
    }
    return this.invalid(cst);
  }

  private globalParam(cst: CstNode): A.GlobalParam | A.Invalid {
    const c = cst.children as Children;
    const nameTok = tok(c, "name");
    const valueCst = node(c, "paramValue");
    if (!nameTok || !valueCst) return this.invalid(cst);
    const kemi = tok(c, "Kemi");
    const name = kemi ? `kemi.${nameTok.image}` : nameTok.image;
    const kamailioToken = KEYWORD_TOKENS.get(nameTok.image) ?? "";
    const kinds = PARAM_VALUE_KINDS.get(kemi ? `KEMI.${kamailioToken}` : kamailioToken);
    const value = this.paramValue(valueCst);
    if (!kinds) this.report("UnknownParameter", nameTok.startOffset, tokEnd(nameTok), `\`${name}\` is not a core parameter`);
    else if (!kinds.some((k) => acceptsParamValue(k, value))) {
      this.report("BadParameterValue", value.span.start, value.span.end, `\`${name}\` takes ${describeKinds(kinds)}`);
    }
    return { type: "GlobalParam", span: this.spanOfCst(cst), name, value };
  }

  private paramValue(cst: CstNode): A.ParamValue {
    const c = cst.children as Children;
    const num = tok(c, "NumberLiteral");
    if (num) return this.number(num, tok(c, "Minus"));
    const word = tok(c, "NumberWord");
    if (word) return this.number(word);
    const str = node(c, "stringLiteral");
    if (str) return this.string(str);
    const proto = tok(c, "Proto");
    if (proto) return { type: "ProtoLiteral", span: spanOf(proto), raw: proto.image };
    const reserved = tok(c, "ReservedWord");
    if (reserved) return this.identifier(reserved);
    return this.host(node(c, "host")!);
  }

  private listenParam(cst: CstNode): A.ListenParam | A.Invalid {
    const c = cst.children as Children;
    const kw = tok(c, "keyword");
    if (!kw) return this.invalid(cst);
    const adv = node(c, "advertise");
    const name = node(c, "socketName");
    const out: A.ListenParam = {
      type: "ListenParam",
      span: this.spanOfCst(cst),
      name: kw.image as "listen",
      sockets: nodes(c, "socket").map((s) => this.socket(s)),
      virtual: tok(c, "Virtual") !== undefined,
    };
    if (adv) out.advertise = this.socket(adv);
    if (name) out.socketName = this.string(name);
    if (kw.image === "alias" && (adv || name || out.virtual)) {
      this.report("SyntaxError", out.span.start, out.span.end, "`alias` takes only hosts, without advertise, name or virtual");
    }
    return out;
  }

  private socket(cst: CstNode): A.Socket {
    const c = cst.children as Children;
    const proto = tok(c, "proto");
    const port = tok(c, "port");
    const quoted = node(c, "quotedHost");
    const hosts = nodes(c, "host").map((h) => this.host(h));
    if (quoted) {
      const s = this.string(quoted);
      hosts.push(this.hostNode(s.span.start, s.span.end, "string", s.value, false));
    }
    const out: A.Socket = { type: "Socket", span: this.spanOfCst(cst), hosts, list: tok(c, "list") !== undefined };
    if (proto) out.proto = { type: "ProtoLiteral", span: spanOf(proto), raw: proto.image };
    if (port) out.port = port.tokenType === T.Star ? { type: "ProtoLiteral", span: spanOf(port), raw: "*" } : this.number(port);
    return out;
  }

  private host(cst: CstNode): A.Host {
    const c = cst.children as Children;
    const v4 = tok(c, "Ipv4");
    if (v4) return this.hostNode(v4.startOffset, tokEnd(v4), "ipv4", v4.image, false);
    const v6 = tok(c, "Ipv6");
    if (v6) {
      const brackets = tok(c, "LBracket") !== undefined;
      return this.hostNode(this.spanOfCst(cst).start, this.spanOfCst(cst).end, "ipv6", v6.image, brackets);
    }
    const name = node(c, "hostName");
    const span = this.spanOfCst(cst);
    return this.hostNode(span.start, span.end, "name", name ? this.hostNameText(name) : "", false);
  }

  private hostNode(start: number, end: number, kind: A.Host["kind"], value: string, brackets: boolean): A.Host {
    const out: A.Host = { type: "Host", span: { start, end }, kind, value, brackets };
    const origin = this.map.origin(start, end);
    if (origin) out.origin = origin;
    return out;
  }

  private hostNameText(cst: CstNode): string {
    const toks = tokensOf(cst);
    return toks.map((t) => t.image).join("");
  }

  private cfgVar(cst: CstNode): A.CfgVar | A.Invalid {
    const c = cst.children as Children;
    // Error recovery can leave the group or name rule without a token.
    const groupCst = node(c, "group");
    const nameCst = node(c, "name");
    const group = groupCst && tokensOf(groupCst)[0];
    const name = nameCst && tokensOf(nameCst)[0];
    const numTok = tok(c, "number");
    const strCst = node(c, "string");
    if (!group || !name || (!numTok && !strCst)) return this.invalid(cst);
    const out: A.CfgVar = {
      type: "CfgVar",
      span: this.spanOfCst(cst),
      group: group.image,
      name: name.image,
      value: numTok ? this.number(numTok) : this.string(strCst!),
    };
    const inst = tok(c, "instance");
    if (inst) out.instance = decodeNumber(inst.image);
    const desc = node(c, "description");
    if (desc) out.description = this.string(desc);
    return out;
  }

  private flagsDecl(cst: CstNode): A.FlagsDecl | A.Invalid {
    const c = cst.children as Children;
    const kw = tok(c, "keyword");
    if (!kw) return this.invalid(cst);
    const flags: A.FlagSpec[] = [];
    for (const f of nodes(c, "flagSpec")) {
      const fc = f.children as Children;
      const id = tok(fc, "name");
      const quoted = node(fc, "quoted");
      const bit = tok(fc, "bit");
      const spec: A.FlagSpec = {
        type: "FlagSpec",
        span: this.spanOfCst(f),
        name: id ? id.image : quoted ? this.string(quoted).value : "",
        quoted: quoted !== undefined,
      };
      if (bit) spec.bit = decodeNumber(bit.image);
      flags.push(spec);
    }
    return { type: "FlagsDecl", span: this.spanOfCst(cst), keyword: kw.image as "flags", flags };
  }

  private modParam(cst: CstNode): A.ModParam | A.Invalid {
    const c = cst.children as Children;
    const mod = node(c, "module");
    const param = node(c, "param");
    if (!mod || !param || cst.recoveredNode) return this.invalid(cst);
    const strValue = node(c, "value");
    const num = tok(c, "number");
    const pv = tok(c, "PseudoVariable");
    let value: A.Expression;
    if (strValue) value = this.string(strValue);
    else if (num) value = this.number(num, tok(c, "Minus"));
    else if (pv) value = this.pv(pv);
    else return this.invalid(cst);
    const kw = tok(c, "ModParam")!;
    if (pv && kw.image !== "modparamx") {
      this.report("SyntaxError", pv.startOffset, tokEnd(pv), "`modparam` takes a string or a number; use `modparamx` to read a pseudo-variable");
    }
    return {
      type: "ModParam",
      span: this.spanOfCst(cst),
      keyword: kw.image as "modparam",
      module: this.string(mod),
      param: this.string(param),
      value,
    };
  }

  // -- routes -----------------------------------------------------------------------------------

  private routeBlock(cst: CstNode): A.RouteBlock | A.Invalid {
    const c = cst.children as Children;
    const kw = tok(c, "keyword");
    const body = node(c, "block");
    if (!kw || !body) return this.invalid(cst);
    const out: A.RouteBlock = { type: "RouteBlock", span: this.spanOfCst(cst), keyword: kw.image as A.RouteKeyword, body: this.block(body) };
    const nameTok = tok(c, "name");
    const strName = node(c, "stringName");
    if (nameTok) {
      const isNumber = nameTok.tokenType === T.NumberLiteral || nameTok.tokenType === T.NumberWord;
      out.name = {
        type: "RouteName",
        span: spanOf(nameTok),
        value: isNumber ? String(this.number(nameTok).value) : nameTok.image,
        form: isNumber ? "number" : "id",
        raw: nameTok.image,
      };
    } else if (strName) {
      const s = this.string(strName);
      out.name = { type: "RouteName", span: s.span, value: s.value, form: "string", raw: s.raw };
    }
    return out;
  }

  private eventRouteBlock(cst: CstNode): A.RouteBlock | A.Invalid {
    const c = cst.children as Children;
    const body = node(c, "block");
    const nameTok = tok(c, "name");
    const strName = node(c, "stringName");
    if (!body || (!nameTok && !strName)) return this.invalid(cst);
    let name: A.RouteName;
    if (nameTok) name = { type: "RouteName", span: spanOf(nameTok), value: nameTok.image, form: "event", raw: nameTok.image };
    else {
      // Kamailio drops the quotes (and echoes them to stdout): the name is the same as unquoted.
      const s = this.string(strName!);
      name = { type: "RouteName", span: s.span, value: s.value, form: "event", raw: s.raw };
    }
    return { type: "RouteBlock", span: this.spanOfCst(cst), keyword: "event_route", name, body: this.block(body) };
  }

  // -- statements -------------------------------------------------------------------------------

  private block(cst: CstNode): A.Block {
    const c = cst.children as Children;
    const body = nodes(c, "statement").map((s) => this.statement(s));
    const span = this.spanOfCst(cst);
    if (body.length === 0 && tok(c, "RBrace")) {
      this.report("EmptyBlock", span.start, span.end, "a block needs at least one action; write `;` for an empty one");
    }
    return { type: "Block", span, body };
  }

  private body(cst: CstNode): A.Statement {
    const c = cst.children as Children;
    const b = node(c, "block");
    if (b) return b.recoveredNode ? this.invalid(b) : this.block(b);
    const s = node(c, "statement");
    return s ? this.statement(s) : this.invalid(cst);
  }

  private statement(cst: CstNode): A.Statement {
    const c = cst.children as Children;
    const empty = tok(c, "empty");
    if (empty) return { type: "EmptyStatement", span: spanOf(empty) };
    const [key, child] = firstChild(c);
    if (!child || cst.recoveredNode || isRecovered(child)) return this.invalid(cst);
    const n = child as CstNode;
    const nc = n.children as Children;
    const span = this.spanOfCst(n);
    switch (key) {
      case "ifStatement": {
        const test = node(nc, "test");
        const cons = node(nc, "consequent");
        if (!test || !cons) return this.invalid(n);
        const out: A.IfStatement = { type: "IfStatement", span, test: this.expression(test), consequent: this.body(cons) };
        const alt = node(nc, "alternate");
        if (alt) out.alternate = this.body(alt);
        return out;
      }
      case "switchStatement": {
        const disc = node(nc, "discriminant");
        if (!disc) return this.invalid(n);
        return { type: "SwitchStatement", span, discriminant: this.expression(disc), cases: nodes(nc, "switchCase").map((sc) => this.switchCase(sc)) };
      }
      case "whileStatement": {
        const test = node(nc, "test");
        const body = node(nc, "body");
        if (!test || !body) return this.invalid(n);
        return { type: "WhileStatement", span, test: this.expression(test), body: this.body(body) };
      }
      case "returnStatement": {
        const kw = tok(nc, "keyword")!;
        const out: A.ReturnStatement = { type: "ReturnStatement", span, keyword: kw.image as "return", emptyParens: tok(nc, "emptyParens") !== undefined };
        const arg = node(nc, "argument");
        if (arg) out.argument = this.expression(arg);
        return out;
      }
      case "breakStatement":
        return { type: "BreakStatement", span };
      case "assignStatement": {
        const target = tok(nc, "target");
        const value = node(nc, "value");
        if (!target || !value) return this.invalid(n);
        return { type: "AssignStatement", span, target: this.assignTarget(target), value: this.expression(value) };
      }
      case "callStatement": {
        const [, call] = firstChild(nc);
        if (!call) return this.invalid(n);
        return { type: "ExpressionStatement", span, expression: this.call(call as CstNode) };
      }
    }
    return this.invalid(cst);
  }

  private switchCase(cst: CstNode): A.SwitchCase {
    const c = cst.children as Children;
    const test = node(c, "test");
    const out: A.SwitchCase = {
      type: "SwitchCase",
      span: this.spanOfCst(cst),
      regex: tok(c, "regex") !== undefined,
      body: nodes(c, "statement").map((s) => this.statement(s)),
    };
    if (test) out.test = this.expression(test);
    return out;
  }

  private call(cst: CstNode): A.CallExpression | A.CoreAction | A.RouteCall {
    const c = cst.children as Children;
    const span = this.spanOfCst(cst);
    if (c.callee) {
      return { type: "CallExpression", span, callee: tok(c, "callee")!.image, args: nodes(c, "args").map((a) => this.expression(a)) };
    }
    if (c.Route) {
      const name = tok(c, "name");
      const target = node(c, "target");
      return { type: "RouteCall", span, target: name ? this.identifier(name) : target ? this.expression(target) : this.invalid(cst) };
    }
    return this.coreAction(cst);
  }

  private coreAction(cst: CstNode): A.CoreAction {
    const c = cst.children as Children;
    const kw = tok(c, "keyword")!;
    const action = KEYWORD_TOKENS.get(kw.image) ?? kw.image;
    const out: A.CoreAction = { type: "CoreAction", span: this.spanOfCst(cst), keyword: kw.image, action };
    if (tok(c, "parens")) out.args = nodes(c, "args").map((a) => this.coreArg(a));
    this.checkCoreAction(out);
    return out;
  }

  private coreArg(cst: CstNode): A.CoreArg {
    const c = cst.children as Children;
    const uri = tok(c, "uriField");
    if (uri) return { type: "UriField", span: spanOf(uri), field: uri.image as "uri:host" };
    const sock = node(c, "coreSocket");
    if (sock) return this.coreSocket(sock);
    const e = node(c, "expression");
    return e ? this.expression(e) : this.invalid(cst);
  }

  /** A lone word stays an Identifier (flag names, route names); anything else is a Socket. */
  private coreSocket(cst: CstNode): A.CoreArg {
    const c = cst.children as Children;
    const proto = tok(c, "proto");
    const sh = node(c, "socketHost");
    if (proto && !sh) return { type: "ProtoLiteral", span: spanOf(proto), raw: proto.image };
    const hc = (sh as CstNode).children as Children;
    const port = tok(hc, "port");
    const name = node(hc, "hostName");
    if (!proto && !port && name && tokensOf(name).length === 1 && tokensOf(name)[0]!.tokenType === T.Identifier) {
      return this.identifier(tokensOf(name)[0]!);
    }
    const hostSpan = this.spanOfCst(sh as CstNode);
    const v4 = tok(hc, "Ipv4");
    const v6 = tok(hc, "Ipv6");
    const hostEnd = port ? tok(hc, "Colon")!.startOffset : hostSpan.end;
    const host = v4
      ? this.hostNode(v4.startOffset, tokEnd(v4), "ipv4", v4.image, false)
      : v6
        ? this.hostNode(hostSpan.start, hostEnd, "ipv6", v6.image, tok(hc, "LBracket") !== undefined)
        : this.hostNode(hostSpan.start, hostEnd, "name", name ? this.hostNameText(name) : "", false);
    const out: A.Socket = { type: "Socket", span: this.spanOfCst(cst), hosts: [host], list: false };
    if (proto) out.proto = { type: "ProtoLiteral", span: spanOf(proto), raw: proto.image };
    if (port) out.port = port.tokenType === T.Star ? { type: "ProtoLiteral", span: spanOf(port), raw: "*" } : this.number(port);
    return out;
  }

  private checkCoreAction(a: A.CoreAction): void {
    const sig = CORE_ACTION_SIGNATURES[a.action];
    if (!sig) return;
    const args = a.args;
    if (args === undefined) {
      if (!sig.bare) this.report("BadCoreActionArguments", a.span.start, a.span.end, `\`${a.keyword}\` needs parentheses: ${sig.usage}`);
      return;
    }
    if (args.some((x) => x.type === "Invalid")) return;
    if (!sig.forms.some((form) => form.length === args.length && form.every((k, i) => acceptsCoreArg(k, args[i]!)))) {
      this.report("BadCoreActionArguments", a.span.start, a.span.end, `wrong arguments for \`${a.keyword}\`: ${sig.usage}`);
      return;
    }
    if (a.action === "LOG" && args.length === 2 && args[0]!.type === "UnaryExpression") {
      this.report("NegativeLogLevel", args[0]!.span.start, args[0]!.span.end, "the level of `log()` must be a non-negative number");
    }
  }

  // -- expressions ------------------------------------------------------------------------------

  expression(cst: CstNode): A.Expression {
    if (cst.recoveredNode) return this.invalid(cst);
    const c = cst.children as Children;
    const operands = nodes(c, "operands").map((u) => this.unary(u));
    const operators = (c.operators ?? []) as IToken[];
    if (operands.length === 0) return this.invalid(cst);
    if (operands.length !== operators.length + 1) return this.invalid(cst);
    return associate(operands, operators);
  }

  private unary(cst: CstNode): A.Expression {
    const c = cst.children as Children;
    const prim = node(c, "primary");
    if (!prim || cst.recoveredNode) return this.invalid(cst);
    let e = this.primary(prim);
    const prefixes = (c.prefix ?? []) as IToken[];
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const p = prefixes[i]!;
      const op = p.image === "not" ? "!" : (p.image as A.UnaryExpression["operator"]);
      e = { type: "UnaryExpression", span: { start: p.startOffset, end: e.span.end }, operator: op, argument: e };
    }
    return e;
  }

  private primary(cst: CstNode): A.Expression {
    const c = cst.children as Children;
    if (cst.recoveredNode) return this.invalid(cst);
    const t = tok(c, "NumberLiteral") ?? tok(c, "NumberWord");
    if (t) return this.number(t);
    const pv = tok(c, "PseudoVariable");
    if (pv) return this.pv(pv);
    const sel = tok(c, "Select");
    if (sel) return { type: "Select", span: spanOf(sel), text: sel.image };
    const [key, child] = firstChild(c);
    if (!child) return this.invalid(cst);
    const n = child as CstNode;
    switch (key) {
      case "stringLiteral":
        return this.string(n);
      case "LParen":
        return this.expression(node(c, "expression")!);
      case "builtinCall": {
        const nc = n.children as Children;
        return {
          type: "BuiltinCall",
          span: this.spanOfCst(n),
          name: tok(nc, "name")!.image as "strlen",
          args: nodes(nc, "args").map((a) => this.expression(a)),
        };
      }
      case "functionCall":
      case "routeCall":
      case "coreAction":
        return this.call(n);
      case "condition":
        return this.condition(n);
      case "actionsValue":
        return { type: "ActionsValue", span: this.spanOfCst(n), body: nodes(n.children as Children, "statement").map((st) => this.statement(st)) };
      case "assignValue": {
        const nc = n.children as Children;
        const target = tok(nc, "target");
        const value = node(nc, "value");
        if (!target || !value) return this.invalid(n);
        return { type: "AssignValue", span: this.spanOfCst(n), target: this.assignTarget(target), value: this.expression(value) };
      }
      case "reversedCondition": {
        const nc = n.children as Children;
        const field = tok(nc, "field")!;
        const my = tok(nc, "Myself")!;
        return {
          type: "Condition",
          span: this.spanOfCst(n),
          field: field.image as A.ConditionField,
          operator: binaryOperator(tok(nc, "operator")!),
          value: { type: "Myself", span: spanOf(my) },
          reversed: true,
        };
      }
    }
    return this.invalid(cst);
  }

  private condition(cst: CstNode): A.Expression {
    const c = cst.children as Children;
    const field = tok(c, "field");
    const op = tok(c, "operator");
    if (!field || !op || cst.recoveredNode) return this.invalid(cst);
    let value: A.Condition["value"];
    const my = tok(c, "Myself");
    const proto = tok(c, "proto");
    const net = node(c, "ipNet");
    const name = node(c, "conditionName");
    const operand = node(c, "conditionOperand");
    if (my) value = { type: "Myself", span: spanOf(my) };
    else if (proto) value = { type: "ProtoLiteral", span: spanOf(proto), raw: proto.image };
    else if (net) value = this.ipNet(net);
    else if (name) {
      const toks = tokensOf(name);
      const span = this.spanOfCst(name);
      value =
        toks.length === 1
          ? this.identifier(toks[0]!)
          : this.hostNode(span.start, span.end, "name", toks.map((t) => t.image).join(""), false);
    } else if (operand) value = this.expression(operand);
    else return this.invalid(cst);
    return {
      type: "Condition",
      span: this.spanOfCst(cst),
      field: field.image as A.ConditionField,
      operator: binaryOperator(op),
      value: value as A.Condition["value"],
      reversed: false,
    };
  }

  private ipNet(cst: CstNode): A.IpNet {
    const c = cst.children as Children;
    const addr = tok(c, "address")!;
    const out: A.IpNet = {
      type: "IpNet",
      span: this.spanOfCst(cst),
      address: this.hostNode(addr.startOffset, tokEnd(addr), addr.tokenType === T.Ipv4 ? "ipv4" : "ipv6", addr.image, false),
    };
    const bits = tok(c, "bits");
    const mask = tok(c, "mask");
    if (bits) out.mask = this.number(bits);
    else if (mask) out.mask = this.hostNode(mask.startOffset, tokEnd(mask), "ipv4", mask.image, false);
    return out;
  }

  // -- literals ---------------------------------------------------------------------------------

  number(t: IToken, minus?: IToken): A.NumberLiteral {
    const word = NUMBER_WORDS.get(t.image);
    let value = word ?? decodeNumber(t.image);
    let raw = t.image;
    const start = minus ? minus.startOffset : t.startOffset;
    if (minus) {
      value = -value | 0;
      raw = `-${raw}`;
    }
    const out: A.NumberLiteral = { type: "NumberLiteral", span: { start, end: tokEnd(t) }, value, raw };
    const origin = this.map.origin(t.startOffset, tokEnd(t));
    if (origin) out.origin = origin;
    return out;
  }

  string(cst: CstNode): A.StringLiteral {
    const c = cst.children as Children;
    const t = (c.DoubleString?.[0] ?? c.SingleString?.[0]) as IToken;
    const dq = t.tokenType === T.DoubleString;
    const d = dq ? decodeDoubleString(t.image) : decodeSingleString(t.image);
    if (d.unterminated) this.report("UnterminatedString", t.startOffset, t.startOffset + 1, "this string is never closed");
    const out: A.StringLiteral = { type: "StringLiteral", span: spanOf(t), value: d.value, raw: t.image, quote: dq ? '"' : "'" };
    // Only split here; Kamailio checks format strings when modules fix up their parameters, not at parse time.
    if (d.value.includes("$")) out.parts = parseFormat(d.value).parts;
    const origin = this.map.origin(t.startOffset, tokEnd(t));
    if (origin) out.origin = origin;
    return out;
  }

  private identifier(t: IToken): A.Identifier {
    const out: A.Identifier = { type: "Identifier", span: spanOf(t), name: t.image };
    const origin = this.map.origin(t.startOffset, tokEnd(t));
    if (origin) out.origin = origin;
    return out;
  }

  /**
   * A pseudo-variable token, read with the pv parser. Kamailio's parser looks every PV in code up
   * (`pv_cache_get`): a syntax error or an unknown transformation is always fatal; an unknown
   * class or a missing inner name only in `#!KAMAILIO` mode (elsewhere it is kept as text).
   */
  private pv(t: IToken): A.PseudoVariable {
    const text = t.image;
    const out: A.PseudoVariable = { type: "PseudoVariable", span: spanOf(t), text };
    if (text.includes("(") && !text.endsWith(")")) {
      this.report("UnterminatedPseudoVariable", t.startOffset, tokEnd(t), "the parentheses of this pseudo-variable do not close on its line");
      return out;
    }
    const at = t.startOffset;
    const { spec, error } = parsePvSpec(text);
    if (!spec) {
      const offset = error?.offset ?? 0;
      // The pv parser looks transformations up as it reads them (as Kamailio's tr_lookup does).
      if (error && /^unknown transformation/.test(error.message)) {
        const close = text.indexOf("}", offset);
        this.report("UnknownTransformation", at + offset, at + (close < 0 ? text.length : close + 1), error.message);
      } else this.report("BadPseudoVariable", at + offset, at + Math.max(offset + 1, text.length), `bad pseudo-variable: ${error?.message ?? text}`);
      return out;
    }
    out.spec = spec;
    forEachTransform(spec, (tr) => {
      if (!lookupTransform(tr.cls, tr.op)) {
        this.report("UnknownTransformation", at + tr.start, at + tr.end, `unknown transformation \`{${tr.cls}.${tr.op}}\``);
      }
    });
    // Outside #!KAMAILIO mode an unknown `$name` is an AVP, but a name with an inner part must be a
    // class whose module is loaded (Kamailio: "error searching pvar").
    if (this.strictPv || spec.inner !== undefined) {
      for (const e of validatePvSpec(spec, this.loadedModules)) this.report("BadPseudoVariable", at + e.offset, at + text.length, e.message);
    }
    return out;
  }

  /** The left side of `=`: Kamailio's `lval` refuses transformations and PVs without a setter. */
  private assignTarget(t: IToken): A.PseudoVariable {
    const pv = this.pv(t);
    const spec = pv.spec;
    if (!spec) return pv;
    if (spec.transforms.length > 0) {
      this.report("BadAssignmentTarget", pv.span.start, pv.span.end, "a pseudo-variable with transformations cannot be assigned to");
    } else if (lookupPvClass(spec.name)?.writable === false) {
      this.report("BadAssignmentTarget", pv.span.start, pv.span.end, `\`$${spec.name}\` is read-only and cannot be assigned to`);
    }
    return pv;
  }

  invalid(cst: CstNode): A.Invalid {
    const span = this.spanOfCst(cst);
    return { type: "Invalid", span, text: this.text.slice(span.start, span.end) };
  }

  /** From chevrotain's offset tracking; `endOffset` is inclusive, and NaN on nodes recovery left empty. */
  spanOfCst(cst: CstNode): A.Span {
    const loc = cst.location;
    if (!loc || Number.isNaN(loc.startOffset)) return { start: 0, end: 0 };
    const end = loc.endOffset === undefined || Number.isNaN(loc.endOffset) ? loc.startOffset : loc.endOffset + 1;
    return { start: loc.startOffset, end };
  }
}

// ---------------------------------------------------------------------------------------------

/** Left-associative precedence climbing over a flat operand/operator list. */
function associate(operands: A.Expression[], operators: IToken[]): A.Expression {
  let i = 0;
  const climb = (minPrec: number): A.Expression => {
    let left = operands[i]!;
    while (i < operators.length) {
      const op = binaryOperator(operators[i]!);
      const prec = BINARY_PRECEDENCE[op];
      if (prec < minPrec) break;
      i++;
      const right = climb(prec + 1);
      left = { type: "BinaryExpression", span: { start: left.span.start, end: right.span.end }, operator: op, left, right };
    }
    return left;
  };
  return climb(0);
}

function binaryOperator(t: IToken): A.BinaryOperator {
  return BINARY_BY_IMAGE[t.image] ?? (t.image as A.BinaryOperator);
}

function acceptsParamValue(kind: ParamValueKind, v: A.ParamValue): boolean {
  switch (kind) {
    case "number":
      return v.type === "NumberLiteral" && !v.raw.startsWith("-");
    case "intno":
      return v.type === "NumberLiteral";
    case "string":
      return v.type === "StringLiteral";
    case "id":
      return v.type === "Identifier" || (v.type === "Host" && v.kind === "name" && !v.value.includes("."));
    case "ipv4":
      return v.type === "Host" && v.kind === "ipv4";
    case "ipv6":
      return v.type === "Host" && v.kind === "ipv6";
    case "proto":
      return v.type === "ProtoLiteral";
    case "host":
      return v.type === "Host" || v.type === "StringLiteral" || v.type === "NumberLiteral";
    case "tls_method":
      return v.type === "Identifier" && /^(sslv23|sslv2|sslv3|tlsv1)$/i.test(v.name);
  }
}

function describeKinds(kinds: readonly ParamValueKind[]): string {
  const words: Record<ParamValueKind, string> = {
    number: "a number",
    intno: "a number",
    string: "a string",
    id: "a bare word",
    ipv4: "an IPv4 address",
    ipv6: "an IPv6 address",
    proto: "a protocol (udp, tcp, tls, sctp)",
    host: "a host or IP address",
    tls_method: "a TLS method (SSLv23, SSLv2, SSLv3, TLSv1)",
  };
  return [...new Set(kinds.map((k) => words[k]))].join(" or ");
}

function acceptsCoreArg(kind: CoreArgKind, a: A.CoreArg): boolean {
  switch (kind) {
    case "string":
      return a.type === "StringLiteral";
    case "number":
      return a.type === "NumberLiteral";
    case "intno":
      return (
        a.type === "NumberLiteral" ||
        (a.type === "UnaryExpression" && a.operator === "-" && a.argument.type === "NumberLiteral")
      );
    case "flag":
      return a.type === "NumberLiteral" || a.type === "Identifier" || a.type === "StringLiteral";
    case "host":
      return a.type === "Identifier" || a.type === "StringLiteral" || (a.type === "Socket" && !a.port && !a.proto);
    case "proto":
      return a.type === "ProtoLiteral";
    case "socket":
      return a.type === "Socket" || a.type === "Identifier" || a.type === "ProtoLiteral";
    case "uri:host":
      return a.type === "UriField" && a.field === "uri:host";
    case "uri:port":
      return a.type === "UriField" && a.field === "uri:port";
    case "expr":
      return a.type !== "Socket" && a.type !== "UriField" && a.type !== "ProtoLiteral";
    case "avp":
      return a.type === "PseudoVariable";
  }
}

/** Every transformation of a spec, including those of specs nested in its index and arguments. */
function forEachTransform(spec: PvSpec, f: (tr: Transform) => void): void {
  if (spec.index?.kind === "pv") forEachTransform(spec.index.pv, f);
  for (const tr of spec.transforms) {
    f(tr);
    for (const a of tr.args) if (a.kind === "pv") forEachTransform(a.pv, f);
  }
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []) as CstNode[];
}

function node(c: Children, key: string): CstNode | undefined {
  return c[key]?.[0] as CstNode | undefined;
}

function tok(c: Children, key: string): IToken | undefined {
  const t = c[key]?.[0] as IToken | undefined;
  return t && !Number.isNaN(t.startOffset) ? t : undefined;
}

function firstChild(c: Children): [string, CstNode | IToken | undefined] {
  for (const key in c) {
    const v = c[key];
    if (v && v.length > 0) return [key, v[0]];
  }
  return ["", undefined];
}

function isRecovered(x: CstNode | IToken): boolean {
  return "children" in x ? x.recoveredNode === true : Number.isNaN(x.startOffset);
}

function spanOf(t: IToken): A.Span {
  return { start: t.startOffset, end: tokEnd(t) };
}

function tokEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/** Every token under a CST node, in source order. */
export function tokensOf(cst: CstNode): IToken[] {
  const out: IToken[] = [];
  const visit = (n: CstNode) => {
    for (const key in n.children) {
      for (const x of n.children[key]!) {
        if ("children" in x) visit(x);
        else if (!Number.isNaN(x.startOffset)) out.push(x);
      }
    }
  };
  visit(cst);
  out.sort((a, b) => a.startOffset - b.startOffset);
  return out;
}
