// npm run bench:stard-features — what each candidate feature of the learned ranker is worth on STARD.
// npm run learn's fold examples (each fold's features from the other folds' links and bridge), the ranker refitted
// without one feature at a time (it and its products weigh nothing), each fit measured on the fold it did not see;
// our district questions are learned from beside STARD's, as npm run learn fits, and measured in 5 folds by
// position. A hit is the gold article's key (as in npm run learn), so the figures run above the strict title
// scoring of bench:stard; compare rows of one run. ~40 min on 2 cores (one refit of 5 folds per feature).
import path from 'node:path';
import { arg, districtRankingExamples, FOLDS, foldExamples, openCorpus, readGoldQuestions, recallAt5 } from '../src/cli/learn.js';
import { FEATURES } from '../src/search/features.js';
import { FoldedCorpus } from '../src/search/learn/folds-corpus.js';
import { fitRanker } from '../src/search/learn/fit-ranker.js';
import type { RankingExample } from '../src/search/learn/listwise.js';

const data = path.resolve(arg('data', '.data-learn'));
const { stored } = await openCorpus(path.resolve(arg('laws', '../shared/scale-corpus/national')), path.join(data, 'national'));
const questions = readGoldQuestions(path.resolve(arg('questions', '../shared/eval/stard-train.jsonl')));
const corpus = new FoldedCorpus(stored);
const byFold = await foldExamples(corpus, questions, FOLDS, () => undefined);
const districtStore = await openCorpus(path.resolve(arg('district-laws', '../shared/knowledge-sources/regulations')), path.join(data, 'district'));
const district = await districtRankingExamples(districtStore.stored, corpus.shippedBridge(questions));
const districtFold = (i: number) => i % FOLDS;

/** The examples with one feature (and so its products) set to 0. */
const without = (examples: readonly RankingExample[], k: number): RankingExample[] =>
  k < 0 ? [...examples] : examples.map((e) => ({ relevant: e.relevant, features: e.features.map((f) => f.map((x, j) => (j === k ? 0 : x))) }));

/** Each fold's figures as learn's own out-of-fold figure measures them, pooled by the fold's size. */
function measure(k: number): { stard: number; mrr: number; district: number } {
  const folds = byFold.map((ex) => without(ex, k));
  const local = without(district, k);
  const part = (f: number, inFold: boolean) => local.filter((_, i) => (districtFold(i) === f) === inFold);
  const sum = { stard: 0, mrr: 0, district: 0 };
  for (let f = 0; f < FOLDS; f++) {
    const w = fitRanker(folds.filter((_, j) => j !== f).flat(), part(f, false));
    const s = recallAt5(folds[f]!, w);
    sum.stard += s.recall5 * folds[f]!.length;
    sum.mrr += s.mrr * folds[f]!.length;
    sum.district += recallAt5(part(f, true), w).recall5 * part(f, true).length;
  }
  const n = byFold.flat().length;
  return { stard: sum.stard / n, mrr: sum.mrr / n, district: sum.district / district.length };
}

const only = arg('features', '');
const rows = only ? only.split(',').map((name) => FEATURES.indexOf(name as never)).filter((k) => k >= 0) : FEATURES.map((_, k) => k);
console.log(`${'ranker'.padEnd(30)}STARD recall@5  MRR     district hit@5`);
for (const k of [-1, ...rows]) {
  const m = measure(k);
  const name = k < 0 ? 'all features (as shipped)' : `without ${FEATURES[k]}`;
  console.log(`${name.padEnd(30)}${m.stard.toFixed(3).padEnd(16)}${m.mrr.toFixed(3).padEnd(8)}${m.district.toFixed(3)}`);
}
