import { defineCodes } from "../diag/index.js";

/** Diagnostics of the lexer and parser. Codes are stable: never rename or reuse one. */
export const PARSE_CODES = defineCodes({
  UnexpectedCharacter: {
    severity: "warning",
    summary: "A character that cannot start any token; Kamailio echoes it to stdout and ignores it (flex's default rule).",
  },
  UnterminatedString: { severity: "error", summary: "A string literal without its closing quote." },
  UnterminatedComment: { severity: "warning", summary: "A `/* … */` comment that is never closed: it runs to the end of the file (Kamailio logs it and goes on)." },
  UnterminatedPseudoVariable: { severity: "error", summary: "A `$name(…)` or `$(…)` whose parentheses do not balance on its line." },
  SyntaxError: { severity: "error", summary: "The text does not follow the cfg grammar here." },
  UnsupportedOperator: {
    severity: "error",
    summary: "An operator Kamailio does not have (`%`, `+=`, `:=`, `!~`), with the form to write instead.",
  },
  InvalidNumber: { severity: "error", summary: "A word made of digits and letters where a number is expected (`08` is not octal)." },
  EmptyBlock: { severity: "error", summary: "A route or `{ }` body without any action; Kamailio needs at least one (`;` will do)." },
  UnknownParameter: { severity: "error", summary: "`name = value` where name is not a core parameter." },
  BadParameterValue: { severity: "error", summary: "A core parameter given a value of the wrong kind (number, string, …)." },
  BadCoreActionArguments: { severity: "error", summary: "A core action called with arguments its grammar does not accept." },
  TooManyArguments: { severity: "error", summary: "A function called with more than 6 arguments." },
  NestedFunctionCall: { severity: "error", summary: "A module function call inside the arguments of another one." },
  FlagNotDeclared: { severity: "error", summary: "`setflag`/`resetflag`/`isflagset` name a flag no `flags` declaration made before (Kamailio: flag not declared)." },
  BadFlagValue: { severity: "error", summary: "a flag number outside 0..31 (Kamailio: bad flag value)." },
  DuplicateDefault: { severity: "error", summary: "A switch with more than one `default:` label." },
  MixedCaseLabels: { severity: "error", summary: "A switch mixing integer and string case labels." },
  NonConstantCaseLabel: { severity: "error", summary: "A case label that is not a constant expression." },
  ConstantTypeMismatch: { severity: "error", summary: "An operator applied to constants of types it cannot take (`10 == \"10\"`, `1 + \"a\"`)." },
  OnsendOnly: { severity: "error", summary: "`snd_ip`, `snd_port`, `to_ip`, … used outside onsend_route." },
  NotAllowedInOnsend: { severity: "error", summary: "A core action that onsend_route does not allow (forward, route, …)." },
  NegativeLogLevel: { severity: "error", summary: "`log()` with a negative level, which Kamailio's grammar rejects." },
  UnknownTransformation: { severity: "error", summary: "A `{class.op}` transformation that Kamailio does not know." },
  BadPseudoVariable: { severity: "error", summary: "A pseudo-variable whose syntax is wrong." },
  BadAssignmentTarget: { severity: "error", summary: "A read-only pseudo-variable, or one with transformations, on the left of `=`." },
  DuplicateRoute: { severity: "error", summary: "Two route blocks with the same kind and name." },
  UndefinedRoute: { severity: "warning", summary: "`route(X)` calls a route that no `route[X]` block defines (Kamailio fails at start-up)." },
  ConstantCondition: { severity: "warning", summary: "An `if` whose condition is a constant." },
});

export type ParseCode = keyof typeof PARSE_CODES;
