import { row } from "./define.js";

// www_/proxy_authorize and _authenticate/2 are left unmapped: KEMI auth_check chooses the header by method.
export default [row("www_authenticate/3", null)];
