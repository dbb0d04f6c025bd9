/**
 * Values of `#!defenv`/`#!defenvs` defines, read when the module loads, so the environment of the
 * machine that runs the routing decides, not the one that compiled it. A missing variable stops
 * the load, as it stops Kamailio.
 */
export function envString(variable: string): string {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  const value = env?.[variable];
  if (value === undefined) throw new Error(`environment variable ${variable} is not set (the cfg reads it with #!defenv)`);
  return value;
}

export function envInt(variable: string): number {
  const text = envString(variable);
  const n = Number.parseInt(text, 10);
  if (!/^[+-]?\d+$/.test(text.trim())) throw new Error(`environment variable ${variable} is not a number: ${text}`);
  return n;
}
