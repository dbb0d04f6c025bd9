// `kemits/semantics`: what generated modules import. Native cfg semantics that plain TypeScript
// operators do not have, shared by every target (the kemits runtime and Kamailio's app_jsdt).
export * from "./codes.js";
export type * from "./config.js";
export * from "./control.js";
export * from "./env.js";
export * from "./errors.js";
export * from "./match.js";
export * from "./pv.js";
export * from "./values.js";
