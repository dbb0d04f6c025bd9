import type { DefineOrigin, SourceMap } from "../preprocess/source-map.js";
import type { DefineEntry } from "../preprocess/types.js";
import type { FormatPart, PvSpec } from "../pv/types.js";

/** Offsets into the preprocessor's expanded text; map with `Program.map` for file/line/col. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Comment {
  readonly kind: "line" | "block";
  /** The whole comment as written, markers included (`# x`, `// x`, `/* x *\/`). */
  readonly text: string;
  readonly span: Span;
}

interface Base {
  span: Span;
  /** Comments on the lines before this item, and after it on its last line. */
  leadingComments?: Comment[];
  trailingComments?: Comment[];
}

// ---------------------------------------------------------------------------------------------
// Program and top-level items (cfg.y `statement`)

export interface Program extends Base {
  type: "Program";
  body: TopLevel[];
  /** Comments not attached to any item (e.g. at the end of an empty route). */
  danglingComments: Comment[];
  map: SourceMap;
  defines: ReadonlyMap<string, DefineEntry>;
  /** The compatibility mode a `#!KAMAILIO` / `#!SER` marker chose (absent: maxcompat). */
  mode?: "maxcompat" | "kamailio" | "ser";
}

/** `name = value` for a core parameter (`debug=2`, `kemi.onsend_route_callback="f"`). */
export interface GlobalParam extends Base {
  type: "GlobalParam";
  /** As written, `kemi.` prefix included. */
  name: string;
  value: ParamValue;
}

export type ParamValue = NumberLiteral | StringLiteral | Identifier | Host | ProtoLiteral;

/** `listen = sockets [advertise host[:port]] [name "n"] [virtual]`, `alias = sockets`. */
export interface ListenParam extends Base {
  type: "ListenParam";
  name: "listen" | "alias";
  sockets: Socket[];
  advertise?: Socket;
  socketName?: StringLiteral;
  virtual: boolean;
}

/** `group.var = value [desc "text"]`, `group[2].var = value`: a cfg-framework variable. */
export interface CfgVar extends Base {
  type: "CfgVar";
  group: string;
  instance?: number;
  name: string;
  value: NumberLiteral | StringLiteral;
  description?: StringLiteral;
}

export interface FlagsDecl extends Base {
  type: "FlagsDecl";
  keyword: "flags" | "bool" | "avpflags";
  flags: FlagSpec[];
}

export interface FlagSpec extends Base {
  type: "FlagSpec";
  name: string;
  quoted: boolean;
  bit?: number;
}

export interface LoadModule extends Base {
  type: "LoadModule";
  keyword: "loadmodule" | "loadmodulex";
  path: StringLiteral;
}

export interface LoadPath extends Base {
  type: "LoadPath";
  keyword: "loadpath" | "mpath";
  equals: boolean;
  path: StringLiteral;
}

export interface ModParam extends Base {
  type: "ModParam";
  keyword: "modparam" | "modparamx";
  module: StringLiteral;
  param: StringLiteral;
  value: Expression;
}

export interface CfgEngine extends Base {
  type: "CfgEngine";
  equals: boolean;
  engine: StringLiteral;
}

/** `#!subst "/re/repl/"` and friends, when the preprocessor leaves them in the text. */
export interface SubstDirective extends Base {
  type: "SubstDirective";
  directive: string;
  rule: StringLiteral;
}

export type RouteKeyword =
  | "request_route"
  | "route"
  | "failure_route"
  | "branch_route"
  | "reply_route"
  | "onreply_route"
  | "onsend_route"
  | "event_route";

/** What a route block is for, after Kamailio's aliases (`route {}` = `route[0]` = request_route). */
export type RouteKind = "request" | "named" | "failure" | "branch" | "reply" | "onreply" | "onsend" | "event";

export interface RouteBlock extends Base {
  type: "RouteBlock";
  keyword: RouteKeyword;
  name?: RouteName;
  body: Block;
}

export interface RouteName extends Base {
  type: "RouteName";
  /** The name Kamailio registers: numbers in decimal, strings unquoted. */
  value: string;
  form: "id" | "number" | "string" | "event";
  raw: string;
}

// ---------------------------------------------------------------------------------------------
// Statements (cfg.y `action`, `stm`)

export interface Block extends Base {
  type: "Block";
  body: Statement[];
  /** Comments after the last statement, before the closing brace. */
  endComments?: Comment[];
}

export interface IfStatement extends Base {
  type: "IfStatement";
  test: Expression;
  consequent: Statement;
  alternate?: Statement;
}

export interface SwitchStatement extends Base {
  type: "SwitchStatement";
  discriminant: Expression;
  cases: SwitchCase[];
}

export interface SwitchCase extends Base {
  type: "SwitchCase";
  /** Absent for `default:`. */
  test?: Expression;
  /** `case /"re":` */
  regex: boolean;
  body: Statement[];
}

export interface WhileStatement extends Base {
  type: "WhileStatement";
  test: Expression;
  body: Statement;
}

