/**
 * Values of `#!defenv`/`#!defenvs` defines, read when the module loads, so the environment of the
 * machine that runs the routing decides, not the one that compiled it. A missing variable stops
 * the load, as it stops Kamailio.
 *
 * One code path for both targets: under Node (the kemits runtime) the variable is read from
 * `process.env`; on Kamailio (app_jsdt, no `process`) the generated kamailio.cfg keeps the
 * `#!defenv` line, Kamailio reads the environment at start-up, and the value is the define's text
 * from `KSR.kx.get_def(define)` (kemix module), with the quotes `#!defenvs` adds taken off. KSR calls
 * fail while app_jsdt loads the script, so the Kamailio bundle runs these reads before the first
 * route instead of at load (see src/codegen/kamailio/bundle.ts).
 */
export function envString(variable: string, define: string = variable): string {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const value = env ? env[variable] : fromKamailioDefine(define);
  if (value === undefined) throw new Error(`environment variable ${variable} is not set (the cfg reads it with #!defenv)`);
  return value;
}

export function envInt(variable: string, define: string = variable): number {
  const text = envString(variable, define);
  const n = Number.parseInt(text, 10);
  if (!/^[+-]?\d+$/.test(text.trim())) throw new Error(`environment variable ${variable} is not a number: ${text}`);
  return n;
}

interface KamailioDefines {
  kx?: { get_def(name: string): number | string | null | boolean };
}

function fromKamailioDefine(define: string): string | undefined {
  const kx = (globalThis as { KSR?: KamailioDefines }).KSR?.kx;
  const raw = kx ? kx.get_def(define) : undefined;
  // A define whose text is a number comes back as a number.
  if (typeof raw === "number") return String(raw);
  if (typeof raw !== "string") return undefined;
  return raw.length >= 2 && raw[0] === '"' && raw[raw.length - 1] === '"' ? raw.slice(1, -1) : raw;
}
