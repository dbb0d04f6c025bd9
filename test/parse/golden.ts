import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import type { Diagnostic } from "../../src/diag/index.js";
import { parse } from "../../src/parse/index.js";
import { preprocess } from "../../src/preprocess/index.js";

export const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Every folder under `root` holding an `input.cfg`, as paths relative to `root`, sorted. */
export function fixtureCases(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (existsSync(join(path, "input.cfg"))) out.push(relative(root, path));
      visit(path);
    }
  };
  visit(root);
  return out;
}

/** Golden files (not `input.cfg`) in folders that have no `input.cfg`: left over from a removed case. */
export function orphanGoldens(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    const names = readdirSync(dir).sort();
    const hasInput = names.includes("input.cfg");
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (!hasInput) out.push(relative(root, path));
    }
  };
  visit(root);
  return out;
}

/**
 * Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN=1. `undefined` means
 * the case must have no such file (an unexpected golden fails, so stale ones cannot linger).
 */
export function expectGolden(path: string, actual: string | undefined): void {
  if (UPDATE) {
    if (actual === undefined) rmSync(path, { force: true });
    else writeFileSync(path, actual);
    return;
  }
  if (actual === undefined) {
    expect(existsSync(path), `${path} should not exist`).toBe(false);
    return;
  }
  expect(existsSync(path), `${path} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** One line per diagnostic: `line:col-line:col severity Code: message`. */
export function formatDiagnostics(items: readonly Diagnostic[]): string {
  return items
    .map((d) => {
      if (!d.loc) return `?:? ${d.severity} ${d.code}: ${d.message}\n`;
      const s = d.loc.file.position(d.loc.start);
      const e = d.loc.file.position(d.loc.end);
      return `${s.line}:${s.column}-${e.line}:${e.column} ${d.severity} ${d.code}: ${d.message}\n`;
    })
    .join("");
}

/** Preprocesses and parses `<dir>/input.cfg` as Kamailio would read it (no environment). */
export function parseFixture(dir: string) {
  const pre = preprocess("input.cfg", { cwd: dir, env: {} });
  const result = parse(pre);
  return { pre, ...result, diagnostics: [...pre.diagnostics, ...result.diagnostics] };
}