export interface AssignStatement extends Base {
  type: "AssignStatement";
  target: PseudoVariable;
  value: Expression;
}

/** A module function, core action or `route(X)` used as a statement. */
export interface ExpressionStatement extends Base {
  type: "ExpressionStatement";
  expression: CallExpression | CoreAction | RouteCall;
}

export interface ReturnStatement extends Base {
  type: "ReturnStatement";
  keyword: "return" | "exit" | "drop";
  argument?: Expression;
  /** `return()` written with empty parentheses. */
  emptyParens: boolean;
}

export interface BreakStatement extends Base {
  type: "BreakStatement";
}

export interface EmptyStatement extends Base {
  type: "EmptyStatement";
}

/** A region the parser could not read; later phases skip it. */
export interface Invalid extends Base {
  type: "Invalid";
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Expressions (cfg.y `rval_expr`, `exp_elem`)

export interface NumberLiteral extends Base {
  type: "NumberLiteral";
  /** 32-bit value as Kamailio stores it (`2147483648` wraps to -2147483648). */
  value: number;
  /** As written: `0x1f`, `101b`, `yes`, `-1` (a folded `intno`). */
  raw: string;
  origin?: DefineOrigin;
}

export interface StringLiteral extends Base {
  type: "StringLiteral";
  /** After Kamailio's escapes and joining of adjacent literals. */
  value: string;
  /** As written, quotes and joins included. */
  raw: string;
  quote: '"' | "'";
  /** The value read as a format string, when it contains `$` (set when the pv parser is available). */
  parts?: FormatPart[];
  origin?: DefineOrigin;
}

/** A bare word where the grammar takes one: `route(NAME)`, `method == INVITE`, flag names. */
export interface Identifier extends Base {
  type: "Identifier";
  name: string;
  origin?: DefineOrigin;
}

export interface PseudoVariable extends Base {
  type: "PseudoVariable";
  /** As written: `$ru`, `$var(x)`, `$(hdr(Via)[0]{s.len})`, `$?`. */
  text: string;
  spec?: PvSpec;
}

/** `@via[1].branch` */
export interface Select extends Base {
  type: "Select";
  text: string;
}

export type BinaryOperator =
  | "||"
  | "&&"
  | "|"
  | "&"
  | "^"
  | "<<"
  | ">>"
  | "=="
  | "!="
  | "=~"
  | "eq"
  | "ne"
  | "ieq"
  | "ine"
  | "<"
  | ">"
  | "<="
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  | "mod";

export interface BinaryExpression extends Base {
  type: "BinaryExpression";
  /** Normalised: `and` is `&&`, `or` is `||`. */
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends Base {
  type: "UnaryExpression";
  /** Normalised: `not` is `!`. */
  operator: "!" | "~" | "-" | "defined" | "(int)" | "(str)";
  argument: Expression;
}

/** `strlen(x)`, `strempty(x)`, `selval(c, a, b)`. */
export interface BuiltinCall extends Base {
  type: "BuiltinCall";
  name: "strlen" | "strempty" | "selval";
  args: Expression[];
}

/** A module function call: `t_relay()`, `xlog("L_INFO", "x")`. */
export interface CallExpression extends Base {
  type: "CallExpression";
  callee: string;
  args: Expression[];
}

/** `route(NAME)`, `route("n")`, `route(1)`, `route($var(r))`. */
export interface RouteCall extends Base {
  type: "RouteCall";
  target: Expression;
}

/** A core action keyword with its grammar-fixed arguments: `setflag(1)`, `forward("h", 5060)`. */
export interface CoreAction extends Base {
  type: "CoreAction";
  /** As written (`seth`). */
  keyword: string;
  /** Kamailio's action after aliases (`SET_HOST`). */
  action: string;
  /** `undefined` when written without parentheses (`force_rport;`). */
  args?: CoreArg[];
}

export type CoreArg = Expression | Socket | ProtoLiteral | UriField;

/** `uri:host` / `uri:port` in `forward()`. */
export interface UriField extends Base {
  type: "UriField";
  field: "uri:host" | "uri:port";
}

/** `udp`, `TCP`, `*` where a protocol is expected. */
export interface ProtoLiteral extends Base {
  type: "ProtoLiteral";
  raw: string;
}

/** A host name, interface, IP address or quoted host in socket positions. */
export interface Host extends Base {
  type: "Host";
  kind: "name" | "ipv4" | "ipv6" | "string";
  /** Host text without brackets or quotes. */
  value: string;
  /** `[::1]` */
  brackets: boolean;
  origin?: DefineOrigin;
}

/** `[proto:]host[:port]`, or `[proto:](h1, h2)[:port]` in listen. */
export interface Socket extends Base {
  type: "Socket";
  proto?: ProtoLiteral;
  hosts: Host[];
  /** Hosts given as a parenthesised list. */
  list: boolean;
  port?: NumberLiteral | ProtoLiteral;
}

export type ConditionField =
  | "method"
  | "uri"
  | "status"
  | "from_uri"
  | "to_uri"
  | "src_ip"
  | "dst_ip"
  | "snd_ip"
  | "to_ip"
  | "src_port"
  | "dst_port"
  | "snd_port"
  | "to_port"
  | "proto"
  | "snd_proto"
  | "to_proto"
  | "af"
  | "snd_af"
  | "to_af"
  | "msg:len";

/** A legacy condition element: `method == "INVITE"`, `uri == myself`, `src_ip == 10.0.0.0/8`. */
export interface Condition extends Base {
  type: "Condition";
  field: ConditionField;
  operator: BinaryOperator;
  value: Expression | Myself | IpNet | ProtoLiteral | Host;
  /** Written as `myself == uri`. */
  reversed: boolean;
}

export interface Myself extends Base {
  type: "Myself";
}

/** An IP address, optionally with `/bits` or `/mask`, in a condition. */
export interface IpNet extends Base {
  type: "IpNet";
  address: Host;
  mask?: NumberLiteral | Host;
}

/** `{ actions }` used as a value (`if ({ f(); g(); })`): runs the actions; cfg.y `rval`. */
export interface ActionsValue extends Base {
  type: "ActionsValue";
  body: Statement[];
}

/** `($x = value)` used as a value: the assignment runs where the operand is evaluated. */
export interface AssignValue extends Base {
  type: "AssignValue";
  target: PseudoVariable;
  value: Expression;
}

export type Expression =
  | NumberLiteral
  | StringLiteral
  | Identifier
  | PseudoVariable
  | Select
  | BinaryExpression
  | UnaryExpression
  | BuiltinCall
  | CallExpression
  | RouteCall
  | CoreAction
  | Condition
  | ActionsValue
  | AssignValue
  | Invalid;

export type Statement =
  | Block
  | IfStatement
  | SwitchStatement
  | WhileStatement
  | AssignStatement
  | ExpressionStatement
  | ReturnStatement
  | BreakStatement
  | EmptyStatement
  | Invalid;

export type TopLevel =
  | GlobalParam
  | ListenParam
  | CfgVar
  | FlagsDecl
  | LoadModule
  | LoadPath
  | ModParam
  | CfgEngine
  | SubstDirective
  | RouteBlock
  | EmptyStatement
  | Invalid;

export type Node =
  | Program
  | TopLevel
  | Statement
  | Expression
  | FlagSpec
  | RouteName
  | SwitchCase
  | UriField
  | ProtoLiteral
  | Host
  | Socket
  | Myself
  | IpNet;

export type NodeType = Node["type"];
export type NodeOfType<T extends NodeType> = Extract<Node, { type: T }>;

/** Child-bearing fields of each node kind, in source order: what the walker and printers follow. */
export const VISITOR_KEYS = {
  Program: ["body"],
  GlobalParam: ["value"],
  ListenParam: ["sockets", "advertise", "socketName"],
  CfgVar: ["value", "description"],
  FlagsDecl: ["flags"],
  FlagSpec: [],
  LoadModule: ["path"],
  LoadPath: ["path"],
  ModParam: ["module", "param", "value"],
  CfgEngine: ["engine"],
  SubstDirective: ["rule"],
  RouteBlock: ["name", "body"],
  RouteName: [],
  Block: ["body"],
  IfStatement: ["test", "consequent", "alternate"],
  SwitchStatement: ["discriminant", "cases"],
  SwitchCase: ["test", "body"],
  WhileStatement: ["test", "body"],
  AssignStatement: ["target", "value"],
  ExpressionStatement: ["expression"],
  ReturnStatement: ["argument"],
  BreakStatement: [],
  EmptyStatement: [],
  Invalid: [],
  NumberLiteral: [],
  StringLiteral: [],
  Identifier: [],
  PseudoVariable: [],
  Select: [],
  BinaryExpression: ["left", "right"],
  UnaryExpression: ["argument"],
  BuiltinCall: ["args"],
  CallExpression: ["args"],
  RouteCall: ["target"],
  CoreAction: ["args"],
  UriField: [],
  ProtoLiteral: [],
  Host: [],
  Socket: ["proto", "hosts", "port"],
  Condition: ["value"],
  Myself: [],
  IpNet: ["address", "mask"],
  ActionsValue: ["body"],
  AssignValue: ["target", "value"],
} as const satisfies { readonly [K in NodeType]: readonly (keyof NodeOfType<K> & string)[] };

/** The route kind a block declares, after Kamailio's aliases. */
export function routeKind(block: RouteBlock): RouteKind {
  switch (block.keyword) {
    case "request_route":
      return "request";
    case "route":
      return block.name === undefined || block.name.value === "0" ? "request" : "named";
    case "failure_route":
      return "failure";
    case "branch_route":
      return "branch";
    case "reply_route":
      return "reply";
    case "onreply_route":
      return block.name === undefined || block.name.value === "0" ? "reply" : "onreply";
    case "onsend_route":
      return "onsend";
    case "event_route":
      return "event";
  }
}
