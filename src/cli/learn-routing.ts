// Routing weights (src/answer/route.ts), fitted on our own labelled district questions — the "tune" part of
// eval/law-questions.jsonl and eval/report-questions.jsonl, eval/resident-questions.jsonl, and the development
// questions — run through the real answer path: for each, the ranker's candidates (unrouted) and which of them
// hold the answer (its gold article, or a report passage stating one of its facts). The ranker's own score
// enters with weight 1; the routing features' weights are fitted listwise and checked on 5 folds.
import { answerQuestion, type AnswerDeps } from '../answer/answer-question.js';
import { HAND_SET_ROUTING, ROUTING_FEATURES, routingFeatures, type RoutingReading } from '../answer/route.js';
import type { Hit } from '../search/retriever.js';
import { foldOf } from '../search/learn/folds.js';
import { answers, districtQuestions, type Labelled } from './learn-district.js';
import { firstRelevantRank, fitListwise, type RankingExample } from '../search/learn/listwise.js';

export async function learnRouting(deps: AnswerDeps, repo: string, shared: string, say: (s: string) => unknown) {
  const questions = districtQuestions(repo, shared);
  const examples: { id: string; ex: RankingExample }[] = [];
  const now = new Date();
  const run = async (d: AnswerDeps, qs: Labelled[]) => {
    for (const q of qs) {
      let seen: { candidates: Hit[]; reading: RoutingReading } | undefined;
      await answerQuestion(q.q, { ...d, observeRouting: (candidates, reading) => (seen ??= { candidates, reading }) }, { now });
      if (!seen || !seen.candidates.some((h) => answers(q, h))) continue; // nothing to learn where no candidate answers
      const { candidates, reading } = seen;
      examples.push({ id: q.id, ex: { features: candidates.map((h) => [h.logit ?? 0, ...routingFeatures(h.chunk, reading)]), relevant: candidates.map((h) => answers(q, h)) } });
    }
  };
  // Only the district's questions: adding STARD's over the national corpus (where the report is never the
  // answer) was tried: it cost the development set's report answers 1.00 → 0.89, so it was not kept.
  await run(deps, questions);
  const dims = 1 + ROUTING_FEATURES.length;
  // The ranker's score is the unit: weights are divided by its fitted weight, so the score enters with weight 1.
  const fit = (xs: RankingExample[]) => {
    const w = fitListwise(xs, dims, { iterations: 400 });
    const unit = w[0]! > 0.05 ? w[0]! : 1;
    return w.slice(1).map((x) => Math.round((x / unit) * 1000) / 1000);
  };
  const top = (ex: RankingExample, w: readonly number[]) => firstRelevantRank(ex, [1, ...w]);
  let learned = 0;
  let handSet = 0;
  for (let f = 0; f < 5; f++) {
    const test = examples.filter((e) => foldOf(e.id) === f);
    const w = fit(examples.filter((e) => foldOf(e.id) !== f).map((e) => e.ex));
    learned += test.filter((e) => top(e.ex, w) === 0).length;
    handSet += test.filter((e) => top(e.ex, HAND_SET_ROUTING) === 0).length;
  }
  const weights = fit(examples.map((e) => e.ex));
  const heldOut = { firstPassageAnswers: Math.round((learned / examples.length) * 1000) / 1000, handSetWeights: Math.round((handSet / examples.length) * 1000) / 1000 };
  say(`routing: ${examples.length} questions; first passage answers ${heldOut.firstPassageAnswers} (held-out folds) vs ${heldOut.handSetWeights} with the hand-set weights; weights ${weights.join(' ')}\n`);
  return { weights, heldOut, count: examples.length };
}
