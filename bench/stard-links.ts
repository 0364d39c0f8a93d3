// npm run bench:stard-links — how STARD's recall grows with the number of linked questions.
// The ranker (14 features and their products, STARD only) is fitted per fold on the other four folds' examples,
// as npm run learn's own out-of-fold figure is; the held-out fold is then searched with links from 1, 2, 3 or all
// 4 of the other folds. A hit is the gold article's key (as in npm run learn), so the figures run above the strict
// title scoring of bench:stard. What it tells: what each further batch of real questions linked is worth, and so
// roughly what the shipped index, which links all of stard-train, gives on questions beyond it.
import path from 'node:path';
import { FOLDS, foldExamples, openCorpus, readGoldQuestions } from '../src/cli/learn.js';
import { FoldedCorpus } from '../src/search/learn/folds-corpus.js';
import { foldOf } from '../src/search/learn/folds.js';
import { fitListwise, firstRelevantRank, type RankingExample } from '../src/search/learn/listwise.js';
import { RANKER_TERMS, rankerTerms } from '../src/search/ranker.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const { stored } = await openCorpus(path.resolve(arg('corpus', '../shared/scale-corpus/national')), path.resolve(arg('data', '.data-learn/national')));
const questions = readGoldQuestions(path.resolve(arg('questions', '../shared/eval/stard-train.jsonl')));
const corpus = new FoldedCorpus(stored);
const terms = (e: RankingExample): RankingExample => ({ relevant: e.relevant, features: e.features.map(rankerTerms) });
const byFold = (await foldExamples(corpus, questions, FOLDS, () => undefined)).map((f) => f.map(terms));
const weights = byFold.map((_, f) => fitListwise(byFold.filter((__, j) => j !== f).flat(), RANKER_TERMS.length));

console.log('linked questions (per fold, mean)   recall@5   MRR');
for (let kept = 1; kept < FOLDS; kept++) {
  let found = 0;
  let rr = 0;
  let n = 0;
  let links = 0;
  for (let f = 0; f < FOLDS; f++) {
    // The folds after this one, in turn, are the ones whose questions are linked.
    const used = new Set(Array.from({ length: kept }, (_, i) => (f + 1 + i) % FOLDS));
    const linked = questions.filter((q) => used.has(foldOf(q.id)));
    links += linked.length;
    const search = corpus.search(linked, corpus.bridge(linked));
    for (const e of await corpus.examples(search, questions.filter((q) => foldOf(q.id) === f))) {
      const r = firstRelevantRank(terms(e), weights[f]!);
      n++;
      if (r >= 0 && r < 5) found++;
      if (r >= 0) rr += 1 / (r + 1);
    }
  }
  console.log(`${kept} of 4 folds (${Math.round(links / FOLDS)})`.padEnd(36) + `${(found / n).toFixed(3)}      ${(rr / n).toFixed(3)}`);
}
