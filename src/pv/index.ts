export * from "./types.js";
export { parsePvSpec, parsePvSpecAt, locatePv, isPvNameChar, type PvParseResult } from "./spec-parser.js";
export { parseFormat, isConstantFormat } from "./format.js";
export { lookupTransform, transformClassModule, allTransforms, type TransformInfo, type TransformParamKind } from "./transform-table.js";
export { lookupPvClass, validatePvSpec, type PvClassInfo } from "./pv-classes.js";
export { applyTransforms, isTransformImplemented, type PvValue, type TransformContext } from "./transform-eval.js";
