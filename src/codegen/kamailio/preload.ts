/**
 * Natively, registrar's `save("location")`, `lookup("location")`… create the usrloc table when the
 * cfg is fixed up at start-up. Their KEMI forms only look the table up at run time, so under
 * cfgengine jsdt a table nothing else created is "usrloc domain [location] not found" and save
 * fails with a 500 (verified on 5.6.3 with the stock cfg). The official KEMI example cfg preloads
 * the table with the usrloc `preload` modparam; the Kamailio target does the same for every
 * literal table name the routing passes to a registrar function.
 */
export function usrlocPreloads(code: string, loadedModules: readonly string[]): string[] {
  if (!loadedModules.includes("usrloc")) return [];
  const tables = new Set<string>();
  for (const m of code.matchAll(/\bKSR\.registrar\.\w+\(\s*("(?:[^"\\]|\\.)*")/g)) tables.add(JSON.parse(m[1]!) as string);
  return [...tables].sort().map((t) => `modparam("usrloc", "preload", ${JSON.stringify(t)})`);
}
