// The hand-written native → KEMI overlay, one file per native module. Only what the rules in
// ../mapping.ts cannot find is listed here: renames, moved functions, defaults for omitted arguments, and
// native functions that have no KEMI export (`kemi: null`).
import type { OverlayRow } from "../types.js";
import acc from "./acc.js";
import alias_db from "./alias_db.js";
import auth from "./auth.js";
import auth_db from "./auth_db.js";
import corex from "./corex.js";
import dialog from "./dialog.js";
import dispatcher from "./dispatcher.js";
import domain from "./domain.js";
import htable from "./htable.js";
import ipops from "./ipops.js";
import jsonrpcs from "./jsonrpcs.js";
import kex from "./kex.js";
import maxfwd from "./maxfwd.js";
import nathelper from "./nathelper.js";
import permissions from "./permissions.js";
import presence from "./presence.js";
import pv from "./pv.js";
import registrar from "./registrar.js";
import rr from "./rr.js";
import rtpproxy from "./rtpproxy.js";
import sanity from "./sanity.js";
import sdpops from "./sdpops.js";
import secfilter from "./secfilter.js";
import siputils from "./siputils.js";
import sl from "./sl.js";
import speeddial from "./speeddial.js";
import textops from "./textops.js";
import textopsx from "./textopsx.js";
import tm from "./tm.js";
import tmx from "./tmx.js";
import uac from "./uac.js";
import xlog from "./xlog.js";

export const OVERLAY: Readonly<Record<string, readonly OverlayRow[]>> = {
  acc,
  alias_db,
  auth,
  auth_db,
  corex,
  dialog,
  dispatcher,
  domain,
  htable,
  ipops,
  jsonrpcs,
  kex,
  maxfwd,
  nathelper,
  permissions,
  presence,
  pv,
  registrar,
  rr,
  rtpproxy,
  sanity,
  sdpops,
  secfilter,
  siputils,
  sl,
  speeddial,
  textops,
  textopsx,
  tm,
  tmx,
  uac,
  xlog,
};
