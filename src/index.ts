// The library entry: what `import … from "kemits"` gives, and what the benchmarks load.
export * from "./diag/index.js";
export { preprocess, preprocessText } from "./preprocess/index.js";
export type { PreprocessOptions, PreprocessResult } from "./preprocess/types.js";
export { parse } from "./parse/index.js";
export { analyze } from "./analyze/index.js";
export { compileProgram } from "./codegen/index.js";
export { emitModule } from "./codegen/ts/module.js";
