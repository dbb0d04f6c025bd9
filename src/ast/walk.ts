import { type Node, VISITOR_KEYS } from "./nodes.js";

/** Return `false` from `enter` to skip a node's children. */
export interface Visitor {
  enter?(node: Node, parent: Node | undefined): boolean | undefined;
  leave?(node: Node, parent: Node | undefined): void;
}

/** Depth-first walk in source order, following `VISITOR_KEYS`. */
export function walk(node: Node, visitor: Visitor, parent?: Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  // Read the keys in place rather than through childrenOf: walks run over every node on each parse.
  const record = node as unknown as Record<string, unknown>;
  for (const key of VISITOR_KEYS[node.type] as readonly string[]) {
    const value = record[key];
    if (Array.isArray(value)) for (const v of value) walk(v as Node, visitor, node);
    else if (value !== undefined && value !== null) walk(value as Node, visitor, node);
  }
  visitor.leave?.(node, parent);
}

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const keys = VISITOR_KEYS[node.type] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) for (const v of value) out.push(v as Node);
    else if (value !== undefined && value !== null) out.push(value as Node);
  }
  return out;
}
