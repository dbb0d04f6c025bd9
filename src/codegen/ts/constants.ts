import type { DefineOrigin } from "../../preprocess/source-map.js";
import type { EmitContext } from "./context.js";

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await KSR rc config".split(
    " ",
  ),
);

/**
 * A define used in code becomes a named constant, so the output reads like the cfg
 * (`KSR.setflag(FLT_ACC)`), and a value from `#!defenv`/`#!defenvs` is read from the environment
 * when the module loads instead of being baked in at compile time.
 */
export function constantFor(origin: DefineOrigin, literal: string, type: "int" | "str", ctx: EmitContext): string {
  const name = constantName(origin.define);
  if (!ctx.constants.has(name)) {
    if (origin.env) {
      const reader = ctx.use(type === "int" ? "envInt" : "envString");
      ctx.constants.set(name, {
        name,
        // The define's name too when it differs: on Kamailio the value is read back from the define.
        init: `${reader}(${JSON.stringify(origin.env)}${origin.define === origin.env ? "" : `, ${JSON.stringify(origin.define)}`})`,
        comment: `#!defenv${origin.quoted ? "s" : ""} ${origin.define === origin.env ? origin.env : `${origin.define}=${origin.env}`}`,
      });
    } else {
      ctx.constants.set(name, { name, init: literal });
    }
  }
  return name;
}

function constantName(define: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(define) && !RESERVED.has(define) ? define : `DEF_${define.replace(/\W/g, "_")}`;
}
