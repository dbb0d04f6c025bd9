export * from "./nodes.js";
export * from "./precedence.js";
export * from "./walk.js";
export * from "./json.js";
export * from "./dump.js";
export * from "./module-name.js";
