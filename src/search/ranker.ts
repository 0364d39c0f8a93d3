// The learned ranker: a score over candidate features (src/search/features.ts), fitted by npm run learn with a
// listwise loss, so that softmax over a question's candidates is the chance each one is the answer. Its terms are
// the features and their pairwise products ("linked*lawVote"): a feature's worth depends on the others (a law
// people often ask about matters more when the text matches weakly), which one weight per feature cannot say.
// On STARD's untouched folds the products lift recall@5 by about a point (docs/learning.md).
import { FEATURES } from './features.js';

/** Joins the two features of a product term. */
const TIMES = '*';

/** The names the ranker is fitted over, in order: every feature, then every product of two (squares included). */
export const RANKER_TERMS: readonly string[] = [
  ...FEATURES,
  ...FEATURES.flatMap((a, i) => FEATURES.slice(i).map((b) => `${a}${TIMES}${b}`)),
];

/** A candidate's features as the values of RANKER_TERMS. */
export function rankerTerms(features: readonly number[]): number[] {
  const out = [...features];
  for (let i = 0; i < features.length; i++) for (let j = i; j < features.length; j++) out.push(features[i]! * features[j]!);
  return out;
}

/** Weights by term name, as ranker.json stores them. */
export interface RankerWeights {
  features: readonly string[];
  weights: readonly number[];
}

interface Term {
  a: number;
  /** The second feature of a product, −1 for a single feature. */
  b: number;
  w: number;
}

export class LearnedRanker {
  private constructor(
    private readonly terms: readonly Term[],
    /** Where the weights came from, for the log and /healthz. */
    readonly origin: string,
  ) {}

  /** Reads terms by name; a term naming a feature the code lacks is ignored, one the model lacks weighs 0. */
  static from(model: RankerWeights & { source?: { script: string; data: string } }, origin?: string): LearnedRanker {
    const terms: Term[] = [];
    model.features.forEach((name, i) => {
      const [a, b] = name.split(TIMES).map((n) => FEATURES.indexOf(n as never));
      if (a === undefined || a < 0 || b === -1 || !model.weights[i]) return;
      terms.push({ a, b: b ?? -1, w: model.weights[i]! });
    });
    return new LearnedRanker(terms, origin ?? (model.source ? `${model.source.script} on ${model.source.data}` : 'learned'));
  }

  /** Without learned weights: the linked BM25 order, which is what the index gives by itself. */
  static plain(): LearnedRanker {
    return new LearnedRanker([{ a: FEATURES.indexOf('linked'), b: -1, w: 1 }], 'plain BM25 order (no knowledge/learned/ranker.json)');
  }

  /** The weight of one term by name (0 when the model does not use it). */
  weight(name: string): number {
    const [a, b] = name.split(TIMES).map((n) => FEATURES.indexOf(n as never));
    return this.terms.find((t) => t.a === a && t.b === (b ?? -1))?.w ?? 0;
  }

  score(features: readonly number[]): number {
    let s = 0;
    for (const t of this.terms) s += t.w * features[t.a]! * (t.b < 0 ? 1 : features[t.b]!);
    return s;
  }
}
