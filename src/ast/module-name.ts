/** The module a `loadmodule` path names: `"tm"`, `"tm.so"`, `"modules/tm/tm.so"`, `"/usr/lib/kamailio/modules/tm.so"` are all `tm`. */
export function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.endsWith(".so") ? base.slice(0, -3) : base;
}
