import { row } from "./define.js";

export default [row("is_ipv4/1", null), row("is_ipv6/1", null), row("is_ipv6_reference/1", null)];
