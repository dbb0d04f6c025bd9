import { isAbsolute, resolve } from "node:path";
import { DiagnosticSink, type Note, SourceFile, type SourceLocation } from "../diag/index.js";
import { isReservedWord } from "../lexicon/keywords.js";
import { PREPROCESS_CODES, type PreprocessCode } from "./codes.js";
import { BUILTIN_DEFINES, type DefineMode, type DefineRecord, DefineTable, describeDefinition } from "./defines.js";
import { includeName, resolveInclude } from "./include.js";
import {
  CH,
  isBlank,
  isDigit,
  isIdStart,
  lineEnd,
  scanAttribute,
  scanBlockComment,
  scanDoubleString,
  scanEventRouteName,
  scanIdent,
  scanIpv6,
  scanPseudoVariable,
  scanSelect,
  scanSingleString,
  skipBlanks,
  skipSpaceTab,
} from "./lexical.js";
import { type InsertOrigin, OutputBuilder } from "./output.js";
import { SourceMap } from "./source-map.js";
import { type CompiledSubst, applySubsts, parseSubst, substdefParts } from "./subst.js";
import { decodeDoubleString, encodeDoubleString, encodeSingleString } from "./strings.js";
import type { PreprocessOptions, PreprocessResult, SubstRule } from "./types.js";

/** Kamailio's MAX_INCLUDE_DEPTH: the entry file plus at most 10 nested includes. */
const MAX_INCLUDE_DEPTH = 10;

/** Nested expansions allowed for one use of a define: `#!define A B B`, `#!define B C C`, … grows exponentially. */
const EXPANSION_BUDGET = 100_000;

/** A define's value being scanned in place of its name. */
interface Expansion {
  /** The define whose value this is, and the names expanded to reach it, outermost first. */
  readonly define: DefineRecord;
  readonly chain: readonly string[];
  readonly origin: InsertOrigin;
}

/** A stretch of text being scanned: a whole file, or a define's value at one use site. */
interface Source {
  readonly text: string;
  readonly end: number;
  /** The user's file: the file itself, or for an expansion the file of the outermost use. */
  readonly file: SourceFile;
  readonly includedFrom: readonly SourceLocation[] | undefined;
  readonly expansion?: Expansion;
  /** Start of the text scanned but not yet emitted. */
  copyFrom: number;
}

interface OpenIf {
  value: boolean;
  readonly loc: SourceLocation;
  readonly includedFrom: readonly SourceLocation[] | undefined;
}

type Mode = PreprocessResult["mode"];

/**
 * The preprocessing pass: one left-to-right scan that tracks the lexical context (strings, comments,
 * pseudo-variables, selects), runs directives, inlines includes and expands defines, writing the text
 * the parser lexes plus the segments that map it back.
 */
export class Preprocessor {
  private readonly sink = new DiagnosticSink(PREPROCESS_CODES);
  private readonly out = new OutputBuilder();
  private readonly defines = new DefineTable();
  private readonly substs: CompiledSubst[] = [];
  private readonly files: SourceFile[] = [];
  private readonly fileCache = new Map<string, SourceFile>();
  private readonly ifs: OpenIf[] = [];
  private active = true;
  private mode: Mode = "maxcompat";
  private braceDepth = 0;
  private includeDepth = 0;
  private expansionsLeft = EXPANSION_BUDGET;
  private readonly cwd: string;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly readFile: (path: string) => string | undefined;
  private readonly cfgPrint: boolean;

  constructor(options: PreprocessOptions, readFile: (path: string) => string | undefined) {
    this.cwd = options.cwd ?? process.cwd();
    this.env = options.env ?? process.env;
    this.readFile = readFile;
    this.cfgPrint = options.cfgPrint ?? false;
    for (const name of BUILTIN_DEFINES) this.defines.set({ name, value: undefined, source: "builtin" }, "define");
    for (const d of options.defines ?? []) {
      const r = this.defines.set({ name: d.name, value: d.value, source: "cli" }, "define");
      if (!r.ok) this.sink.report("DuplicateDefine", undefined, `-D ${d.name}: ${describeDefinition(r.previous)}`);
    }
  }

