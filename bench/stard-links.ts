// npm run bench:stard-links — how STARD's recall grows with the number of linked questions.
// The ranker (fitRanker on STARD alone) is fitted per fold on the other four folds' examples, as npm run learn's
// own out-of-fold figure is; the held-out fold is then searched with links from 1, 2, 3 or all 4 of the other
// folds. A hit is the gold article's key (as in npm run learn), so the figures run above the strict title scoring
// of bench:stard. What it tells: what each further batch of real questions linked is worth, and so roughly what
// the shipped index, which links all of stard-train, gives on questions beyond it.
import path from 'node:path';
import { arg, FOLDS, foldExamples, openCorpus, readGoldQuestions, recallAt5 } from '../src/cli/learn.js';
import { FoldedCorpus } from '../src/search/learn/folds-corpus.js';
import { foldOf } from '../src/search/learn/folds.js';
import { fitRanker } from '../src/search/learn/fit-ranker.js';

const { stored } = await openCorpus(path.resolve(arg('laws', '../shared/scale-corpus/national')), path.join(path.resolve(arg('data', '.data-learn')), 'national'));
const questions = readGoldQuestions(path.resolve(arg('questions', '../shared/eval/stard-train.jsonl')));
const corpus = new FoldedCorpus(stored);
const byFold = await foldExamples(corpus, questions, FOLDS, () => undefined);
const weights = byFold.map((_, f) => fitRanker(byFold.filter((__, j) => j !== f).flat()));

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
    const examples = await corpus.examples(corpus.search(linked, corpus.bridge(linked)), questions.filter((q) => foldOf(q.id) === f));
    const { recall5, mrr } = recallAt5(examples, weights[f]!);
    found += recall5 * examples.length;
    rr += mrr * examples.length;
    n += examples.length;
  }
  console.log(`${kept} of 4 folds (${Math.round(links / FOLDS)})`.padEnd(36) + `${(found / n).toFixed(3)}      ${(rr / n).toFixed(3)}`);
}
