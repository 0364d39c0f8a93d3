// createAnswerService: loads the knowledge, opens (or builds) the index and answers questions.
import type { Config } from '../config.js';
import type { Answer, AnswerContext } from '../domain.js';
import { loadKnowledge, type KnowledgeBase } from '../knowledge/index.js';
import { expandQuery } from '../knowledge/thesaurus.js';
import type { Logger } from '../logger.js';
import { LocalEmbeddings, LOCAL_EMBEDDINGS_ID } from '../search/embeddings/local.js';
import { openIndex, type EmbeddingsChoice } from '../search/index-store.js';
import { loadLearned } from '../knowledge/learned.js';
import { LearnedRanker } from '../search/ranker.js';
import { HybridSearch } from '../search/retriever.js';
import { warmTokenizer } from '../search/tokenizer.js';
import { answerQuestion, streamAnswer, type AnswerDeps } from './answer-question.js';
import { buildRegulationNameIndex } from './regulation-names.js';
import { answerStaffQuestion } from './staff/index.js';
import { LawScope } from './law-scope.js';
import { routingWeights } from './route.js';
import type { AnswerService, KnowledgeStats } from './service.js';

export type { AnswerService } from './service.js';

/**
 * The configured embedding (built-in by default). The manifest records its id: switching rebuilds the
 * index. Provider clients load only when configured: importing them costs seconds at every start.
 */
export async function embeddingsChoice(config: Config, logger?: Logger): Promise<EmbeddingsChoice> {
  if (config.EMBEDDINGS_PROVIDER === 'local' && !config.EMBEDDINGS_MODEL) {
    return { id: { provider: 'local', model: LOCAL_EMBEDDINGS_ID }, create: () => new LocalEmbeddings() };
  }
  const { createEmbeddings, embeddingsId } = await import('../search/embeddings/factory.js');
  return { id: embeddingsId(config), create: () => createEmbeddings(config, () => new LocalEmbeddings(), logger) };
}

export interface AnswerServiceOptions {
  forceRebuild?: boolean;
}

export interface LoadedCore {
  kb: KnowledgeBase;
  deps: AnswerDeps;
  stats: KnowledgeStats;
}

/** Loads knowledge and index; shared by the service, the CLI and the benchmarks. */
export async function loadCore(config: Config, logger: Logger, opts: AnswerServiceOptions = {}): Promise<LoadedCore> {
  warmTokenizer();
  const kb = await loadKnowledge({ knowledgeDir: config.knowledgeDir, lawsDir: config.lawsDir, linkedQuestionsFile: config.linkedQuestionsFile }, logger);
  const stored = await openIndex(config.dataDir, kb.chunks, kb.sources, await embeddingsChoice(config, logger), logger, opts);
  // RERANK_PROVIDER=none (the default) loads nothing of the reranking code.
  const rerank = config.RERANK_PROVIDER === 'none' ? undefined : await (await import('../search/rerank/factory.js')).createRerankStage(config, logger);
  const learned = loadLearned(config.knowledgeDir);
  for (const p of learned.problems) logger.warn(p, 'a learned model file could not be used: falling back');
  const ranker = learned.ranker ? LearnedRanker.from(learned.ranker) : LearnedRanker.plain();
  if (!learned.ranker) logger.warn({ ranker: ranker.origin }, 'no learned ranker: search uses the plain BM25 order');
  const search = new HybridSearch(stored, { ranker, ...(learned.bridge ? { bridge: learned.bridge } : {}), ...(rerank ? { rerank } : {}) });
  const deps: AnswerDeps = {
    search,
    reports: kb.reports,
    catalogue: kb.catalogue,
    thesaurus: kb.thesaurus,
    names: buildRegulationNameIndex(kb.catalogue, kb.regulations),
    staff: (question, now) => answerStaffQuestion(question, kb.reports, { now }),
    ...(learned.decision ? { decision: learned.decision } : {}),
    scope: LawScope.of(learned.lawWords?.words, stored.chunks),
    routing: routingWeights(learned.routing),
    ...(learned.screen ? { screen: learned.screen } : {}),
  };
  if (config.LLM_PROVIDER !== 'none') {
    const model = (await import('./model/index.js')).createModelAnswering(config, logger);
    if (model) deps.model = model;
  }
  const loadedTitles = new Set(kb.regulations.map((r) => r.title));
  const stats: KnowledgeStats = {
    documents: kb.reports.length + kb.regulations.length,
    chunks: stored.chunks.length,
    reportYears: kb.reports.map((r) => r.year),
    regulations: kb.regulations.map((r) => r.title),
    catalogueOnly: kb.catalogue.filter((e) => !loadedTitles.has(e.title)).map((e) => e.title),
    indexBuiltAt: stored.manifest.builtAt,
  };
  logger.info({ reports: stats.reportYears, regulations: stats.regulations.length, chunks: stats.chunks, skipped: kb.skipped.length }, 'knowledge loaded');
  return { kb, deps, stats };
}

export async function createAnswerService(config: Config, logger: Logger, opts: AnswerServiceOptions = {}): Promise<AnswerService> {
  let core = await loadCore(config, logger, opts);
  let rebuilding: Promise<KnowledgeStats> | undefined;
  return {
    answer: (question: string, context?: AnswerContext): Promise<Answer> => answerQuestion(question, core.deps, context),
    stream: (question: string, context?: AnswerContext) => streamAnswer(question, core.deps, context),
    stats: () => core.stats,
    reports: () => core.kb.reports,
    regulations: () => core.kb.regulations,
    search: async (text: string, k = 10) => {
      const hits = await core.deps.search.search({ text, expansions: expandQuery(text, core.kb.thesaurus).terms, k });
      return hits.map((h) => ({ chunk: h.chunk, score: h.score }));
    },
    passage: (id: string) => core.deps.search.chunks.find((c) => c.id === id),
    reindex: (o = {}) =>
      (rebuilding ??= loadCore(config, logger, { forceRebuild: !!o.force })
        .then((next) => {
          core = next; // one assignment: every later question sees the new index, none sees half of it
          return next.stats;
        })
        .finally(() => (rebuilding = undefined))),
  };
}
