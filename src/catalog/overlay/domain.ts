import { row, to } from "./define.js";

export default [row("lookup_domain/2", to("domain.lookup_domain_prefix", 0, 1))];
