/**
 * Every runtime module kemits implements. The CLI and the testing harness pass this list to the
 * engine, which loads the core ones and those `config.modules` names. Add new modules here.
 */

import type { ModuleDefinition } from "../engine/module.js";
import core, { x } from "./core/index.js";
import hdr from "./hdr/index.js";
import pv from "./pv/index.js";
import sl from "./sl/index.js";
import xlog from "./xlog/index.js";
import tm from "./tm/index.js";
import tmx from "./tmx/index.js";
import rr from "./rr/index.js";
import usrloc from "./usrloc/index.js";
import registrar from "./registrar/index.js";
import counters from "./counters/index.js";
import maxfwd from "./maxfwd/index.js";
import siputils from "./siputils/index.js";
import textops from "./textops/index.js";
import sanity from "./sanity/index.js";
import kemix from "./kx/index.js";
import pvx from "./pvx/index.js";
import corex from "./corex/index.js";
import kex from "./kex/index.js";
import textopsx from "./textopsx/index.js";
import acc from "./acc/index.js";

export const BUILTIN_MODULES: readonly ModuleDefinition[] = [core, x, pv, hdr, sl, xlog, maxfwd, rr, usrloc, registrar, counters, siputils, textops, tm, tmx, sanity, kemix, pvx, corex, kex, textopsx, acc];
