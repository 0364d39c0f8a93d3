// npm run learn — rebuilds what is learned from data, reproducibly, into knowledge/learned/:
//   bridge.json  the lay-to-legal bridge (IBM Model 1 over STARD's training questions and their articles), only
//                when SHIP_BRIDGE says it helps (src/search/learn/folds-corpus.ts)
//   ranker.json  the learned ranker's weights (listwise, over candidate features and their products), from
//                STARD's questions and our own district questions together (src/search/learn/fit-ranker.ts)
//   decision.json  the answer-or-decline model (see learn-decision.ts)
// Data (development data beside the repo, never committed): STARD's 1,235 training questions over the national
// corpus (--laws, default ../shared/scale-corpus/national), in 5 folds fixed by question id. A fold's candidate
// features are computed with links and a bridge from the other folds only, as LINKED_QUESTIONS_FILE would give
// them for questions never seen; the weights are then fitted on every fold's examples.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { embeddingsChoice } from '../answer/index.js';
import { loadKnowledge } from '../knowledge/index.js';
import { createLogger } from '../logger.js';
import { openIndex } from '../search/index-store.js';
import { FoldedCorpus, SHIP_BRIDGE, type GoldQuestion } from '../search/learn/folds-corpus.js';
import { foldOf } from '../search/learn/folds.js';
import { fitRanker } from '../search/learn/fit-ranker.js';
import { firstRelevantRank, type RankingExample } from '../search/learn/listwise.js';
import { warmTokenizer } from '../search/tokenizer.js';
import { answerDeps, decisionFile, learnDecision } from './learn-decision.js';
import { learnRouting } from './learn-routing.js';
import { districtExamples } from './learn-district.js';
import type { StoredIndex } from '../search/index-store.js';
import type { BridgeTable } from '../search/bridge.js';
import { learnScreen } from './learn-screen.js';
import { ROUTING_FEATURES } from '../answer/route.js';
import { loadLearned } from '../knowledge/learned.js';
import { HybridSearch } from '../search/retriever.js';
import { LearnedRanker, type RankerWeights } from '../search/ranker.js';

export const FOLDS = 5;

export function readGoldQuestions(file: string): GoldQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldQuestion);
}

/** A command-line option's value (`--name value`), or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Opens (building once) the index of a corpus with the project's knowledge, without any deployment links. */
export async function openCorpus(lawsDir: string, dataDir: string) {
  const config = loadConfig(undefined, { LAWS_DIR: lawsDir, DATA_DIR: dataDir, LINKED_QUESTIONS_FILE: '' });
  const logger = createLogger('warn');
  warmTokenizer();
  const kb = await loadKnowledge({ knowledgeDir: config.knowledgeDir, lawsDir: config.lawsDir }, logger);
  const stored = await openIndex(config.dataDir, kb.chunks, kb.sources, await embeddingsChoice(config), logger);
  return { config, kb, stored };
}

/** Every fold's ranking examples, each computed with links (and, with `bridge`, a bridge) from the other folds. */
export async function foldExamples(
  corpus: FoldedCorpus,
  questions: GoldQuestion[],
  folds = FOLDS,
  say: (s: string) => unknown = (s) => process.stderr.write(s),
  bridge = SHIP_BRIDGE,
): Promise<RankingExample[][]> {
  const out: RankingExample[][] = [];
  for (let f = 0; f < folds; f++) {
    const links = questions.filter((q) => foldOf(q.id, folds) !== f);
    const search = corpus.search(links, bridge ? corpus.bridge(links) : undefined);
    out.push(await corpus.examples(search, questions.filter((q) => foldOf(q.id, folds) === f)));
    say(`fold ${f + 1}/${folds}: ${out[f]!.length} questions with a loaded answer\n`);
  }
  return out;
}

/** The ranker's recall@5 and MRR on examples, a hit being the gold article's key. */
export const recallAt5 = (examples: RankingExample[], w: RankerWeights) => {
  const ranker = LearnedRanker.from(w);
  const ranks = examples.map((e) => firstRelevantRank(e, (f) => ranker.score(f)));
  return { recall5: ranks.filter((r) => r >= 0 && r < 5).length / examples.length, mrr: ranks.reduce((s, r) => s + (r >= 0 ? 1 / (r + 1) : 0), 0) / examples.length };
};

