import type * as A from "../../ast/nodes.js";
import { BINARY_PRECEDENCE } from "../../ast/precedence.js";

/*
 * The AST back to cfg text in one canonical layout: tabs, `if (cond) {`, one statement per line,
 * `name = value` parameters, strings re-quoted so that Kamailio's lexer reads back the same value.
 * The text printed is the expanded program (defines already substituted, ifdefs resolved): it
 * parses to the same AST, spans and comment placement aside.
 */

/** Prints a whole program, comments included; ends with one newline. */
export function printProgram(program: A.Program): string {
  const out = new Printer();
  // The marker is read by the preprocessor, so it is not in the tree; it changes what parses.
  if (program.mode === "kamailio") out.lines.push("#!KAMAILIO");
  else if (program.mode === "ser") out.lines.push("#!SER");
  out.topLevel(program.body);
  if (program.danglingComments.length > 0) {
    if (out.lines.length > 0) out.lines.push("");
    for (const c of program.danglingComments) out.comment(c, 0);
  }
  return out.lines.length === 0 ? "" : `${out.lines.join("\n")}\n`;
}

/** Prints one expression as it would appear in a statement. */
export function printExpression(e: A.Expression | A.CoreArg): string {
  return expr(e);
}

class Printer {
  readonly lines: string[] = [];

  topLevel(items: readonly A.TopLevel[]): void {
    let prev: A.TopLevel | undefined;
    for (const item of items) {
      // `debug=2;`: a bare `;` right after a setting stays on the setting's line.
      if (item.type === "EmptyStatement" && prev && prev.type !== "RouteBlock" && prev.type !== "EmptyStatement" && !hasComments(item) && !prev.trailingComments) {
        this.lines[this.lines.length - 1] += ";";
        prev = item;
        continue;
      }
      const separate = item.type === "RouteBlock" || prev?.type === "RouteBlock" || item.leadingComments !== undefined;
      if (prev && separate) this.lines.push("");
      this.item(item, 0);
      prev = item;
    }
  }

  item(item: A.TopLevel | A.Statement | A.SwitchCase, depth: number): void {
    for (const c of item.leadingComments ?? []) this.comment(c, depth);
    const first = this.lines.length;
    if (item.type === "SwitchCase") this.switchCase(item, depth);
    else if (isStatement(item)) this.statement(item, depth);
    else this.line(depth, topLevelText(item as Exclude<A.TopLevel, A.RouteBlock>), item.type === "RouteBlock" ? item : undefined);
    if (item.trailingComments) {
      const last = this.lines.length > first ? this.lines.length - 1 : first;
      this.lines[last] += ` ${item.trailingComments.map((c) => c.text.trimEnd()).join(" ")}`;
    }
  }

  comment(c: A.Comment, depth: number): void {
    // trimEnd: a `/*` never closed runs to the end of the file, final newline included.
    this.lines.push(indent(depth) + c.text.trimEnd());
  }

  /** Route blocks print through `statement`-style layout; other items are one line. */
  private line(depth: number, text: string, route?: A.RouteBlock): void {
    if (!route) {
      this.lines.push(indent(depth) + text);
      return;
    }
    this.blockAfter(depth, `${route.keyword}${routeNameText(route.name)} `, route.body);
  }

  private statement(s: A.Statement, depth: number): void {
    const pad = indent(depth);
    switch (s.type) {
      case "Block":
        this.blockAfter(depth, "", s);
        return;
      case "IfStatement":
        this.ifStatement(s, depth, "");
        return;
      case "SwitchStatement":
        this.lines.push(`${pad}switch (${expr(s.discriminant)}) {`);
        for (const c of s.cases) this.item(c, depth);
        this.lines.push(`${pad}}`);
        return;
      case "WhileStatement":
        this.bodyAfter(depth, `while (${expr(s.test)})`, s.body);
        return;
      default:
        this.lines.push(pad + simpleStatement(s));
    }
  }

  private ifStatement(s: A.IfStatement, depth: number, prefix: string): void {
    const joined = this.bodyAfter(depth, `${prefix}if (${expr(s.test)})`, s.consequent);
    const alt = s.alternate;
    if (!alt) return;
    // `} else {` and `} else if (…) {` on the closing brace's line.
    if (joined) this.lines.pop();
    const elseWord = joined ? "} else" : "else";
    if (alt.type === "IfStatement" && !hasComments(alt)) this.ifStatement(alt, depth, `${elseWord} `);
    else this.bodyAfter(depth, elseWord, alt);
  }

  /** `head {` … `}` for a block (returns true), else `head` and the statement indented below. */
  private bodyAfter(depth: number, head: string, body: A.Statement): boolean {
    if (body.type === "Block") {
      this.blockAfter(depth, `${head} `, body);
      return true;
    }
    this.lines.push(indent(depth) + head);
    this.item(body, depth + 1);
    return false;
  }

