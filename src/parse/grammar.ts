import type { CstNode, IOrAlt, IToken, TokenType } from "chevrotain";
import { LazyLookahead } from "./lazy-lookahead.js";
import { LightCstParser } from "./light-cst.js";
import * as T from "./tokens.js";

/**
 * The cfg grammar, rule for rule beside Kamailio's cfg.y (see grammar/README.md). Only syntax
 * here: `build-ast.ts` turns the CST into the AST, `checks.ts` adds Kamailio's parse-time checks.
 * Binary operators are parsed flat and re-associated with `BINARY_PRECEDENCE` (Kamailio's
 * precedence is not C's).
 */
export class CfgParser extends LightCstParser {
  /** `OR` alternative arrays built once, not on every call (chevrotain performance guide). */
  private readonly alternatives = new Map<string, IOrAlt<unknown>[]>();

  private cache(key: string, make: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    let alts = this.alternatives.get(key);
    if (!alts) {
      alts = make();
      this.alternatives.set(key, alts);
    }
    return alts;
  }

  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion). They cost about
   * half of the construction time, which every CLI run pays, so only the tests ask for them.
   * `followsNow`: see below.
   */
  constructor(options: { validate?: boolean; followsNow?: boolean } = {}) {
    super(T.ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 4,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: 4 }),
      skipValidations: !options.validate,
    });
    if (options.followsNow) {
      this.performSelfAnalysis();
      return;
    }
    // With recovery on, `performSelfAnalysis` also computes the follow sets that error recovery
    // re-syncs on. Only input with syntax errors needs them: they come on first use instead (see
    // `resyncFollows`).
    const recovery = this as unknown as { recoveryEnabled: boolean };
    recovery.recoveryEnabled = false;
    this.performSelfAnalysis();
    recovery.recoveryEnabled = true;
  }

  /** Chevrotain's (untyped) follow sets for re-syncing; an accessor, so the instance keeps its shape. */
  private follows: Follows | undefined;

  get resyncFollows(): Follows {
    // From a parser that computes them: the sets hold token types, which all parsers share.
    this.follows ??= new CfgParser({ followsNow: true }).resyncFollows;
    return this.follows;
  }

  set resyncFollows(follows: Follows) {
    this.follows = follows;
  }

  /** Parses `tokens`, handing each top-level item's CST to `item` as soon as it is complete. */
  parseProgram(tokens: IToken[], item: (cst: CstNode) => void): void {
    this.input = tokens;
    this.streamRule("topLevel", item, () => this.program());
  }

  // -- top level (cfg.y `statement`) ------------------------------------------------------------

  program = this.rule("program", () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  topLevel = this.rule("topLevel", () => {
    this.OR(
      this.cache("altTopLevel", () => [
        { ALT: () => this.SUBRULE(this.routeBlock) },
        { ALT: () => this.SUBRULE(this.eventRouteBlock) },
        { ALT: () => this.SUBRULE(this.listenParam) },
        { ALT: () => this.SUBRULE(this.globalParam) },
        { ALT: () => this.SUBRULE(this.cfgVar) },
        { ALT: () => this.SUBRULE(this.flagsDecl) },
        { ALT: () => this.SUBRULE(this.loadModule) },
        { ALT: () => this.SUBRULE(this.loadPath) },
        { ALT: () => this.SUBRULE(this.modParam) },
        { ALT: () => this.SUBRULE(this.cfgEngine) },
        { ALT: () => this.SUBRULE(this.substDirective) },
        { ALT: () => this.CONSUME(T.Semicolon) },
      ]),
    );
  });

  /** `assign_stm`: `name = value`; which value forms a name takes is checked from the lexicon. */
  globalParam = this.rule("globalParam", () => {
    this.OR(this.cache("or1", () => [
      {
        ALT: () => {
          this.CONSUME(T.Kemi);
          this.CONSUME(T.Dot);
          this.CONSUME(T.ReservedWord, { LABEL: "name" });
        },
      },
      { ALT: () => this.CONSUME2(T.ReservedWord, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(T.CoreActionWord, { LABEL: "name" }) },
    ]));
    this.CONSUME(T.Assign);
    this.SUBRULE(this.paramValue);
  });

  paramValue = this.rule("paramValue", () => {
    this.OR(this.cache("or2", () => [
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.CONSUME(T.NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME2(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.NumberWord) },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.CONSUME(T.Proto) },
      { ALT: () => this.CONSUME(T.ReservedWord) },
      { ALT: () => this.SUBRULE(this.host) },
    ]));
  });

  /** `listen = id_lst [advertise …] [name "…"] [virtual]`, `alias = id_lst`. */
  listenParam = this.rule("listenParam", () => {
    this.OR(this.cache("or3", () => [{ ALT: () => this.CONSUME(T.Listen, { LABEL: "keyword" }) }, { ALT: () => this.CONSUME(T.Alias, { LABEL: "keyword" }) }]));
    this.CONSUME(T.Assign);
    this.AT_LEAST_ONE({
      GATE: () => !this.startsCfgVar(),
      DEF: () => this.SUBRULE(this.socket),
    });
    this.OPTION(() => {
      this.CONSUME(T.Advertise);
      this.SUBRULE2(this.socket, { LABEL: "advertise" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.StrName);
      this.SUBRULE(this.stringLiteral, { LABEL: "socketName" });
    });
    this.OPTION3(() => this.CONSUME(T.Virtual));
  });

  /** `[proto:]host[:port]`, `[proto:](h1, h2)[:port]` (`listen_phostport`, `phostport`). */
  socket = this.rule("socket", () => {
    this.OPTION(() => {
      this.CONSUME(T.Proto, { LABEL: "proto" });
      this.CONSUME(T.Colon);
    });
    this.OR(this.cache("or4", () => [
      {
        ALT: () => {
          this.CONSUME(T.LParen, { LABEL: "list" });
          this.SUBRULE(this.host);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.host);
          });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE3(this.host) },
      { ALT: () => this.SUBRULE(this.stringLiteral, { LABEL: "quotedHost" }) },
    ]));
    this.OPTION2(() => {
      this.CONSUME2(T.Colon);
      this.OR2(this.cache("or5", () => [
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "port" }) },
        { ALT: () => this.CONSUME(T.Star, { LABEL: "port" }) },
      ]));
    });
  });

  /** `ip`, `[ipv6]`, a quoted host, or `host_or_if`: words joined by `.` and `-`. */
  host = this.rule("host", () => {
    this.OR(this.cache("or6", () => [
      { ALT: () => this.CONSUME(T.Ipv4) },
      { ALT: () => this.CONSUME(T.Ipv6) },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.CONSUME2(T.Ipv6);
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => this.SUBRULE(this.hostName) },
    ]));
  });

  /** `host_or_if`: a word, then words or numbers joined by `.` or `-` (`eth0`, `sip-1.example.com`). */
  hostName = this.rule("hostName", () => {
    this.OR(this.cache("or7", () => [{ ALT: () => this.CONSUME(T.Identifier, { LABEL: "pieces" }) }, { ALT: () => this.CONSUME(T.NumId, { LABEL: "pieces" }) }]));
    this.MANY(() => {
      this.OR2(this.cache("or8", () => [{ ALT: () => this.CONSUME(T.Dot, { LABEL: "sep" }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: "sep" }) }]));
      this.SUBRULE(this.hostPiece, { LABEL: "rest" });
    });
  });

  hostPiece = this.rule("hostPiece", () => {
    this.OR(this.cache("or9", () => [
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NumId) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
    ]));
  });

  /** `group[.N].var = NUMBER|STRING [desc "…"]` (`cfg_var`). */
  cfgVar = this.rule("cfgVar", () => {
    this.SUBRULE(this.cfgVarId, { LABEL: "group" });
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.NumberLiteral, { LABEL: "instance" });
      this.CONSUME(T.RBracket);
    });
    this.CONSUME(T.Dot);
    this.SUBRULE2(this.cfgVarId, { LABEL: "name" });
    this.CONSUME(T.Assign);
    this.OR(this.cache("or10", () => [
      { ALT: () => this.CONSUME2(T.NumberLiteral, { LABEL: "number" }) },
      { ALT: () => this.CONSUME(T.NumberWord, { LABEL: "number" }) },
      { ALT: () => this.SUBRULE(this.stringLiteral, { LABEL: "string" }) },
    ]));
    this.OPTION2(() => {
      this.CONSUME(T.Description);
      this.SUBRULE2(this.stringLiteral, { LABEL: "description" });
    });
  });

  cfgVarId = this.rule("cfgVarId", () => {
    this.OR(this.cache("or11", () => [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Default) }]));
  });

  flagsDecl = this.rule("flagsDecl", () => {
    this.OR(this.cache("or12", () => [{ ALT: () => this.CONSUME(T.FlagsDecl, { LABEL: "keyword" }) }, { ALT: () => this.CONSUME(T.AvpFlagsDecl, { LABEL: "keyword" }) }]));
    this.SUBRULE(this.flagSpec);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.flagSpec);
    });
  });

  flagSpec = this.rule("flagSpec", () => {
    this.OR(this.cache("or13", () => [{ ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }) }, { ALT: () => this.SUBRULE(this.stringLiteral, { LABEL: "quoted" }) }]));
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.CONSUME(T.NumberLiteral, { LABEL: "bit" });
    });
  });

  loadModule = this.rule("loadModule", () => {
    this.CONSUME(T.LoadModule);
    this.SUBRULE(this.stringLiteral);
  });

  loadPath = this.rule("loadPath", () => {
    this.CONSUME(T.LoadPath);
    this.OPTION(() => this.CONSUME(T.Assign));
    this.SUBRULE(this.stringLiteral);
  });

  modParam = this.rule("modParam", () => {
    this.CONSUME(T.ModParam);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.stringLiteral, { LABEL: "module" });
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.stringLiteral, { LABEL: "param" });
    this.CONSUME2(T.Comma);
    this.OR(this.cache("or14", () => [
      { ALT: () => this.SUBRULE3(this.stringLiteral, { LABEL: "value" }) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.OR2([{ ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "number" }) }, { ALT: () => this.CONSUME(T.NumberWord, { LABEL: "number" }) }]);
        },
      },
      { ALT: () => this.CONSUME(T.PseudoVariable) },
    ]));
    this.CONSUME(T.RParen);
  });

  cfgEngine = this.rule("cfgEngine", () => {
    this.CONSUME(T.CfgEngine);
    this.OPTION(() => this.CONSUME(T.Assign));
    this.SUBRULE(this.stringLiteral);
  });

  substDirective = this.rule("substDirective", () => {
    this.CONSUME(T.SubstKeyword);
    this.SUBRULE(this.stringLiteral);
  });

  // -- route blocks (`route_stm`, `failure_route_stm`, …) -------------------------------------

  routeBlock = this.rule("routeBlock", () => {
    this.CONSUME(T.RouteKeyword, { LABEL: "keyword" });
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.OR(this.cache("or15", () => [
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }) },
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "name" }) },
        { ALT: () => this.CONSUME(T.NumberWord, { LABEL: "name" }) },
        { ALT: () => this.SUBRULE(this.stringLiteral, { LABEL: "stringName" }) },
      ]));
      this.CONSUME(T.RBracket);
    });
    this.SUBRULE(this.block);
  });

  eventRouteBlock = this.rule("eventRouteBlock", () => {
    this.CONSUME(T.RouteEvent);
    this.CONSUME(T.LBracket);
    this.OR(this.cache("or16", () => [
      { ALT: () => this.CONSUME(T.EventRouteName, { LABEL: "name" }) },
      { ALT: () => this.SUBRULE(this.stringLiteral, { LABEL: "stringName" }) },
    ]));
    this.CONSUME(T.RBracket);
    this.SUBRULE(this.block);
  });

  // -- statements (`action`, `stm`) -----------------------------------------------------------

  block = this.rule("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  /** `stm`: one action, or `{ actions }` (only as the body of if/else/while). */
  body = this.rule("body", () => {
    this.OR(this.cache("or17", () => [{ ALT: () => this.SUBRULE(this.block) }, { ALT: () => this.SUBRULE(this.statement) }]));
  });

  statement = this.rule("statement", () => {
    this.OR(
      this.cache("altStatement", () => [
        { ALT: () => this.SUBRULE(this.ifStatement) },
        { ALT: () => this.SUBRULE(this.switchStatement) },
        { ALT: () => this.SUBRULE(this.whileStatement) },
        { ALT: () => this.SUBRULE(this.returnStatement) },
        { ALT: () => this.SUBRULE(this.breakStatement) },
        { ALT: () => this.SUBRULE(this.assignStatement) },
        { ALT: () => this.SUBRULE(this.callStatement) },
        { ALT: () => this.CONSUME(T.Semicolon, { LABEL: "empty" }) },
      ]),
    );
  });

  ifStatement = this.rule("ifStatement", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression, { LABEL: "test" });
    this.SUBRULE(this.body, { LABEL: "consequent" });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.SUBRULE2(this.body, { LABEL: "alternate" });
    });
  });

  switchStatement = this.rule("switchStatement", () => {
    this.CONSUME(T.Switch);
    this.SUBRULE(this.expression, { LABEL: "discriminant" });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.switchCase));
    this.CONSUME(T.RBrace);
  });

  switchCase = this.rule("switchCase", () => {
    this.OR(this.cache("or18", () => [
      {
        ALT: () => {
          this.CONSUME(T.Case);
          this.OPTION(() => this.CONSUME(T.Slash, { LABEL: "regex" }));
          this.SUBRULE(this.expression, { LABEL: "test" });
        },
      },
      { ALT: () => this.CONSUME(T.Default) },
    ]));
    this.CONSUME(T.Colon);
    this.MANY(() => this.SUBRULE(this.statement));
  });

  whileStatement = this.rule("whileStatement", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.expression, { LABEL: "test" });
    this.SUBRULE(this.body);
  });

  /** `ret_cmd`: `return|exit|drop [()|expr]`. */
  returnStatement = this.rule("returnStatement", () => {
    this.OR(this.cache("or19", () => [
      { ALT: () => this.CONSUME(T.Return, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(T.Exit, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(T.Drop, { LABEL: "keyword" }) },
    ]));
    this.OPTION(() => {
      this.OR2(this.cache("or20", () => [
        {
          GATE: () => this.LA(2).tokenType === T.RParen,
          ALT: () => {
            this.CONSUME(T.LParen, { LABEL: "emptyParens" });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.expression, { LABEL: "argument" }) },
      ]));
    });
    this.CONSUME(T.Semicolon);
  });

  breakStatement = this.rule("breakStatement", () => {
    this.CONSUME(T.Break);
    this.CONSUME(T.Semicolon);
  });

  assignStatement = this.rule("assignStatement", () => {
    this.CONSUME(T.PseudoVariable, { LABEL: "target" });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression, { LABEL: "value" });
    this.CONSUME(T.Semicolon);
  });

  /** A module function, core action or `route(X)` as a statement (`fcmd ;`). */
  callStatement = this.rule("callStatement", () => {
    this.OR(this.cache("or21", () => [
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.coreAction) },
      { ALT: () => this.SUBRULE(this.routeCall) },
    ]));
    this.CONSUME(T.Semicolon);
  });

  functionCall = this.rule("functionCall", () => {
    this.CONSUME(T.Identifier, { LABEL: "callee" });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: "args" });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression, { LABEL: "args" });
      });
    });
    this.CONSUME(T.RParen);
  });

  routeCall = this.rule("routeCall", () => {
    this.CONSUME(T.Route);
    this.CONSUME(T.LParen);
    this.OR(this.cache("or22", () => [
      {
        GATE: () => this.LA(2).tokenType === T.RParen,
        ALT: () => this.CONSUME(T.Identifier, { LABEL: "name" }),
      },
      { ALT: () => this.SUBRULE(this.expression, { LABEL: "target" }) },
    ]));
    this.CONSUME(T.RParen);
  });

  /** A core action keyword; each one's argument forms are checked in build-ast (cfg.y `cmd`). */
  coreAction = this.rule("coreAction", () => {
    this.CONSUME(T.CoreActionWord, { LABEL: "keyword" });
    this.OPTION(() => {
      this.CONSUME(T.LParen, { LABEL: "parens" });
      this.OPTION2(() => {
        this.SUBRULE(this.coreArg, { LABEL: "args" });
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.coreArg, { LABEL: "args" });
        });
      });
      this.CONSUME(T.RParen);
    });
  });

  coreArg = this.rule("coreArg", () => {
    this.OR(this.cache("or23", () => [
      { ALT: () => this.CONSUME(T.UriHost, { LABEL: "uriField" }) },
      { ALT: () => this.CONSUME(T.UriPort, { LABEL: "uriField" }) },
      {
        GATE: () => this.LA(1).tokenType !== T.Star || this.LA(2).tokenType === T.Colon,
        ALT: () => this.SUBRULE(this.coreSocket),
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]));
  });

  /** `proto[:host[:port]]`, `host[:port]`, `ip[:port]` in core action arguments. */
  coreSocket = this.rule("coreSocket", () => {
    this.OR(this.cache("or24", () => [
      {
        ALT: () => {
          this.CONSUME(T.Proto, { LABEL: "proto" });
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.socketHost);
          });
        },
      },
      { ALT: () => this.SUBRULE2(this.socketHost) },
    ]));
  });

  socketHost = this.rule("socketHost", () => {
    this.OR(this.cache("or25", () => [
      { ALT: () => this.CONSUME(T.Ipv4) },
      { ALT: () => this.CONSUME(T.Ipv6) },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.CONSUME2(T.Ipv6);
          this.CONSUME(T.RBracket);
        },
      },
      { ALT: () => this.SUBRULE(this.hostName) },
    ]));
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.OR3(this.cache("or26", () => [{ ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "port" }) }, { ALT: () => this.CONSUME(T.Star, { LABEL: "port" }) }]));
    });
  });

  // -- expressions (`rval_expr`, `exp_elem`) --------------------------------------------------

  /** Flat: operands and binary operators in order; re-associated by precedence in build-ast. */
  expression = this.rule("expression", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator, { LABEL: "operators" });
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.rule("unary", () => {
    this.MANY(() => {
      this.OR(this.cache("or27", () => [
        { ALT: () => this.CONSUME(T.Bang, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.LogNotWord, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.Tilde, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.Defined, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.IntCast, { LABEL: "prefix" }) },
        { ALT: () => this.CONSUME(T.StrCast, { LABEL: "prefix" }) },
      ]));
    });
    this.SUBRULE(this.primary);
  });

  primary = this.rule("primary", () => {
    this.OR(
      this.cache("altPrimary", () => [
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.NumberWord) },
        { ALT: () => this.SUBRULE(this.stringLiteral) },
        { ALT: () => this.CONSUME(T.PseudoVariable) },
        { ALT: () => this.CONSUME(T.Select) },
        { ALT: () => this.SUBRULE(this.assignValue) },
        { ALT: () => this.SUBRULE(this.actionsValue) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.builtinCall) },
        { ALT: () => this.SUBRULE(this.functionCall) },
        { ALT: () => this.SUBRULE(this.routeCall) },
        { ALT: () => this.SUBRULE(this.coreAction) },
        { ALT: () => this.SUBRULE(this.condition) },
        { ALT: () => this.SUBRULE(this.reversedCondition) },
      ]),
    );
  });

  /** `{ actions }` as a value (cfg.y `rval`: `LBRACE actions RBRACE`). */
  actionsValue = this.rule("actionsValue", () => {
    this.CONSUME(T.LBrace);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  /** `($pv = expr)` as a value (cfg.y `rval_expr`: `LPAREN assign_action RPAREN`). */
  assignValue = this.rule("assignValue", () => {
    this.CONSUME(T.LParen);
    this.CONSUME(T.PseudoVariable, { LABEL: "target" });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression, { LABEL: "value" });
    this.CONSUME(T.RParen);
  });

  builtinCall = this.rule("builtinCall", () => {
    this.OR(this.cache("or28", () => [
      { ALT: () => this.CONSUME(T.Strlen, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(T.Strempty, { LABEL: "name" }) },
      { ALT: () => this.CONSUME(T.Selval, { LABEL: "name" }) },
    ]));
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression, { LABEL: "args" });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression, { LABEL: "args" });
    });
    this.CONSUME(T.RParen);
  });

  /** `exp_elem`: `method == X`, `uri == myself`, `src_ip == 10.0.0.0/8`, `proto == udp`. */
  condition = this.rule("condition", () => {
    this.CONSUME(T.ConditionField, { LABEL: "field" });
    this.OR(this.cache("or29", () => [
      { ALT: () => this.CONSUME(T.EqualityOperator, { LABEL: "operator" }) },
      { ALT: () => this.CONSUME(T.RelationalOperator, { LABEL: "operator" }) },
    ]));
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      { ALT: () => this.CONSUME(T.Myself) },
      { ALT: () => this.SUBRULE(this.ipNet) },
      { ALT: () => this.CONSUME(T.ProtoWord, { LABEL: "proto" }) },
      {
        GATE: () => this.LA(1).tokenType !== T.Star || this.LA(2).tokenType !== T.PseudoVariable,
        ALT: () => this.CONSUME(T.Star, { LABEL: "proto" }),
      },
      {
        GATE: () => this.LA(2).tokenType !== T.LParen,
        ALT: () => this.SUBRULE(this.conditionName),
      },
      { ALT: () => this.SUBRULE(this.conditionOperand) },
    ]});
  });

  /** `myself == uri` */
  reversedCondition = this.rule("reversedCondition", () => {
    this.CONSUME(T.Myself);
    this.CONSUME(T.EqualityOperator, { LABEL: "operator" });
    this.CONSUME(T.ConditionField, { LABEL: "field" });
  });

  ipNet = this.rule("ipNet", () => {
    this.OR(this.cache("or30", () => [{ ALT: () => this.CONSUME(T.Ipv4, { LABEL: "address" }) }, { ALT: () => this.CONSUME(T.Ipv6, { LABEL: "address" }) }]));
    this.OPTION(() => {
      this.CONSUME(T.Slash);
      this.OR2(this.cache("or31", () => [
        { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: "bits" }) },
        { ALT: () => this.CONSUME2(T.Ipv4, { LABEL: "mask" }) },
      ]));
    });
  });

  /** A bare word (`method == INVITE`) or host name (`src_ip == a.example.com`). */
  conditionName = this.rule("conditionName", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot, { LABEL: "sep" });
      this.CONSUME2(T.Identifier);
    });
  });

  /** The right side of a condition: operators tighter than comparisons only (`%prec EQUAL_T`). */
  conditionOperand = this.rule("conditionOperand", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(T.TightOperator, { LABEL: "operators" });
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  stringLiteral = this.rule("stringLiteral", () => {
    this.OR(this.cache("or32", () => [{ ALT: () => this.CONSUME(T.DoubleString) }, { ALT: () => this.CONSUME(T.SingleString) }]));
  });

  /** `a.b =` ahead: a cfg variable starts here, so a listen list must stop. */
  private startsCfgVar(): boolean {
    if (this.LA(1).tokenType !== T.Identifier) return false;
    // `group.var =` or `group[N].var =`
    const at = this.LA(2).tokenType === T.LBracket && this.LA(4).tokenType === T.RBracket ? 5 : 2;
    const name = this.LA(at + 1).tokenType;
    return this.LA(at).tokenType === T.Dot && (name === T.Identifier || name === T.Default) && this.LA(at + 2).tokenType === T.Assign;
  }
}

type Follows = Record<string, TokenType[]>;

/** One parser for the process: building it runs the grammar analysis, which is slow. */
let instance: CfgParser | undefined;

export function cfgParser(): CfgParser {
  instance ??= new CfgParser();
  return instance;
}

export const TOKEN_TYPES: readonly TokenType[] = T.ALL_TOKENS;
