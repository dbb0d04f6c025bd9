export * from "./nodes.js";
export * from "./precedence.js";
export * from "./walk.js";
