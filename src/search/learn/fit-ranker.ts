// Fits the learned ranker over its terms (the candidate features and their products): one function for
// npm run learn and npm run bench:stard, so the benchmark measures exactly what learn ships.
import { RANKER_TERMS, rankerTerms, type RankerWeights } from '../ranker.js';
import { fitListwise, type RankingExample } from './listwise.js';

/**
 * The ranker learns from two kinds of corpus at once: STARD's real questions over the national laws (their links
 * real questions too), and our own labelled district questions over the 15 texts and the report (their links
 * written passage by passage). Fitted on STARD alone, the products of features learned what real links look
 * like and cost the district's law questions (5-fold figure over them, learn-district.ts: hit@5 0.86 → 0.82);
 * with the district's examples beside STARD's, once each, both gain (district 0.90, STARD folds 0.717, with the
 * 15 features of features.ts).
 */
export function fitRanker(national: readonly RankingExample[], district: readonly RankingExample[] = []): RankerWeights {
  const crossed = [...national, ...district].map((e) => ({ relevant: e.relevant, features: e.features.map(rankerTerms) }));
  return { features: RANKER_TERMS, weights: fitListwise(crossed, RANKER_TERMS.length) };
}