function writeBridge(bridge: BridgeTable | undefined, source: Record<string, string>, out: string): void {
  const file = path.join(out, 'bridge.json');
  if (!bridge) return fs.rmSync(file, { force: true });
  const description = 'Question word → statute words it points to, P(statute word | question word); IBM Model 1, 8 iterations.';
  fs.writeFileSync(file, JSON.stringify({ description, source, entries: bridge.entries }) + '\n');
}

/** The district's ranking examples (learn-district.ts), their candidates' bridged words from `bridge`. */
export async function districtRankingExamples(stored: StoredIndex, bridge: BridgeTable | undefined, repo = path.resolve('.')) {
  return districtExamples(new HybridSearch(stored, bridge ? { bridge } : {}), repo, path.resolve(repo, '../shared'));
}

async function learnRanker(corpus: FoldedCorpus, questions: GoldQuestion[], district: RankingExample[], bridge: BridgeTable | undefined, source: Record<string, string>, out: string): Promise<RankerWeights> {
  const byFold = await foldExamples(corpus, questions);
  // How the weights do on a fold they were not fitted on (the strict nested figure: npm run bench:stard).
  const heldOut = byFold.map((ex, f) => recallAt5(ex, fitRanker(byFold.filter((_, j) => j !== f).flat(), district)));
  const cv = { recall5: heldOut.reduce((s, x) => s + x.recall5, 0) / FOLDS, mrr: heldOut.reduce((s, x) => s + x.mrr, 0) / FOLDS };
  const fitted = fitRanker(byFold.flat(), district);
  writeBridge(bridge, source, out);
  const ranker = {
    description: 'Weights over the candidate features of src/search/features.ts and their pairwise products (a*b), fitted with a listwise softmax loss.',
    source: { ...source, data: `${source.data}, beside ${district.length} of our district questions (tune parts of eval/{law,report,resident}-questions, dev-questions) over the 15 texts and the report` },
    features: [...fitted.features],
    weights: fitted.weights,
    heldOut: { recall5: Math.round(cv.recall5 * 1000) / 1000, mrr: Math.round(cv.mrr * 1000) / 1000 },
  };
  fs.writeFileSync(path.join(out, 'ranker.json'), JSON.stringify(ranker, null, 1) + '\n');
  process.stderr.write(`ranker: recall@5 ${cv.recall5.toFixed(3)}, MRR ${cv.mrr.toFixed(3)} on held-out folds; ${fitted.weights.length} weights\n`);
  return fitted;
}

