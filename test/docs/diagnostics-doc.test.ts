// docs/diagnostics.md lists every diagnostic code of every phase; this test keeps it in step with
// the code tables (UPDATE_GOLDEN=1 rewrites it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { ANALYZE_CODES } from "../../src/analyze/codes.js";
import type { CodeInfo } from "../../src/diag/index.js";
import { PARSE_CODES } from "../../src/parse/codes.js";
import { KAMAILIO_CODES } from "../../src/codegen/kamailio/codes.js";
import { PREPROCESS_CODES } from "../../src/preprocess/codes.js";

const DOC = resolve(import.meta.dirname, "../../docs/diagnostics.md");

const PHASES: [string, string, Readonly<Record<string, CodeInfo>>][] = [
  ["Preprocessor", "`#!` directives, includes, defines (src/preprocess/codes.ts)", PREPROCESS_CODES],
  ["Parser", "syntax and the checks Kamailio makes while parsing (src/parse/codes.ts)", PARSE_CODES],
  ["Compiler", "what Kamailio checks at start-up, and what kemits cannot translate (src/analyze/codes.ts)", ANALYZE_CODES],
  ["Kamailio target", "`compile --target kamailio` and `check --target kamailio` (src/codegen/kamailio/codes.ts)", KAMAILIO_CODES],
];

function render(): string {
  const out = [
    "# Diagnostics",
    "",
    "Every diagnostic kemits reports has a stable code (PascalCase, never renamed or reused), a severity and a",
    "position in the user's file (`file:line:col`), with notes for defines and includes it came through.",
    "`kemits check --format json|github|sarif` prints the code as `code` / `title` / `ruleId`.",
    "Errors stop `parse`, `compile` and `check` with exit status 1; warnings do not, except under `check --strict`",
    "(exit 2). This file is generated from the code tables by `test/docs/diagnostics-doc.test.ts`.",
    "",
  ];
  for (const [phase, what, table] of PHASES) {
    out.push(`## ${phase}`, "", `${what}.`, "", "| code | severity | meaning |", "|---|---|---|");
    for (const [code, info] of Object.entries(table).sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| \`${code}\` | ${info.severity} | ${info.summary.replace(/\|/g, "\\|")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}

it("docs/diagnostics.md lists every code with its severity", () => {
  const text = render();
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(DOC, text);
  expect(existsSync(DOC) ? readFileSync(DOC, "utf8") : "").toBe(text);
});
