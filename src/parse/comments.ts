import type { Block, Comment, Node, Program } from "../ast/nodes.js";
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
 * line, else leading of the next one in the same block; comments after a block's last statement
 * go to the block's `endComments`, and those after the last item stay on the program.
 */
export function attachComments(program: Program, comments: readonly Comment[], text: string): void {
  if (comments.length === 0) return;
  const holders: Node[] = [];
  const blocks: Block[] = []; // in source order: the walk is depth-first, children in order
  walk(program, {
    enter(node) {
      if (HOLDERS.has(node.type)) holders.push(node);
      else if (node.type === "Block") blocks.push(node);
      // Comments inside expressions are kept at statement level.
      return node.type === "IfStatement" || node.type === "WhileStatement" || node.type === "SwitchStatement" || !isExpressionLike(node.type);
    },
  });
  const blockIndex = indexBlocks(blocks);
  const byStart = [...holders].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const byEnd = [...holders].sort((a, b) => a.span.end - b.span.end || a.span.start - b.span.start);
  for (const c of comments) {
    const prev = lastEndingBefore(byEnd, c.span.start);
    if (prev && !hasNewline(text, prev.span.end, c.span.start)) {
      prev.trailingComments ??= [];
      prev.trailingComments.push(c);
      continue;
    }
    const next = firstStartingAfter(byStart, c.span.end);
    const block = innermostBlock(blockIndex, c);
    if (block && (!next || next.span.start >= block.span.end)) {
      block.endComments ??= [];
      block.endComments.push(c);
    } else if (next) {
      next.leadingComments ??= [];
      next.leadingComments.push(c);
    } else program.danglingComments.push(c);
  }
}

/** Blocks in source order with, for each, the index of the block enclosing it (-1 at a route's body). */
interface BlockIndex {
  blocks: Block[];
  parent: number[];
}

function indexBlocks(blocks: Block[]): BlockIndex {
  const parent: number[] = [];
  const open: number[] = [];
  blocks.forEach((b, i) => {
    while (open.length > 0 && blocks[open[open.length - 1]!]!.span.end <= b.span.start) open.pop();
    parent.push(open.length > 0 ? open[open.length - 1]! : -1);
    open.push(i);
  });
  return { blocks, parent };
}

/**
 * The innermost block whose braces enclose the comment: blocks nest, so it is the last block
 * opened before the comment or one of that block's ancestors.
 */
function innermostBlock({ blocks, parent }: BlockIndex, c: Comment): Block | undefined {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.span.start < c.span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i = parent[i]!) {
    if (blocks[i]!.span.end >= c.span.end) return blocks[i];
  }
  return undefined;
}

function hasNewline(text: string, from: number, to: number): boolean {
  const at = text.indexOf("\n", from);
  return at >= 0 && at < to;
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
