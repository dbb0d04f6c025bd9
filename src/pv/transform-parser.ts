/**
 * Transformation chains `{class.op,arg,…}{…}` inside `$(…)`, read as Kamailio 5.6.3's `tr_lookup`
 * (`src/core/pvapi.c`) and the classes' `tr_parse_*` functions do: blanks may sit between
 * transformations, the class runs up to the first `.`, the op up to `,` or `}` (trimmed, any case),
 * and each argument is read according to its kind (see `TransformParamKind`).
 */
import { type TransformInfo, type TransformParamKind, lookupTransform, transformClassModule } from "./transform-table.js";
import type { PvSpec, PvSyntaxError, Transform, TransformArg } from "./types.js";

type SpecParser = (
  text: string,
  start: number,
  limit: number,
) => { spec?: PvSpec; error?: PvSyntaxError; length: number };

export interface ChainResult {
  readonly transforms: Transform[];
  /** Offset just past the last `}` and the blanks after it. */
  readonly end: number;
  readonly error?: PvSyntaxError;
}

const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\n";

class SyntaxFailure {
  constructor(readonly error: PvSyntaxError) {}
}

/** Reads transformations from `from` (a `{`) up to `limit`, which is never read. */
export function parseTransformChain(text: string, from: number, limit: number, parseSpec: SpecParser): ChainResult {
  const transforms: Transform[] = [];
  const reader = new ChainReader(text, limit, parseSpec);
  let p = from;
  try {
    for (;;) {
      while (p < limit && isBlank(text[p])) p++;
      if (p >= limit || text[p] !== "{") break;
      const t = reader.transform(p);
      transforms.push(t);
      p = t.end;
    }
  } catch (e) {
    if (e instanceof SyntaxFailure) return { transforms, end: p, error: e.error };
    throw e;
  }
  return { transforms, end: p };
}

class ChainReader {
  constructor(
    private readonly text: string,
    private readonly limit: number,
    private readonly parseSpec: SpecParser,
  ) {}

  private fail(offset: number, message: string): never {
    throw new SyntaxFailure({ offset, message });
  }

  private skipBlanks(p: number): number {
    while (p < this.limit && isBlank(this.text[p])) p++;
    return p;
  }

  /** One `{…}` starting at `open`. */
  transform(open: number): Transform {
    const { text, limit } = this;
    let p = open + 1;
    const clsStart = p;
    while (p < limit && text[p] !== "." && text[p] !== "}") p++;
    if (text[p] !== "." || p === clsStart || p >= limit) {
      this.fail(clsStart, "expected a transformation class and op, as in {s.len}");
    }
    const cls = text.slice(clsStart, p);
    if (transformClassModule(cls) === undefined) this.fail(clsStart, `unknown transformation class '${cls}'`);
    p++;
    const opStart = p;
    while (p < limit && text[p] !== "," && text[p] !== "}") p++;
    if (p >= limit) this.fail(open, "unclosed '{' in transformation");
    const op = text.slice(opStart, p).trim();
    const info = lookupTransform(cls, op);
    if (!info) this.fail(opStart, `unknown transformation {${cls}.${op}}`);
    if (info.unusable) this.fail(opStart, info.unusable);

    const args: TransformArg[] = [];
    for (let i = 0; i < info.params.length; i++) {
      if (text[p] !== ",") {
        if (i >= info.params.length - info.optional) break;
        this.fail(p, `{${cls}.${op}} needs ${countText(info)}`);
      }
      p++;
      const arg = this.arg(p, info.params[i]!, info);
      args.push(arg.arg);
      p = arg.end;
    }
    p = this.skipBlanks(p);
    if (text[p] !== "}" || p >= limit) {
      const what = text[p] === "," ? `too many arguments: {${cls}.${op}} takes ${countText(info)}` : "expected '}'";
      this.fail(p, what);
    }
    return { text: text.slice(open, p + 1), start: open, end: p + 1, cls, op: info.op, args };
  }

