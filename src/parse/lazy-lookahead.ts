import { type ILookaheadStrategy, type IOrAlt, LLkLookaheadStrategy } from "chevrotain";

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];

/**
 * Chevrotain's LL(k) lookahead, each production's function computed the first time the parser
 * reaches that production instead of all of them in `performSelfAnalysis`: a config reaches only
 * part of the grammar, and the CLI would pay for the rest on every start. The functions are the
 * ones Chevrotain builds, so every decision is the same.
 */
export class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    let decide: ((orAlts?: IOrAlt<unknown>[]) => number | undefined) | undefined;
    const build = () => super.buildLookaheadForAlternation(options);
    return function (this: unknown, orAlts) {
      decide ??= build();
      return decide.call(this, orAlts);
    };
  }

  override buildLookaheadForOptional(options: OptionalOptions): () => boolean {
    let decide: (() => boolean) | undefined;
    const build = () => super.buildLookaheadForOptional(options);
    return function (this: unknown) {
      decide ??= build();
      return decide.call(this);
    };
  }
}