  run(entry: SourceFile): PreprocessResult {
    this.files.push(entry);
    this.fileCache.set(this.absolute(entry.path), entry);
    this.scanFile(entry, undefined);
    for (const open of this.ifs) {
      this.sink.report(
        "UnterminatedIfdef",
        open.loc,
        "this #!ifdef has no matching #!endif",
        includeNotes(open.includedFrom),
      );
    }
    return {
      text: this.out.text(),
      map: new SourceMap(this.out.segments()),
      defines: this.defines.entries(),
      substs: this.substs.map((s): SubstRule => s.rule),
      files: this.files,
      mode: this.mode,
      diagnostics: this.sink.items,
    };
  }

  private scanFile(file: SourceFile, includedFrom: readonly SourceLocation[] | undefined): void {
    const src: Source = { text: file.text, end: file.text.length, file, includedFrom, copyFrom: 0 };
    this.scan(src);
  }

  // ---- the scan ------------------------------------------------------------------------------

  private scan(src: Source): void {
    const { text, end } = src;
    const inFile = src.expansion === undefined;
    let pos = 0;
    while (pos < end) {
      if (!this.active && inFile) {
        pos = this.skipInactive(src, pos);
        continue;
      }
      const c = text.charCodeAt(pos);
      switch (c) {
        case CH.HASH: {
          if (inFile && text.charCodeAt(pos + 1) === CH.BANG) {
            const next = this.directive(src, pos);
            if (next >= 0) {
              pos = next;
              break;
            }
          }
          pos = lineEnd(text, pos, end);
          break;
        }
        case CH.BANG: {
          if (inFile && text.charCodeAt(pos + 1) === CH.BANG) {
            const next = this.directive(src, pos);
            if (next >= 0) {
              pos = next;
              break;
            }
          }
          pos++;
          break;
        }
        case CH.SLASH: {
          const d = text.charCodeAt(pos + 1);
          if (d === CH.SLASH) {
            if (inFile && text.charCodeAt(pos + 2) === CH.BANG) {
              const next = this.marker(src, pos, pos + 3);
              if (next >= 0) {
                pos = next;
                break;
              }
            }
            pos = lineEnd(text, pos, end);
          } else if (d === CH.STAR) {
            const e = scanBlockComment(text, pos, end);
            if (e < 0) {
              this.report(
                "UnterminatedComment",
                src,
                pos,
                pos + 2,
                "this /* comment is not closed: it runs to the end of the file (Kamailio logs an error and goes on)",
              );
              pos = end;
            } else pos = e;
          } else pos++;
          break;
        }
        case CH.DQUOTE:
          pos = this.doubleString(src, pos);
          break;
        case CH.SQUOTE:
          pos = this.singleString(src, pos);
          break;
        case CH.DOLLAR:
          pos = this.pseudoVariable(src, pos);
          break;
        case CH.AT: {
          const e = scanSelect(text, pos, end);
          if (e < 0) {
            this.report("UnterminatedString", src, pos, pos + 1, "a string in this select is not closed");
            pos = end;
          } else pos = e;
          break;
        }
        case CH.PERCENT:
          pos = scanAttribute(text, pos, end);
          break;
        case CH.LBRACE:
          this.braceDepth++;
          pos++;
          break;
        case CH.RBRACE:
          if (this.braceDepth > 0) this.braceDepth--;
          pos++;
          break;
        default:
          if (isIdStart(c)) pos = this.identifier(src, pos);
          else if (isDigit(c)) pos = this.number(src, pos);
          else pos++;
      }
    }
    this.flush(src, end);
  }

  /** A number, a NUM_ID such as `1abc`, or an IPv6 address starting with a digit: never a define. */
  private number(src: Source, pos: number): number {
    const { text, end } = src;
    const e = scanIdent(text, pos, end);
    if (e < end && text.charCodeAt(e) === CH.COLON) {
      const ip = scanIpv6(text, pos, end);
      if (ip > 0) return ip;
    }
    return e;
  }

  private identifier(src: Source, pos: number): number {
    const { text, end } = src;
    const e = scanIdent(text, pos, end);
    if (e < end && text.charCodeAt(e) === CH.COLON) {
      const ip = scanIpv6(text, pos, end);
      if (ip > 0) return ip;
    }
    const word = text.slice(pos, e);
    if (src.expansion === undefined && (word === "include_file" || word === "import_file")) {
      return this.include(src, pos, e, word === "import_file");
    }
    if (isReservedWord(word)) {
      if (word === "event_route") return scanEventRouteName(text, e, end);
      if (word === "loadmodule" || word === "loadmodulex") this.loadmodule(src, e);
      return e;
    }
    const d = this.defines.get(word);
    if (d !== undefined && !this.cfgPrint) {
      this.flush(src, pos);
      this.expand(src, d, pos, e);
      src.copyFrom = e;
    }
    return e;
  }

