// The answer-or-decline model, fitted from labelled questions run through the real answer path (npm run learn):
//   answerable  — our own law and report questions (eval/*.jsonl, "tune" part only), the development questions
//                 (../shared/eval/dev-questions.jsonl), and STARD's questions over the national corpus where their
//                 laws are loaded (links from the other folds, as for questions never seen);
//   declined    — our own out-of-scope questions ("tune" part) and STARD's questions over the district's 15 texts,
//                 which almost never hold their laws.
// STARD's fold 0 and our "holdout" parts are never used here: they measure the result (npm run eval).
// The threshold is chosen on 5 folds for at most 5 % false refusals among the district's answerable law questions.
import fs from 'node:fs';
import path from 'node:path';
import { answerQuestion, type AnswerDeps } from '../answer/answer-question.js';
import { DECISION_FEATURES, type Decision, type DecisionFeature } from '../answer/decision.js';
import { buildRegulationNameIndex } from '../answer/regulation-names.js';
import { answerStaffQuestion } from '../answer/staff/index.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import { lawKey, LinkResolver } from '../knowledge/linked-questions.js';
import { LawScope } from '../answer/law-scope.js';
import type { ScreenModel } from '../knowledge/learned.js';
import { bridgeWords } from '../search/bridge.js';
import type { HybridSearch } from '../search/retriever.js';
import type { FoldedCorpus, GoldQuestion } from '../search/learn/folds-corpus.js';
import { foldOf } from '../search/learn/folds.js';
import { LearnedRanker, type RankerWeights } from '../search/ranker.js';
import { fitLogistic, type LogisticModel } from '../search/learn/logistic.js';

interface Labelled {
  q: string;
  answerable: boolean;
  /** Where it came from, for the figures printed at the end. */
  group: string;
}

interface Observed extends Labelled {
  x: number[];
}

/** Most false refusals allowed among answerable questions (issue: ≤ 5 %). */
export const MAX_FALSE_REFUSALS = 0.05;

function readJsonl<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

type EvalLine = { q: string; kind: 'law' | 'report' | 'out'; split?: string };

/** Our own sets' tune part and the development set, as labelled questions. */
export function ownQuestions(repo: string, shared: string): Labelled[] {
  const files = ['eval/law-questions.jsonl', 'eval/report-questions.jsonl', 'eval/out-questions.jsonl', 'eval/resident-questions.jsonl'].map((f) => path.join(repo, f));
  const own = files.flatMap((f) => readJsonl<EvalLine>(f).filter((l) => l.split !== 'holdout').map((l) => ({ q: l.q, answerable: l.kind !== 'out', group: `own ${l.kind}` })));
  const dev = readJsonl<EvalLine>(path.join(shared, 'eval/dev-questions.jsonl')).map((l) => ({ q: l.q, answerable: l.kind !== 'out', group: `dev ${l.kind}` }));
  return [...own, ...dev];
}

export function answerDeps(kb: KnowledgeBase, search: HybridSearch): AnswerDeps {
  return {
    search,
    reports: kb.reports,
    catalogue: kb.catalogue,
    thesaurus: kb.thesaurus,
    names: buildRegulationNameIndex(kb.catalogue, kb.regulations),
    staff: (q, now) => answerStaffQuestion(q, kb.reports, { now }),
  };
}

/** Runs each question through the answer path and keeps the features of its answer-or-decline decision. */
export async function observe(deps: AnswerDeps, questions: readonly Labelled[]): Promise<Observed[]> {
  const out: Observed[] = [];
  const now = new Date();
  for (const l of questions) {
    let seen: Decision | undefined;
    await answerQuestion(l.q, { ...deps, decision: undefined, observe: (d) => (seen = d) }, { now });
    // Questions settled before retrieval (refused outright, staff tables) never reach the decision.
    if (seen) out.push({ ...l, x: DECISION_FEATURES.map((f) => seen!.features[f]) });
  }
  return out;
}

/** The threshold that keeps false refusals among `positives` at most `max`, from out-of-fold chances. */
export function thresholdFor(chances: number[], max = MAX_FALSE_REFUSALS): number {
  const sorted = [...chances].sort((a, b) => a - b);
  const k = Math.floor(max * sorted.length);
  return Math.max(0, (sorted[k] ?? 0) - 1e-9);
}

export interface DecisionData {
  district: { kb: KnowledgeBase; search: HybridSearch };
  national?: { kb: KnowledgeBase; corpus: FoldedCorpus; questions: GoldQuestion[]; weights: RankerWeights };
  stard: GoldQuestion[];
  repo: string;
  shared: string;
  /** Routing weights learned just before (they shape the passages the decision sees). */
  routing?: readonly number[];
  /** The screen learned before: what it turns away never reaches the decision. */
  screen?: ScreenModel;
  /** Where to keep the observed features (under DATA_DIR, never committed), to study the model without rerunning. */
  dump?: string;
}