  private blockAfter(depth: number, head: string, block: A.Block): void {
    const pad = indent(depth);
    this.lines.push(`${pad}${head}{`);
    for (const s of block.body) this.item(s, depth + 1);
    for (const c of block.endComments ?? []) this.comment(c, depth + 1);
    this.lines.push(`${pad}}`);
  }

  private switchCase(c: A.SwitchCase, depth: number): void {
    const label = c.test === undefined ? "default:" : `case ${c.regex ? "/" : ""}${expr(c.test)}:`;
    this.lines.push(indent(depth) + label);
    for (const s of c.body) this.item(s, depth + 1);
  }
}

function isStatement(n: A.TopLevel | A.Statement): n is A.Statement {
  switch (n.type) {
    case "Block":
    case "IfStatement":
    case "SwitchStatement":
    case "WhileStatement":
    case "AssignStatement":
    case "ExpressionStatement":
    case "ReturnStatement":
    case "BreakStatement":
      return true;
    default:
      return false;
  }
}

function hasComments(n: { leadingComments?: A.Comment[]; trailingComments?: A.Comment[] }): boolean {
  return n.leadingComments !== undefined || n.trailingComments !== undefined;
}

function indent(depth: number): string {
  return "\t".repeat(depth);
}

function simpleStatement(s: A.Statement): string {
  switch (s.type) {
    case "AssignStatement":
      return `${s.target.text} = ${expr(s.value)};`;
    case "ExpressionStatement":
      return `${expr(s.expression)};`;
    case "ReturnStatement":
      if (s.emptyParens) return `${s.keyword}();`;
      return s.argument ? `${s.keyword} ${expr(s.argument)};` : `${s.keyword};`;
    case "BreakStatement":
      return "break;";
    case "EmptyStatement":
      return ";";
    case "Invalid":
      return s.text;
    default:
      throw new Error(`not a simple statement: ${s.type}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Top-level items

function topLevelText(item: Exclude<A.TopLevel, A.RouteBlock>): string {
  switch (item.type) {
    case "GlobalParam":
      return `${item.name} = ${paramValue(item.value)}`;
    case "ListenParam": {
      let s = `${item.name} = ${item.sockets.map(socket).join(" ")}`;
      if (item.advertise) s += ` advertise ${socket(item.advertise)}`;
      if (item.socketName) s += ` name ${str(item.socketName)}`;
      if (item.virtual) s += " virtual";
      return s;
    }
    case "CfgVar": {
      const inst = item.instance === undefined ? "" : `[${item.instance}]`;
      const value = item.value.type === "NumberLiteral" ? item.value.raw : str(item.value);
      const desc = item.description ? ` desc ${str(item.description)}` : "";
      return `${item.group}${inst}.${item.name} = ${value}${desc}`;
    }
    case "FlagsDecl":
      return `${item.keyword} ${item.flags.map(flagSpec).join(", ")}`;
    case "LoadModule":
      return `${item.keyword} ${str(item.path)}`;
    case "LoadPath":
    case "CfgEngine": {
      const keyword = item.type === "LoadPath" ? item.keyword : "cfgengine";
      const value = item.type === "LoadPath" ? item.path : item.engine;
      return item.equals ? `${keyword} = ${str(value)}` : `${keyword} ${str(value)}`;
    }
    case "ModParam":
      return `${item.keyword}(${str(item.module)}, ${str(item.param)}, ${expr(item.value)})`;
    case "SubstDirective":
      return `${item.directive} ${str(item.rule)}`;
    case "EmptyStatement":
      return ";";
    case "Invalid":
      return item.text;
  }
}

function flagSpec(f: A.FlagSpec): string {
  const name = f.quoted ? quoteString(f.name, '"') : f.name;
  return f.bit === undefined ? name : `${name}:${f.bit}`;
}

function paramValue(v: A.ParamValue): string {
  switch (v.type) {
    case "NumberLiteral":
      return v.raw;
    case "StringLiteral":
      return str(v);
    case "Identifier":
      return v.name;
    case "Host":
      return host(v);
    case "ProtoLiteral":
      return v.raw;
  }
}

/** Event-route names print bare (Kamailio drops quotes around them); other string names keep quotes. */
function routeNameText(name: A.RouteName | undefined): string {
  if (!name) return "";
  switch (name.form) {
    case "event":
      return `[${EVENT_NAME.test(name.value) ? name.value : quoteString(name.value, '"')}]`;
    case "string":
      return `[${quoteString(name.value, '"')}]`;
    case "number":
      return `[${name.raw}]`;
    case "id":
      return `[${name.value}]`;
  }
}

/** What cfg.lex reads bare inside `event_route[…]`. */
const EVENT_NAME = /^[a-zA-Z][0-9a-zA-Z-]*(?::[a-zA-Z][0-9a-zA-Z_-]*)+$/;

// ---------------------------------------------------------------------------------------------
// Sockets and hosts

function socket(s: A.Socket): string {
  const proto = s.proto ? `${s.proto.raw}:` : "";
  const hosts = s.list ? `(${s.hosts.map(host).join(", ")})` : s.hosts.map(host).join("");
  const port = s.port ? `:${s.port.raw}` : "";
  return proto + hosts + port;
}

function host(h: A.Host): string {
  if (h.kind === "string") return quoteString(h.value, '"');
  return h.brackets ? `[${h.value}]` : h.value;
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** A legacy condition greedily takes a tight right side, so it binds like an equality operator. */
const CONDITION_PRECEDENCE = BINARY_PRECEDENCE["=="];
const ATOM = 100;

function precedence(e: A.Expression | A.CoreArg): number {
  switch (e.type) {
    case "BinaryExpression":
      return BINARY_PRECEDENCE[e.operator];
    case "Condition":
      return CONDITION_PRECEDENCE;
    case "UnaryExpression":
      return ATOM - 1;
    default:
      return ATOM;
  }
}

function expr(e: A.Expression | A.CoreArg): string {
  switch (e.type) {
    case "NumberLiteral":
      return e.raw;
    case "StringLiteral":
      return str(e);
    case "Identifier":
      return e.name;
    case "PseudoVariable":
    case "Select":
      return e.text;
    case "BinaryExpression": {
      const p = BINARY_PRECEDENCE[e.operator];
      const left = wrap(e.left, precedence(e.left) < p);
      const right = wrap(e.right, precedence(e.right) <= p);
      return `${left} ${e.operator} ${right}`;
    }
    case "UnaryExpression": {
      const arg = wrap(e.argument, precedence(e.argument) < ATOM - 1);
      return e.operator === "defined" ? `defined ${arg}` : `${e.operator}${arg}`;
    }
    case "BuiltinCall":
      return `${e.name}(${e.args.map(expr).join(", ")})`;
    case "CallExpression":
      return `${e.callee}(${e.args.map(expr).join(", ")})`;
    case "RouteCall":
      return `route(${expr(e.target)})`;
    case "CoreAction":
      return e.args === undefined ? e.keyword : `${e.keyword}(${e.args.map(expr).join(", ")})`;
    case "Condition":
      return condition(e);
    case "ActionsValue":
      return `{ ${e.body.map(inlineStatement).join(" ")} }`;
    case "AssignValue":
      return `(${e.target.text} = ${expr(e.value)})`;
    case "Invalid":
      return e.text;
    case "Socket":
      return socket(e);
    case "ProtoLiteral":
      return e.raw;
    case "UriField":
      return e.field;
  }
}

/** A statement on one line, for `{ actions }` values (comments are never attached inside them). */
function inlineStatement(s: A.Statement): string {
  const p = new Printer();
  p.item(s, 0);
  return p.lines.map((l) => l.trim()).join(" ");
}

function wrap(e: A.Expression, parens: boolean): string {
  return parens ? `(${expr(e)})` : expr(e);
}

function condition(c: A.Condition): string {
  if (c.reversed) return `myself ${c.operator} ${c.field}`;
  const v = c.value;
  let value: string;
  switch (v.type) {
    case "Myself":
      value = "myself";
      break;
    case "IpNet":
      value = host(v.address) + (v.mask ? `/${v.mask.type === "NumberLiteral" ? v.mask.raw : host(v.mask)}` : "");
      break;
    case "ProtoLiteral":
      value = v.raw;
      break;
    case "Host":
      value = host(v);
      break;
    default:
      // The right side takes only operators tighter than comparisons.
      value = wrap(v, precedence(v) <= BINARY_PRECEDENCE["=="]);
  }
  return `${c.field} ${c.operator} ${value}`;
}

// ---------------------------------------------------------------------------------------------
// Strings

function str(s: A.StringLiteral): string {
  return quoteString(s.value, s.quote);
}

/** Escapes Kamailio's lexer undoes; other characters after `\` are kept as written (`\d` stays). */
const ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x07": "\\a" };

/**
 * Quotes `value` so that the lexer reads it back unchanged: single quotes when asked and possible
 * (no escapes exist there), else double quotes with escapes. A backslash is doubled only where
 * the lexer would read it as the start of an escape.
 */
export function quoteString(value: string, quote: '"' | "'"): string {
  if (quote === "'" && !value.includes("'")) return `'${value}'`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\") {
      const n = value[i + 1];
      // A lone `\` is kept only before a plain character that is printed as itself.
      out += n === undefined || /[nrat"\\x0-7]/.test(n) || needsEscape(n) ? "\\\\" : "\\";
      continue;
    }
    const esc = ESCAPES[c];
    if (esc !== undefined) out += esc;
    else if (needsEscape(c)) out += `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return `${out}"`;
}

function needsEscape(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
