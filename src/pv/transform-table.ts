/**
 * Every transformation Kamailio 5.6.3 knows: the `tr_export_t` classes of the pv, textops, sqlops,
 * json, corex, msrp, xhttp and kazoo modules, and the ops each class's parse function accepts
 * (`tr_parse_*` in `src/modules/pv/pv_trans.c` and the modules' own parsers). Class names are
 * case-sensitive (`tr_lookup_class` compares bytes); op names are not (`strncasecmp`).
 */

/**
 * How one argument is read, after the blanks before it are skipped; each kind can also be a PV.
 * - `int`: optional sign, blanks, digits (`_tr_parse_nparam`); no digits gives 0.
 * - `uint`: `int` that must not be negative when literal (`substr` length, `fmtlines`).
 * - `str`: text up to `,` `}` tab or newline (`_tr_parse_sparam`); spaces are kept.
 * - `strc`: `str`, but a `,` met at once belongs to the value (`_tr_parse_sparamx` with m=1), so
 *   `{s.count,,}` counts commas.
 * - `sep`: a `str` that must be exactly one character (param separators).
 * - `sepc`: `strc` that must be one character unless it is a PV (`param.count`).
 * - `char`: one character, or `\\`, `\n`, `\r`, `\t` (`s.select`); never a PV.
 * - `subst`: `re.subst`'s expression: a PV, or text up to the `}` that balances the braces in it.
 */
export type TransformParamKind = "int" | "uint" | "str" | "strc" | "sep" | "sepc" | "char" | "subst";

export interface TransformInfo {
  /** Class (`s`, `uri`, …) and op (`substr`, `encode.hexa`, …) as documented, lower case. */
  readonly cls: string;
  readonly op: string;
  /** The module that registers the class: it must be loaded for the transformation to parse. */
  readonly module: string;
  readonly params: readonly TransformParamKind[];
  /** How many of `params` may be left out (always the trailing ones). */
  readonly optional: number;
  /** Parsed by Kamailio but never matched: `{json.encode}` compares a 5-char name with "encode". */
  readonly unusable?: string;
}

type Row = readonly [op: string, params?: readonly TransformParamKind[], optional?: number];

const NO_ARGS = (ops: string): Row[] => ops.split(" ").map((op) => [op]);

const CLASSES: Record<string, { module: string; rows: Row[] }> = {
  s: {
    module: "pv",
    rows: [
      ...NO_ARGS(
        "len int md5 rmws sha256 sha384 sha512 tolower toupper numeric encode.hexa decode.hexa " +
          "encode.7bit decode.7bit encode.base58 decode.base58 encode.base64 decode.base64 " +
          "encode.base64t decode.base64t encode.base64url decode.base64url encode.base64urlt " +
          "decode.base64urlt escape.common unescape.common escape.user unescape.user escape.param " +
          "unescape.param escape.csv trim rtrim ltrim urlencode.param urldecode.param unquote unbracket",
      ),
      ["prefixes", ["int"], 1],
      ["prefixes.quoted", ["int"], 1],
      ["substr", ["int", "uint"]],
      ["select", ["int", "char"]],
      ["strip", ["int"]],
      ["striptail", ["int"]],
      ["stripto", ["str"]],
      ["ftime", ["str"]],
      ["replace", ["str", "str"]],
      ["corehash", ["int"], 1],
      ["rm", ["str"]],
      ["count", ["strc"]],
      ["before", ["strc"]],
      ["after", ["strc"]],
      ["rbefore", ["strc"]],
      ["rafter", ["strc"]],
      ["fmtlines", ["uint", "uint"]],
      ["fmtlinet", ["uint", "uint"]],
    ],
  },
  uri: {
    module: "pv",
    rows: [
      ...NO_ARGS(
        "user host domain passwd port saor suri duri params headers transport ttl uparam maddr " +
          "method lr r2 scheme tosocket",
      ),
      ["param", ["str"]],
    ],
  },
  param: {
    module: "pv",
    rows: [
      ["value", ["str", "sep"], 1],
      ["in", ["str", "sep"], 1],
      ["valueat", ["int", "sep"], 1],
      ["name", ["int", "sep"], 1],
      ["count", ["sepc"], 1],
    ],
  },
  nameaddr: { module: "pv", rows: NO_ARGS("uri len name") },
  tobody: { module: "pv", rows: NO_ARGS("uri tag user host params display") },
  line: { module: "pv", rows: [["at", ["int"]], ["sw", ["str"]], ["count"]] },
  urialias: { module: "pv", rows: NO_ARGS("encode decode") },
  re: { module: "textops", rows: [["subst", ["subst"]]] },
  sql: { module: "sqlops", rows: NO_ARGS("val val.int val.str") },
  json: { module: "json", rows: [["encode"], ["parse", ["str"]]] },
  sock: { module: "corex", rows: NO_ARGS("host port proto touri") },
  msrpuri: { module: "msrp", rows: NO_ARGS("user host port session proto scheme params userinfo") },
  url: { module: "xhttp", rows: NO_ARGS("path querystring") },
  kz: { module: "kazoo", rows: [["encode"], ["json", ["str"]], ["json.count", ["str"]]] },
};

const JSON_ENCODE_BUG = "Kamailio 5.6.3 never matches {json.encode} (its parser compares a 5-character name)";

const TABLE = new Map<string, Map<string, TransformInfo>>();
for (const [cls, { module, rows }] of Object.entries(CLASSES)) {
  const ops = new Map<string, TransformInfo>();
  for (const [op, params = [], optional = 0] of rows) {
    const info: TransformInfo = { cls, op, module, params, optional };
    ops.set(op, cls === "json" && op === "encode" ? { ...info, unusable: JSON_ENCODE_BUG } : info);
  }
  TABLE.set(cls, ops);
}

/** The transformation `{cls.op…}`, or undefined. `cls` is case-sensitive, `op` is not. */
export function lookupTransform(cls: string, op: string): TransformInfo | undefined {
  return TABLE.get(cls)?.get(op.toLowerCase());
}

/** The module that registers transformation class `cls`, or undefined for an unknown class. */
export function transformClassModule(cls: string): string | undefined {
  return Object.hasOwn(CLASSES, cls) ? CLASSES[cls]!.module : undefined;
}

/** Every transformation, class by class, for docs and completion. */
export function allTransforms(): TransformInfo[] {
  return [...TABLE.values()].flatMap((ops) => [...ops.values()]);
}