/** Counts of (question word, law of its answering article) over real questions: law-words.json. */
export function lawWordsTable(questions: readonly GoldQuestion[], minCount = 2): Record<string, [string, number][]> {
  const counts = new Map<string, Map<string, number>>();
  for (const q of questions) {
    const laws = new Set(q.gold.map((g) => lawKey(g.law)));
    for (const w of new Set(bridgeWords(q.q))) {
      const row = counts.get(w) ?? counts.set(w, new Map()).get(w)!;
      for (const law of laws) row.set(law, (row.get(law) ?? 0) + 1);
    }
  }
  const out: Record<string, [string, number][]> = {};
  for (const w of [...counts.keys()].sort()) {
    const row = [...counts.get(w)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (row.reduce((n, [, c]) => n + c, 0) >= minCount) out[w] = row;
  }
  return out;
}

/** STARD's fold 0 is never learned from: it measures the decision (npm run eval:decline). */
export const learnable = (q: GoldQuestion): boolean => foldOf(q.id) !== 0;

export async function learnDecision(data: DecisionData, say: (s: string) => unknown): Promise<LogisticModel & { threshold: number; figures: Record<string, number>; lawWords: Record<string, [string, number][]> }> {
  // A question's law-word counts never include the question itself: for fold f, the table of the other folds.
  const tableWithout = (f?: number) => lawWordsTable(data.stard.filter((q) => learnable(q) && foldOf(q.id) !== f));
  const districtDeps = (table: Record<string, [string, number][]>) => ({
    ...answerDeps(data.district.kb, data.district.search),
    ...(data.routing ? { routing: data.routing } : {}),
    ...(data.screen ? { screen: data.screen } : {}),
    scope: LawScope.of(table, data.district.search.chunks),
  });
  const districtResolver = new LinkResolver(data.district.search.chunks);
  const district = await observe(districtDeps(tableWithout()), ownQuestions(data.repo, data.shared));
  for (let f = 1; f < 5; f++) {
    const notLoaded = data.stard.filter((q) => foldOf(q.id) === f && districtResolver.resolve(q.gold).size === 0);
    district.push(...(await observe(districtDeps(tableWithout(f)), notLoaded.map((q) => ({ q: q.q, answerable: false, group: 'STARD, law not loaded' })))));
  }
  say(`decision: ${district.length} district questions observed\n`);
  const national: Observed[] = [];
  if (data.national) {
    const { corpus, questions, weights, kb } = data.national;
    for (let f = 1; f < 5; f++) {
      const links = questions.filter((q) => foldOf(q.id) !== f);
      const search = corpus.search(links, corpus.shippedBridge(links), LearnedRanker.from(weights, 'learned'));
      const asked = questions.filter((q) => foldOf(q.id) === f).map((q) => ({ q: q.q, answerable: true, group: 'STARD, national corpus' }));
      national.push(...(await observe({ ...answerDeps(kb, search), ...(data.routing ? { routing: data.routing } : {}), ...(data.screen ? { screen: data.screen } : {}), scope: LawScope.of(tableWithout(f), search.chunks) }, asked)));
    }
    say(`decision: ${national.length} national questions observed\n`);
  }
  const all = [...district, ...national];
  if (data.dump) fs.writeFileSync(data.dump, JSON.stringify(all));
  const fit = (rows: Observed[]) => fitLogistic(rows.map((r) => r.x), rows.map((r) => r.answerable), { balance: true });
  // Out-of-fold chances for every observed question: the threshold and the figures come from these.
  const chance = new Map<Observed, number>();
  for (let f = 0; f < 5; f++) {
    const inFold = (r: Observed, i: number) => i % 5 === f;
    const model = fit(all.filter((r, i) => !inFold(r, i)));
    all.forEach((r, i) => inFold(r, i) && chance.set(r, model.predict(r.x)));
  }
  // The target counts false refusals among residents' law questions, the harder half: report questions name
  // what they ask about and are rarely refused, so a threshold set on both would refuse more law questions.
  const threshold = thresholdFor(district.filter((r) => r.answerable && r.group.endsWith(' law')).map((r) => chance.get(r)!));
  const rate = (rows: Observed[], answered: boolean) => rows.filter((r) => chance.get(r)! >= threshold === answered).length / Math.max(1, rows.length);
  const figures: Record<string, number> = {};
  for (const group of [...new Set(all.map((r) => r.group))]) {
    const rows = all.filter((r) => r.group === group);
    figures[`${group}: ${rows[0]!.answerable ? 'answered' : 'declined'}`] = Math.round(rate(rows, rows[0]!.answerable) * 1000) / 1000;
  }
  for (const [k, v] of Object.entries(figures)) say(`  ${k.padEnd(40)} ${v.toFixed(3)} (out of fold)\n`);
  return { ...fit(all), threshold, figures, lawWords: tableWithout() };
}

export function decisionFile(model: LogisticModel & { threshold: number; figures: Record<string, number> }, source: Record<string, string>): string {
  return (
    JSON.stringify(
      {
        description: 'P(answerable) = σ(bias + Σ w·(x − mean)/scale) over the features of src/answer/decision.ts; answer when ≥ threshold.',
        source,
        features: [...DECISION_FEATURES] satisfies DecisionFeature[],
        weights: model.weights,
        bias: model.bias,
        mean: model.mean,
        scale: model.scale,
        threshold: Math.round(model.threshold * 10000) / 10000,
        outOfFold: model.figures,
      },
      null,
      1,
    ) + '\n'
  );
}
