/**
 * KEMI functions that `kemits/semantics` helpers call on the module's behalf, beyond the core's
 * (`KSR.x`, `KSR.pv`), which every engine has.
 */
const HELPER_CALLS: Readonly<Record<string, readonly string[]>> = {
  slReplyError: ["sl.sl_send_reply"],
};

/**
 * The KEMI functions a piece of generated code calls, as `module.name` (`.name` for core
 * `KSR.name`), directly or through a helper, sorted: the `config.uses` list and the Kamailio
 * target's module check.
 */
export function kemiCalls(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bKSR\.((?:[a-z_0-9]+\.)?[A-Za-z_0-9]+)\(/g)) names.add(m[1]!.includes(".") ? m[1]! : `.${m[1]}`);
  for (const [helper, calls] of Object.entries(HELPER_CALLS)) if (new RegExp(`\\b${helper}\\(`).test(code)) for (const c of calls) names.add(c);
  return [...names].sort();
}
