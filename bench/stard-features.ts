// npm run bench:stard-features — what each candidate feature of the learned ranker is worth on STARD.
// npm run learn's fold examples (each fold's features from the other folds' links and bridge), the ranker refitted
// without one feature at a time (it and its products weigh nothing), each fit measured on the fold it did not see;
// our district questions are learned from beside STARD's, as npm run learn fits, and measured in 5 folds by
// position. A hit is the gold article's key (as in npm run learn), so the figures run above the strict title
// scoring of bench:stard; compare rows of one run. ~40 min on 2 cores (one refit of 5 folds per feature).
import path from 'node:path';
import { arg, districtRankingExamples, FOLDS, foldExamples, openCorpus, readGoldQuestions } from '../src/cli/learn.js';
import { FEATURES } from '../src/search/features.js';
import { FoldedCorpus } from '../src/search/learn/folds-corpus.js';
import { fitRanker } from '../src/search/learn/fit-ranker.js';
import { firstRelevantRank, type RankingExample } from '../src/search/learn/listwise.js';
import { LearnedRanker } from '../src/search/ranker.js';

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

function measure(k: number): { stard: number; mrr: number; district: number } {
  let found = 0;
  let rr = 0;
  let n = 0;
  let dFound = 0;
  let dn = 0;
  for (let f = 0; f < FOLDS; f++) {
    const train = without(byFold.filter((_, j) => j !== f).flat(), k);
    const dTrain = without(district.filter((_, i) => districtFold(i) !== f), k);
    const ranker = LearnedRanker.from(fitRanker(train, dTrain));
    const rank = (e: RankingExample) => firstRelevantRank(e, (x) => ranker.score(x));
    for (const e of without(byFold[f]!, k)) {
      const r = rank(e);
      n++;
      if (r >= 0 && r < 5) found++;
      if (r >= 0) rr += 1 / (r + 1);
    }
    for (const e of without(district.filter((_, i) => districtFold(i) === f), k)) {
      const r = rank(e);
      dn++;
      if (r >= 0 && r < 5) dFound++;
    }
  }
  return { stard: found / n, mrr: rr / n, district: dFound / dn };
}

const only = arg('features', '');
const rows = only ? only.split(',').map((name) => FEATURES.indexOf(name as never)).filter((k) => k >= 0) : FEATURES.map((_, k) => k);
console.log(`${'ranker'.padEnd(30)}STARD recall@5  MRR     district hit@5`);
for (const k of [-1, ...rows]) {
  const m = measure(k);
  const name = k < 0 ? 'all features (as shipped)' : `without ${FEATURES[k]}`;
  console.log(`${name.padEnd(30)}${m.stard.toFixed(3).padEnd(16)}${m.mrr.toFixed(3).padEnd(8)}${m.district.toFixed(3)}`);
}
