import type { Comment, Node, Program } from "../ast/nodes.js";
import { walk } from "../ast/walk.js";

const HOLDERS = new Set<Node["type"]>([
  "GlobalParam",
  "ListenParam",
  "CfgVar",
  "FlagsDecl",
  "LoadModule",
  "LoadPath",
  "ModParam",
  "CfgEngine",
  "SubstDirective",
  "RouteBlock",
  "IfStatement",
  "SwitchStatement",
  "SwitchCase",
  "WhileStatement",
  "AssignStatement",
  "ExpressionStatement",
  "ReturnStatement",
  "BreakStatement",
  "EmptyStatement",
  "Invalid",
]);

/**
 * Gives each comment to a top-level item or statement: trailing when it follows one on the same
 * line, else leading of the next one; comments after the last item stay on the program.
 */
export function attachComments(program: Program, comments: readonly Comment[], text: string): void {
  if (comments.length === 0) return;
  const holders: Node[] = [];
  walk(program, {
    enter(node) {
      if (HOLDERS.has(node.type)) holders.push(node);
      // Comments inside expressions are kept at statement level.
      return node.type === "IfStatement" || node.type === "WhileStatement" || node.type === "SwitchStatement" || !isExpressionLike(node.type);
    },
  });
  const byStart = [...holders].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const byEnd = [...holders].sort((a, b) => a.span.end - b.span.end || a.span.start - b.span.start);
  for (const c of comments) {
    const prev = lastEndingBefore(byEnd, c.span.start);
    if (prev && !text.slice(prev.span.end, c.span.start).includes("\n")) {
      prev.trailingComments ??= [];
      prev.trailingComments.push(c);
      continue;
    }
    const next = firstStartingAfter(byStart, c.span.end);
    if (next) {
      next.leadingComments ??= [];
      next.leadingComments.push(c);
    } else program.danglingComments.push(c);
  }
}

function isExpressionLike(type: Node["type"]): boolean {
  return !HOLDERS.has(type) && type !== "Program" && type !== "Block";
}

/** The outermost node among those ending last at or before `offset`. */
function lastEndingBefore(byEnd: Node[], offset: number): Node | undefined {
  let lo = 0;
  let hi = byEnd.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (byEnd[mid]!.span.end <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const end = byEnd[found]!.span.end;
  let i = found;
  while (i > 0 && byEnd[i - 1]!.span.end === end) i--;
  return byEnd[i];
}

/** The outermost node starting first at or after `offset`. */
function firstStartingAfter(byStart: Node[], offset: number): Node | undefined {
  let lo = 0;
  let hi = byStart.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byStart[mid]!.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return byStart[lo];
}