  private arg(from: number, kind: TransformParamKind, info: TransformInfo): { arg: TransformArg; end: number } {
    const { text, limit } = this;
    if (kind === "char") return this.selectChar(from);
    if (kind === "subst") return this.substArg(from);
    const p = this.skipBlanks(from);
    if (text[p] === "$") {
      const r = this.parseSpec(text, p, limit);
      if (r.error) throw new SyntaxFailure(r.error);
      const end = p + r.length;
      if (kind === "sep" && end - from !== 1) this.fail(from, `the separator of {${info.cls}.${info.op}} must be one character`);
      return { arg: { kind: "pv", pv: r.spec! }, end };
    }
    if (kind === "int" || kind === "uint") return this.intArg(p, kind, info);
    let q = p;
    while (q < limit && text[q] !== "\t" && text[q] !== "\n" && text[q] !== "," && text[q] !== "}") q++;
    if (q >= limit) this.fail(p, "unterminated transformation argument");
    if ((kind === "strc" || kind === "sepc") && text[q] === ",") q++;
    if ((kind === "sep" || kind === "sepc") && q - from !== 1) {
      this.fail(from, `the separator of {${info.cls}.${info.op}} must be one character`);
    }
    return { arg: { kind: "str", value: text.slice(p, q) }, end: q };
  }

  private intArg(p: number, kind: "int" | "uint", info: TransformInfo): { arg: TransformArg; end: number } {
    const { text, limit } = this;
    const c = text[p];
    if (p >= limit || !(c === "+" || c === "-" || (c! >= "0" && c! <= "9"))) {
      this.fail(p, `{${info.cls}.${info.op}} expects a number or a pseudo-variable here`);
    }
    let sign = 1;
    if (c === "-" || c === "+") {
      if (c === "-") sign = -1;
      p++;
    }
    p = this.skipBlanks(p);
    const digitsStart = p;
    while (p < limit && text[p]! >= "0" && text[p]! <= "9") p++;
    const value = sign * Number(text.slice(digitsStart, p) || "0");
    if (kind === "uint" && value < 0) this.fail(digitsStart - 1, `{${info.cls}.${info.op}} does not take a negative number here`);
    return { arg: { kind: "int", value }, end: p };
  }

  /** `s.select`'s separator: the very next character (a blank included), or an escape. */
  private selectChar(p: number): { arg: TransformArg; end: number } {
    const { text, limit } = this;
    if (p >= limit) this.fail(p, "{s.select} needs a separator character");
    if (text[p] !== "\\") return { arg: { kind: "str", value: text[p]! }, end: p + 1 };
    const esc: Record<string, string> = { "\\": "\\", n: "\n", r: "\r", t: "\t" };
    const e = text[p + 1];
    if (e === undefined || p + 1 >= limit || !Object.hasOwn(esc, e)) this.fail(p, "unexpected escape in {s.select} separator");
    return { arg: { kind: "str", value: esc[e]! }, end: p + 2 };
  }

  /** `re.subst`: a PV, or the expression up to the `}` that balances the braces in it. */
  private substArg(p: number): { arg: TransformArg; end: number } {
    const { text, limit } = this;
    if (text[p] === "$") {
      const r = this.parseSpec(text, p, limit);
      if (r.error) throw new SyntaxFailure(r.error);
      return { arg: { kind: "pv", pv: r.spec! }, end: p + r.length };
    }
    let depth = 0;
    let q = p;
    for (; q < limit; q++) {
      if (text[q] === "}") {
        if (depth === 0) break;
        depth--;
      } else if (text[q] === "{") depth++;
    }
    if (q >= limit || q === p) this.fail(p, "{re.subst} needs a substitution expression such as /a/b/");
    return { arg: { kind: "str", value: text.slice(p, q) }, end: q };
  }
}

function countText(info: TransformInfo): string {
  const max = info.params.length;
  const min = max - info.optional;
  const n = (k: number) => `${k} argument${k === 1 ? "" : "s"}`;
  if (max === 0) return "no arguments";
  return min === max ? n(max) : `${min} to ${n(max)}`;
}