  private expand(src: Source, d: DefineRecord, start: number, end: number): void {
    const outer = src.expansion;
    const chain = outer ? [...outer.chain, d.name] : [d.name];
    if (outer?.chain.includes(d.name)) {
      const notes: Note[] = d.definedAt ? [{ message: `${d.name} is defined here`, loc: d.definedAt }] : [];
      this.reportAt(
        "DefineCycle",
        this.locate(src, start, end),
        `define ${chain[0]} expands to itself (${chain.join(" -> ")}); Kamailio would loop for ever`,
        notes,
        src.includedFrom,
      );
      return;
    }
    if (d.value === undefined) return;
    if (!outer) this.expansionsLeft = EXPANSION_BUDGET;
    else if (--this.expansionsLeft === 0) {
      this.reportAt(
        "DefineExpansionTooLarge",
        this.locate(src, start, end),
        `the expansion of define ${chain[0]} needs more than ${EXPANSION_BUDGET} nested expansions; it is cut short`,
        [],
        src.includedFrom,
      );
    }
    if (this.expansionsLeft <= 0) return;
    const origin: InsertOrigin = outer
      ? { ...outer.origin, env: d.env, quoted: d.quoted }
      : {
          file: src.file,
          srcStart: start,
          srcEnd: end,
          define: d.name,
          env: d.env,
          quoted: d.quoted,
          definedAt: d.definedAt,
          includedFrom: src.includedFrom,
        };
    this.scan({
      text: d.value,
      end: d.value.length,
      file: src.file,
      includedFrom: src.includedFrom,
      expansion: { define: d, chain, origin },
      copyFrom: 0,
    });
  }

  // ---- tokens that #!subst rewrites --------------------------------------------------------------

  private doubleString(src: Source, pos: number): number {
    const { text, end } = src;
    const e = scanDoubleString(text, pos, end);
    if (e < 0) {
      this.report("UnterminatedString", src, pos, pos + 1, "this string is not closed");
      return end;
    }
    if (this.substs.length === 0) return e;
    const run = this.joinedStrings(text, pos, e, end);
    const replaced = applySubsts(this.substs, run.value);
    if (replaced !== undefined) this.replace(src, pos, run.end, encodeDoubleString(replaced));
    return run.end;
  }

