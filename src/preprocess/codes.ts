import { defineCodes } from "../diag/index.js";

/** Diagnostics of the preprocessor. Codes are stable: never rename or reuse one. */
export const PREPROCESS_CODES = defineCodes({
  UnterminatedIfdef: { severity: "error", summary: "an #!ifdef/#!ifndef has no matching #!endif" },
  UnmatchedEndif: { severity: "error", summary: "an #!endif has no #!ifdef/#!ifndef to close" },
  UnmatchedElse: { severity: "warning", summary: "an #!else outside any #!ifdef (Kamailio ignores it)" },
  NotADirective: {
    severity: "warning",
    summary: "#!else/#!endif with text after it or no newline: Kamailio sees a comment, not a directive",
  },
  JunkAfterDirective: { severity: "warning", summary: "text after the name of an #!ifdef/#!ifndef is ignored" },
  DuplicateDefine: { severity: "error", summary: "a name is defined twice with #!define (use #!redefine or #!trydef)" },
  InvalidDefineName: { severity: "error", summary: "a define name is missing or contains a character such as '-'" },
  UndefNotDefined: { severity: "error", summary: "#!undef names a define that does not exist" },
  DefineCycle: { severity: "error", summary: "a define expands to itself (Kamailio would hang)" },
  DefineExpansionTooLarge: { severity: "error", summary: "a define expands to an exponentially large text" },
  CommentInDefineValue: {
    severity: "warning",
    summary: "a define's value ends in a comment, which comments out the rest of every line using it",
  },
  DefineValueAtEndOfFile: {
    severity: "warning",
    summary: "a #!define value on the last line without a newline is dropped by Kamailio",
  },
  EnvNotSet: { severity: "error", summary: "#!defenv/#!defenvs name an environment variable that is not set" },
  InvalidEnvDirective: { severity: "error", summary: "#!defenv family directive without a valid VAR or NAME=VAR" },
  EntryNotFound: { severity: "error", summary: "the configuration file itself cannot be read" },
  IncludeNotFound: { severity: "error", summary: "include_file names a file that does not exist" },
  InvalidIncludeName: { severity: "error", summary: "an include/import file name is missing, empty or not in double quotes" },
  IncludeTooDeep: { severity: "error", summary: "includes nested more than 10 levels deep" },
  SubstInsideRoute: { severity: "error", summary: "#!subst/#!substdef/#!substdefs used inside a block" },
  InvalidSubst: { severity: "error", summary: "a #!subst expression is malformed" },
  UnsupportedSubst: {
    severity: "warning",
    summary: "a #!subst part that Kamailio evaluates at start-up ($pseudo-variables, \\u) is kept as text",
  },
  UnterminatedString: { severity: "error", summary: "a string literal is not closed" },
  UnterminatedComment: { severity: "warning", summary: "a /* comment is not closed and runs to the end of the file" },
  UnterminatedPseudoVariable: { severity: "error", summary: "a $(…) or $name(…) pseudo-variable is not closed on its line" },
  IgnoredInKamailio56: {
    severity: "warning",
    summary: "a directive of newer Kamailio versions, which Kamailio 5.6 treats as a comment",
  },
});

export type PreprocessCode = keyof typeof PREPROCESS_CODES;
