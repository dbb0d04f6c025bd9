/**
 * The slice of the KSR API the semantics helpers use. Generated modules see the full typings
 * (src/catalog/generated/ksr.d.ts); the helpers need only this, on every target.
 */
export interface KsrSubset {
  x: { exit(): never; drop(): never };
  pv: {
    get(name: string): number | string | null;
    gete(name: string): number | string;
    sets(name: string, value: string): boolean;
    seti(name: string, value: number): boolean;
    unset(name: string): boolean;
  };
  sl: { sl_send_reply(code: number, reason: string): number };
  err(msg: string): void;
}

declare const KSR: KsrSubset;

/** The global KSR object of whichever engine runs the module. */
export function ksr(): KsrSubset {
  return KSR;
}