  /** Adjacent double-quoted strings separated only by blanks and newlines form one STRING token. */
  private joinedStrings(text: string, pos: number, e: number, end: number): { value: string; end: number } {
    const values = [decodeDoubleString(text, pos, e)];
    let last = e;
    for (;;) {
      let k = last;
      while (k < end && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === CH.NL)) k++;
      if (k >= end || text.charCodeAt(k) !== CH.DQUOTE) break;
      const e2 = scanDoubleString(text, k, end);
      if (e2 < 0) break;
      values.push(decodeDoubleString(text, k, e2));
      last = e2;
    }
    return { value: values.join(""), end: last };
  }

  private singleString(src: Source, pos: number): number {
    const { text, end } = src;
    const e = scanSingleString(text, pos, end);
    if (e < 0) {
      this.report("UnterminatedString", src, pos, pos + 1, "this string is not closed");
      return end;
    }
    if (this.substs.length === 0) return e;
    const replaced = applySubsts(this.substs, text.slice(pos + 1, e - 1));
    if (replaced !== undefined) this.replace(src, pos, e, encodeSingleString(replaced));
    return e;
  }

  private pseudoVariable(src: Source, pos: number): number {
    const { text, end } = src;
    const pv = scanPseudoVariable(text, pos, end, this.mode === "kamailio");
    if (pv.end < 0) {
      const le = lineEnd(text, pos, end);
      this.report("UnterminatedPseudoVariable", src, pos, le, "the parentheses of this pseudo-variable are not closed on its line");
      return le;
    }
    if (pv.substituted && this.substs.length > 0) {
      const replaced = applySubsts(this.substs, text.slice(pos, pv.end));
      if (replaced !== undefined) this.replace(src, pos, pv.end, replaced);
    }
    return pv.end;
  }

  /** Emits `replacement` instead of `src.text[start, end)`. */
  private replace(src: Source, start: number, end: number, replacement: string): void {
    this.flush(src, start);
    const exp = src.expansion;
    if (exp) this.out.insert(replacement, "define", exp.origin);
    else {
      this.out.insert(replacement, "copy", {
        file: src.file,
        srcStart: start,
        srcEnd: end,
        includedFrom: src.includedFrom,
      });
    }
    src.copyFrom = end;
  }

  private flush(src: Source, to: number): void {
    if (to <= src.copyFrom) return;
    const exp = src.expansion;
    if (exp) this.out.insert(src.text.slice(src.copyFrom, to), "define", exp.origin);
    else this.out.copy(src.file, src.copyFrom, to, src.includedFrom);
    src.copyFrom = to;
  }

  // ---- directives ------------------------------------------------------------------------------

  /** `pos` at `#!` or `!!`. Runs the directive and returns where scanning goes on, or -1 if there is none. */
  private directive(src: Source, pos: number): number {
    const { text, end } = src;
    const w0 = pos + 2;
    let w = w0;
    while (w < end && isIdStart(text.charCodeAt(w))) w++;
    const word = text.slice(w0, w);
    const blankAfter = w < end && isBlank(text.charCodeAt(w));
    switch (word) {
      case "define":
      case "def":
        return blankAfter ? this.define(src, pos, w, "define", word) : -1;
      case "trydefine":
      case "trydef":
        return blankAfter ? this.define(src, pos, w, "trydef", word) : -1;
      case "redefine":
      case "redef":
        return blankAfter ? this.define(src, pos, w, "redefine", word) : -1;
      case "ifdef":
      case "ifndef":
        return blankAfter ? this.ifdef(src, pos, w, word === "ifdef") : -1;
      case "else":
      case "endif":
        return this.elseOrEndif(src, pos, w, word);
      case "subst":
      case "substdef":
      case "substdefs":
        return this.subst(src, pos, w, word);
      case "defenv":
      case "defenvs":
      case "trydefenv":
      case "trydefenvs":
        return this.defenv(src, pos, w, word);
      case "include_file":
      case "import_file":
        return this.include(src, pos, w, word === "import_file");
      case "undef":
      case "undefine":
      case "tryundef":
      case "tryundefine":
        return blankAfter ? this.undef(src, pos, w, word) : -1;
      case "ifexp":
      case "defexp":
      case "defexps":
        this.report(
          "IgnoredInKamailio56",
          src,
          pos,
          w,
          `#!${word} exists only since Kamailio 5.7: Kamailio 5.6 treats this line as a comment, and so does kemits`,
        );
        return -1;
      default:
        return text.charCodeAt(pos) === CH.HASH ? this.marker(src, pos, w0) : -1;
    }
  }

  /** `#!KAMAILIO` and friends (also `//!…`), directly followed by a newline. `w0` at the word. */
  private marker(src: Source, pos: number, w0: number): number {
    const { text, end } = src;
    let w = w0;
    while (w < end && isIdStart(text.charCodeAt(w))) w++;
    if (w >= end || text.charCodeAt(w) !== CH.NL) return -1;
    const mode = MARKERS.get(text.slice(w0, w));
    if (mode === undefined) return -1;
    this.mode = mode;
    return this.drop(src, pos, w + 1, !this.cfgPrint);
  }

  private define(src: Source, pos: number, w: number, mode: DefineMode, word: string): number {
    const { text, end } = src;
    const n = skipBlanks(text, w, end);
    const ne = scanIdent(text, n, end);
    if (ne === n || !isIdStart(text.charCodeAt(n)) || text.charCodeAt(ne) === CH.MINUS) {
      const le = lineEnd(text, n, end);
      const message =
        ne > n && text.charCodeAt(ne) === CH.MINUS
          ? `'-' is not allowed in a define name (Kamailio aborts)`
          : `expected a name after #!${word}`;
      this.report("InvalidDefineName", src, n, Math.max(n + 1, ne), message);
      return this.drop(src, pos, Math.min(le + 1, end), true);
    }
    const name = text.slice(n, ne);
    const v = skipBlanks(text, ne, end);
    let value: string | undefined;
    let after: number;
    if (v >= end) after = end;
    else if (text.charCodeAt(v) === CH.NL) after = v + 1;
    else {
      const pieces: string[] = [];
      let s = v;
      for (;;) {
        const nl = text.indexOf("\n", s);
        if (nl < 0 || nl >= end) {
          this.report(
            "DefineValueAtEndOfFile",
            src,
            v,
            end,
            `the value of ${name} is on the last line with no newline after it: Kamailio drops it and defines ${name} with no value`,
          );
          after = end;
          break;
        }
        if (text.charCodeAt(nl - 1) === CH.BACKSLASH) {
          pieces.push(text.slice(s, nl - 1));
          s = nl + 1;
          continue;
        }
        pieces.push(text.slice(s, nl));
        after = nl + 1;
        value = pieces.join("");
        if (value.charCodeAt(value.length - 1) === CH.CR) value = value.slice(0, -1);
        this.checkValueComment(src, name, v, nl);
        break;
      }
    }
    const record: DefineRecord = {
      name,
      value,
      source: "cfg",
      directive: word,
      definedAt: this.locate(src, n, ne),
    };
    this.addDefine(src, record, mode, n, ne);
    return this.drop(src, pos, after, !this.cfgPrint);
  }

  /** Warns when a define's value carries a line comment: Kamailio keeps it as part of the value. */
  private checkValueComment(src: Source, name: string, start: number, end: number): void {
    const text = src.text;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === CH.DQUOTE || c === CH.SQUOTE) {
        const e = c === CH.DQUOTE ? scanDoubleString(text, i, end) : scanSingleString(text, i, end);
        if (e < 0) return;
        i = e - 1;
      } else if (c === CH.HASH || (c === CH.SLASH && text.charCodeAt(i + 1) === CH.SLASH)) {
        this.report(
          "CommentInDefineValue",
          src,
          i,
          end,
          `the value of ${name} includes this comment: Kamailio keeps it in the value, so every use of ${name} comments out the rest of its line`,
        );
        return;
      }
    }
  }

  private addDefine(src: Source, record: DefineRecord, mode: DefineMode, start: number, end: number): void {
    const r = this.defines.set(record, mode);
    if (r.ok) return;
    const notes: Note[] = [{ message: describeDefinition(r.previous), loc: r.previous.definedAt }];
    this.report("DuplicateDefine", src, start, end, `${record.name} is already defined`, notes);
  }

  private undef(src: Source, pos: number, w: number, word: string): number {
    const { text, end } = src;
    const n = skipBlanks(text, w, end);
    const ne = scanIdent(text, n, end);
    const le = lineEnd(text, n, end);
    this.report(
      "IgnoredInKamailio56",
      src,
      pos,
      w,
      `Kamailio 5.6 treats #!${word} as a comment; kemits applies it as newer Kamailio versions do`,
    );
    if (ne === n || !isIdStart(text.charCodeAt(n)) || text.charCodeAt(ne) === CH.MINUS) {
      this.report("InvalidDefineName", src, n, Math.max(n + 1, ne), `expected a name after #!${word}`);
    } else {
      const name = text.slice(n, ne);
      const junk = skipBlanks(text, ne, end);
      if (junk < le) this.report("JunkAfterDirective", src, junk, le, `text after #!${word} ${name} is ignored`);
      if (!this.defines.delete(name) && !word.startsWith("try")) {
        this.report("UndefNotDefined", src, n, ne, `${name} is not defined, so it cannot be undefined`);
      }
    }
    return this.drop(src, pos, Math.min(le + 1, end), !this.cfgPrint);
  }

  private ifdef(src: Source, pos: number, w: number, positive: boolean): number {
    const { text, end } = src;
    const n = skipBlanks(text, w, end);
    const ne = scanIdent(text, n, end);
    const le = lineEnd(text, n, end);
    let defined = false;
    if (ne === n || !isIdStart(text.charCodeAt(n)) || text.charCodeAt(ne) === CH.MINUS) {
      const message =
        ne > n && text.charCodeAt(ne) === CH.MINUS
          ? `'-' is not allowed in a define name (Kamailio aborts)`
          : `expected a name after #!${positive ? "ifdef" : "ifndef"}`;
      this.report("InvalidDefineName", src, n, Math.max(n + 1, ne), message);
    } else {
      defined = this.defines.has(text.slice(n, ne));
      const junk = skipBlanks(text, ne, end);
      if (junk < le) {
        this.report("JunkAfterDirective", src, junk, le, "Kamailio ignores the text after the name of an #!ifdef");
      }
    }
    this.ifs.push({ value: defined === positive, loc: this.locate(src, pos, ne), includedFrom: src.includedFrom });
    this.updateActive();
    return this.drop(src, pos, Math.min(le + 1, end), true);
  }

  private elseOrEndif(src: Source, pos: number, w: number, word: string): number {
    const { text, end } = src;
    const b = skipBlanks(text, w, end);
    if (b >= end || text.charCodeAt(b) !== CH.NL) {
      const why =
        b >= end
          ? `#!${word} on the last line needs a newline after it`
          : `text after #!${word} makes the line a comment for Kamailio`;
      const effect = word === "else" ? "this #!else is ignored" : "this #!endif does not close anything";
      this.report("NotADirective", src, pos, b >= end ? w : lineEnd(text, b, end), `${why}: ${effect}`);
      return -1;
    }
    const top = this.ifs[this.ifs.length - 1];
    if (word === "else") {
      if (top) top.value = !top.value;
      else this.report("UnmatchedElse", src, pos, w, "#!else without #!ifdef: Kamailio ignores it");
    } else if (top) this.ifs.pop();
    else this.report("UnmatchedEndif", src, pos, w, "#!endif without a matching #!ifdef or #!ifndef");
    this.updateActive();
    return this.drop(src, pos, b + 1, true);
  }

  private updateActive(): void {
    let active = true;
    for (const f of this.ifs) if (!f.value) active = false;
    this.active = active;
  }

  /**
   * Skips an inactive region, as cfg.lex's IFDEF_SKIP state does: character by character, looking
   * only for `#!ifdef`, `#!ifndef`, `#!else` and `#!endif` (strings and comments are not tracked).
   */
  private skipInactive(src: Source, pos: number): number {
    const { text, end } = src;
    let i = pos;
    for (;;) {
      const bang = text.indexOf("!", i);
      if (bang < 0 || bang >= end - 1) {
        src.copyFrom = end;
        return end;
      }
      let p = -1;
      if (text.charCodeAt(bang + 1) === CH.BANG) p = bang;
      else if (bang > 0 && text.charCodeAt(bang - 1) === CH.HASH) p = bang - 1;
      if (p >= 0) {
        let w = p + 2;
        while (w < end && isIdStart(text.charCodeAt(w))) w++;
        const word = text.slice(p + 2, w);
        src.copyFrom = p;
        if ((word === "ifdef" || word === "ifndef") && w < end && isBlank(text.charCodeAt(w))) {
          return this.ifdef(src, p, w, word === "ifdef");
        }
        if (word === "else" || word === "endif") {
          const next = this.elseOrEndif(src, p, w, word);
          if (next >= 0) return next;
        }
      }
      i = bang + 1;
    }
  }

  private defenv(src: Source, pos: number, w: number, word: string): number {
    const { text, end } = src;
    const n = skipSpaceTab(text, w, end);
    let e = n;
    while (e < end) {
      const c = text.charCodeAt(e);
      if (c === CH.SPACE || c === CH.TAB || c === CH.CR || c === CH.NL) break;
      e++;
    }
    const token = text.slice(n, e);
    const eq = token.indexOf("=");
    const name = eq < 0 ? token : token.slice(0, eq);
    const variable = eq < 0 ? token : token.slice(eq + 1);
    if (token.length === 0 || name.length === 0 || variable.length === 0) {
      this.report("InvalidEnvDirective", src, pos, Math.max(e, w), `#!${word} needs VAR or NAME=VAR`);
      return this.drop(src, pos, e, !this.cfgPrint);
    }
    const value = this.env[variable];
    const quoted = word.endsWith("s");
    if (value === undefined) {
      if (!word.startsWith("try")) {
        this.report("EnvNotSet", src, n, e, `environment variable ${variable} is not set`);
      }
    } else {
      const record: DefineRecord = {
        name,
        value: quoted ? `"${value}"` : value,
        source: "cfg",
        directive: word,
        env: variable,
        quoted,
        definedAt: this.locate(src, n, e),
      };
      this.addDefine(src, record, "define", n, n + name.length);
    }
    return this.drop(src, pos, e, !this.cfgPrint);
  }

  private subst(src: Source, pos: number, w: number, word: "subst" | "substdef" | "substdefs"): number {
    const { text, end } = src;
    let k = w;
    while (k < end && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === CH.NL)) k++;
    const q = text.charCodeAt(k);
    let value: string;
    let last: number;
    if (q === CH.DQUOTE) {
      const e = scanDoubleString(text, k, end);
      if (e < 0) {
        this.report("UnterminatedString", src, k, k + 1, "this string is not closed");
        return end;
      }
      ({ value, end: last } = this.joinedStrings(text, k, e, end));
    } else if (q === CH.SQUOTE) {
      last = scanSingleString(text, k, end);
      if (last < 0) {
        this.report("UnterminatedString", src, k, k + 1, "this string is not closed");
        return end;
      }
      value = text.slice(k + 1, last - 1);
    } else {
      this.report("InvalidSubst", src, pos, w, `expected a string after #!${word}`);
      return this.drop(src, pos, w, true);
    }
    value = applySubsts(this.substs, value) ?? value;
    if (this.braceDepth > 0) {
      this.report("SubstInsideRoute", src, pos, w, `#!${word} is only allowed at top level, not inside a block`);
      return this.drop(src, pos, last, true);
    }
    const parsed = parseSubst(word, value);
    if (!parsed.ok) {
      this.report("InvalidSubst", src, k, last, parsed.message);
      return this.drop(src, pos, last, true);
    }
    if (parsed.unsupported.length > 0) {
      this.report(
        "UnsupportedSubst",
        src,
        k,
        last,
        `the replacement uses ${parsed.unsupported.join(" and ")}, which Kamailio evaluates at start-up; kemits keeps it as text`,
      );
    }
    this.substs.push(parsed.subst);
    if (word !== "subst") {
      const def = substdefParts(value);
      if (def) {
        const record: DefineRecord = {
          name: def.name,
          value: word === "substdefs" ? `"${def.value}"` : def.value,
          source: "cfg",
          directive: word,
          quoted: word === "substdefs",
          definedAt: this.locate(src, k, last),
        };
        this.addDefine(src, record, "define", k, last);
      }
    }
    return this.drop(src, pos, last, !this.cfgPrint);
  }

  /** `include_file` / `import_file` (with or without `#!`/`!!`); `w` after the keyword. */
  private include(src: Source, pos: number, w: number, isImport: boolean): number {
    const { text, end } = src;
    const keyword = isImport ? "import_file" : "include_file";
    const n = skipSpaceTab(text, w, end);
    let e = n;
    while (e < end) {
      const c = text.charCodeAt(e);
      if (c === CH.SPACE || c === CH.TAB || c === CH.CR || c === CH.NL) break;
      e++;
    }
    if (e === n) {
      this.report("InvalidIncludeName", src, pos, w, `expected a file name in double quotes after ${keyword}`);
      return this.drop(src, pos, w, true);
    }
    if (this.includeDepth >= MAX_INCLUDE_DEPTH) {
      this.report("IncludeTooDeep", src, n, e, `too many nested includes (at most ${MAX_INCLUDE_DEPTH})`);
      return this.drop(src, pos, e, true);
    }
    const token = text.slice(n, e);
    const parsed = includeName(applySubsts(this.substs, token) ?? token);
    if ("error" in parsed) {
      this.report("InvalidIncludeName", src, n, e, parsed.error);
      return this.drop(src, pos, e, true);
    }
    const found = resolveInclude(parsed.name, src.file.path, this.cwd, this.readFile);
    if (!found.found) {
      if (!isImport) {
        this.report(
          "IncludeNotFound",
          src,
          n,
          e,
          `cannot open included file ${parsed.name} (tried ${found.tried.join(", ")})`,
        );
      }
      return this.drop(src, pos, e, true);
    }
    const lineStart = this.beginDrop(src, pos);
    const file = this.sourceFile(found.path, found.text);
    const includedFrom = [this.locate(src, pos, e), ...(src.includedFrom ?? [])];
    this.includeDepth++;
    this.scanFile(file, includedFrom);
    this.includeDepth--;
    return this.endDrop(src, e, lineStart && this.out.lastCode === CH.NL);
  }

  /** Defines MOD_<name> for `loadmodule "path/name.so"`, as sr_module.c does once the module loads. */
  private loadmodule(src: Source, after: number): void {
    const { text, end } = src;
    let k = after;
    while (k < end && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === CH.NL)) k++;
    const q = text.charCodeAt(k);
    let value: string;
    let last: number;
    if (q === CH.DQUOTE) {
      const e = scanDoubleString(text, k, end);
      if (e < 0) return;
      ({ value, end: last } = this.joinedStrings(text, k, e, end));
    } else if (q === CH.SQUOTE) {
      last = scanSingleString(text, k, end);
      if (last < 0) return;
      value = text.slice(k + 1, last - 1);
    } else return;
    value = applySubsts(this.substs, value) ?? value;
    if (value.length > 3 && value.endsWith(".so")) value = value.slice(0, -3);
    const name = value.slice(value.lastIndexOf("/") + 1);
    if (name.length === 0) return;
    const defName = `MOD_${name}`;
    if (this.defines.get(defName)?.source === "loadmodule") return;
    const record: DefineRecord = { name: defName, value: undefined, source: "loadmodule", definedAt: this.locate(src, k, last) };
    this.addDefine(src, record, "define", k, last);
  }

  // ---- output and locations ----------------------------------------------------------------------

  /**
   * Removes directive text `[start, after)` from the output. A directive alone on its line loses its
   * indentation too; with `wholeLine`, a blank rest of the line goes with it.
   */
  private drop(src: Source, start: number, after: number, remove: boolean): number {
    if (!remove) return after;
    const atLineStart = this.beginDrop(src, start);
    return this.endDrop(src, after, atLineStart);
  }

  private beginDrop(src: Source, start: number): boolean {
    const text = src.text;
    let ls = start;
    while (ls > 0 && (text.charCodeAt(ls - 1) === CH.SPACE || text.charCodeAt(ls - 1) === CH.TAB)) ls--;
    const atLineStart = ls === 0 || text.charCodeAt(ls - 1) === CH.NL;
    this.flush(src, atLineStart ? Math.max(ls, src.copyFrom) : start);
    return atLineStart;
  }

  private endDrop(src: Source, after: number, atLineStart: boolean): number {
    const text = src.text;
    let next = after;
    if (text.charCodeAt(after - 1) === CH.NL) {
      // Keep the newline when text before the directive stays on the line: it separates tokens.
      if (!atLineStart) next = after - 1;
    } else if (atLineStart) {
      const b = skipBlanks(text, after, src.end);
      if (b < src.end && text.charCodeAt(b) === CH.NL) next = b + 1;
    }
    src.copyFrom = Math.max(src.copyFrom, next);
    return after;
  }

  private sourceFile(path: string, text: string): SourceFile {
    const abs = this.absolute(path);
    let file = this.fileCache.get(abs);
    if (!file) {
      file = new SourceFile(path, text);
      this.fileCache.set(abs, file);
      this.files.push(file);
    }
    return file;
  }

  private absolute(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }

  /** Where `src.text[start, end)` is in the user's files (the use site, inside an expansion). */
  private locate(src: Source, start: number, end: number): SourceLocation {
    const exp = src.expansion;
    if (exp) return { file: exp.origin.file, start: exp.origin.srcStart, end: exp.origin.srcEnd };
    return { file: src.file, start, end };
  }

  private report(code: PreprocessCode, src: Source, start: number, end: number, message: string, notes: Note[] = []) {
    const exp = src.expansion;
    const via = exp && exp.chain.length > 1 ? ` (${exp.chain.join(" -> ")})` : "";
    const all = exp ? [{ message: `in expansion of define ${exp.define.name}${via}`, loc: exp.define.definedAt }, ...notes] : notes;
    this.reportAt(code, this.locate(src, start, end), message, all, src.includedFrom);
  }

  private reportAt(
    code: PreprocessCode,
    loc: SourceLocation,
    message: string,
    notes: Note[],
    includedFrom: readonly SourceLocation[] | undefined,
  ): void {
    this.sink.report(code, loc, message, [...notes, ...includeNotes(includedFrom)]);
  }
}

const MARKERS = new Map<string, Mode>([
  ["KAMAILIO", "kamailio"],
  ["OPENSER", "kamailio"],
  ["SER", "ser"],
  ["MAXCOMPAT", "maxcompat"],
  ["ALL", "maxcompat"],
]);

function includeNotes(includedFrom: readonly SourceLocation[] | undefined): Note[] {
  return (includedFrom ?? []).map((loc) => ({ message: "included from here", loc }));
}
