// The learned ranker: a linear score over candidate features (src/search/features.ts), fitted by npm run learn
// with a listwise loss, so that softmax over a question's candidates is the chance each one is the answer.
import type { RankerModel } from '../knowledge/learned.js';
import { FEATURES } from './features.js';

export class LearnedRanker {
  private constructor(
    readonly weights: readonly number[],
    /** Where the weights came from, for the log and /healthz. */
    readonly origin: string,
  ) {}

  /** Weights by feature name; a feature the model does not know weighs 0, one the code lacks is ignored. */
  static from(model: RankerModel): LearnedRanker {
    const w = FEATURES.map((name) => {
      const i = model.features.indexOf(name);
      return i >= 0 ? model.weights[i]! : 0;
    });
    return new LearnedRanker(w, `${model.source.script} on ${model.source.data}`);
  }

  /** Without learned weights: the linked BM25 order, which is what the index gives by itself. */
  static plain(): LearnedRanker {
    return new LearnedRanker(
      FEATURES.map((n) => (n === 'linked' ? 1 : 0)),
      'plain BM25 order (no knowledge/learned/ranker.json)',
    );
  }

  static fromWeights(weights: readonly number[], origin: string): LearnedRanker {
    return new LearnedRanker(weights, origin);
  }

  score(features: readonly number[]): number {
    let s = 0;
    for (let i = 0; i < this.weights.length; i++) s += this.weights[i]! * features[i]!;
    return s;
  }
}