async function main(): Promise<void> {
  const laws = path.resolve(arg('laws', '../shared/scale-corpus/national'));
  const districtLaws = path.resolve(arg('district-laws', '../shared/knowledge-sources/regulations'));
  const questionsFile = path.resolve(arg('questions', '../shared/eval/stard-train.jsonl'));
  const dataDir = path.resolve(arg('data', '.data-learn'));
  const only = arg('only', 'all');
  const started = performance.now();
  const { config, kb, stored } = await openCorpus(laws, path.join(dataDir, 'national'));
  const questions = readGoldQuestions(questionsFile);
  // With a reranker configured, the decision learns its score's weight (the ranker's features do not use it).
  const rerank = config.RERANK_PROVIDER === 'none' ? undefined : await (await import('../search/rerank/factory.js')).createRerankStage(config, createLogger('warn'));
  const corpus = new FoldedCorpus(stored, rerank);
  process.stderr.write(`corpus: ${stored.chunks.length} chunks; ${questions.length} questions in ${FOLDS} folds\n`);
  const source = {
    script: 'npm run learn (src/cli/learn.ts)',
    data: `${path.basename(questionsFile)} (${questions.length} questions) over ${path.basename(laws)} (${stored.chunks.length} chunks)`,
    folds: `${FOLDS} folds by FNV-1a(id) mod ${FOLDS}; features of a fold from the other folds' links${SHIP_BRIDGE ? ' and bridge' : ''}`,
    learnedAt: new Date().toISOString().slice(0, 10),
  };
  const out = path.join(config.knowledgeDir, 'learned');
  fs.mkdirSync(out, { recursive: true });
  const district = await openCorpus(districtLaws, path.join(dataDir, 'district'));
  const repo = path.resolve(config.knowledgeDir, '..');
  const bridge = only === 'district' ? undefined : corpus.shippedBridge(questions);
  const weights = only === 'district' ? loadLearned(config.knowledgeDir).ranker : await learnRanker(corpus, questions, await districtRankingExamples(district.stored, bridge, repo), bridge, source, out);
  if (!weights) throw new Error('no knowledge/learned/ranker.json to learn the decision with: run npm run learn first');
  if (only !== 'ranker') {
    const learned = loadLearned(config.knowledgeDir);
    const search = new HybridSearch(district.stored, { ranker: LearnedRanker.from(weights, 'learned'), ...(learned.bridge ? { bridge: learned.bridge } : {}), ...(rerank ? { rerank } : {}) });
    const repo = path.resolve(config.knowledgeDir, '..');
    const shared = path.resolve(repo, '../shared');
    const screenFit = learnScreen(config.knowledgeDir, questions, repo, shared, (s) => process.stderr.write(s));
    const screen = { description: 'Naive Bayes log-odds (in scope over off topic) per feature of src/answer/screen.ts; a message whose mean is below the threshold is declined before search.', source: { ...source, data: `off topic: knowledge/screen/off-topic.jsonl (${screenFit.counts.offTopic}); in scope: knowledge/linked-questions, ${path.basename(questionsFile)} folds 1–4, our tune questions (${screenFit.counts.inScope} in all)`, folds: '5 folds by position for the out-of-fold figures and the threshold (≤ 0.5 % of our answerable questions screened out)' }, threshold: screenFit.threshold, outOfFold: screenFit.outOfFold, weights: screenFit.weights };
    fs.writeFileSync(path.join(out, 'screen.json'), JSON.stringify(screen) + '\n');
    const routing = await learnRouting(answerDeps(district.kb, search), repo, shared, (s) => process.stderr.write(s));
    fs.writeFileSync(
      path.join(out, 'routing.json'),
      JSON.stringify(
        {
          description: 'Weights of the routing features of src/answer/route.ts, added to the ranker score (which has weight 1).',
          source: {
            ...source,
            data: `${routing.count} of our own district questions with an answering candidate: eval/{law,report,resident}-questions (tune part) and dev-questions`,
            folds: '5 folds by FNV-1a(id) mod 5 for the held-out figure; our holdout parts never used',
          },
          features: [...ROUTING_FEATURES],
          weights: routing.weights,
          heldOut: routing.heldOut,
        },
        null,
        1,
      ) + '\n',
    );
    const model = await learnDecision(
      { district: { kb: district.kb, search }, national: { kb, corpus, questions, weights }, stard: questions, repo, shared, routing: routing.weights, screen, dump: path.join(dataDir, 'decision-rows.json') },
      (s) => process.stderr.write(s),
    );
    const decisionSource = {
      ...source,
      data: `answerable: eval/{law,report,resident}-questions (tune part), dev-questions, ${path.basename(questionsFile)} over ${path.basename(laws)}; declined: eval/out-questions (tune part), dev and resident out-of-scope, ${path.basename(questionsFile)} over ${path.basename(districtLaws)}`,
      folds: `STARD fold 0 (FNV-1a(id) mod ${FOLDS}) and our holdout parts never used; threshold from 5-fold out-of-fold chances, ≤ 5 % false refusals`,
    };
    fs.writeFileSync(path.join(out, 'decision.json'), decisionFile(model, decisionSource));
    fs.writeFileSync(
      path.join(out, 'law-words.json'),
      JSON.stringify({
        description: 'Question word → [law of the article that answered, how many questions] over real questions (STARD folds 1–4).',
        source: { ...source, folds: `STARD folds 1–4 of ${FOLDS} (FNV-1a(id) mod ${FOLDS}); fold 0 kept to measure the decision` },
        words: model.lawWords,
      }) + '\n',
    );
    process.stderr.write(`decision: threshold ${model.threshold.toFixed(3)}; weights ${model.weights.join(' ')}\n`);
  }
  process.stderr.write(`learned in ${((performance.now() - started) / 1000).toFixed(0)} s → ${path.relative(process.cwd(), out)}/\n`);
}

if (process.argv[1]?.endsWith('learn.ts') || process.argv[1]?.endsWith('learn.js')) {
  main().catch((err: unknown) => {
    process.stderr.write(`learn failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
