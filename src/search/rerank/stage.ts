// The reranking stage of retrieval: after fusion, the top N candidates are re-scored by the reranker and
// ordered by its score, which each Hit carries as `rerank` (a feature for whatever decides next). If the
// reranker fails, is slow or is switched off by its breaker, the fused order stands and the log says why.
import type { Logger } from '../../logger.js';
import { failureReason } from '../../resilience.js';
import { embeddingText } from '../index-store.js';
import type { Hit } from '../retriever.js';
import type { Reranker } from './reranker.js';

export interface RerankStage {
  reranker: Reranker;
  /** RERANK_TOP_N: candidates re-scored; the rest keep their fused order after them. */
  topN: number;
  logger: Logger;
}

export async function rerankHits(query: string, hits: Hit[], stage: RerankStage): Promise<Hit[]> {
  const top = hits.slice(0, stage.topN);
  if (top.length === 0) return hits;
  const started = performance.now();
  let scores: number[];
  try {
    // What the vector side sees of a chunk: its text with the law name, chapter and section that place it.
    scores = await stage.reranker.score(query, top.map((h) => embeddingText(h.chunk)));
  } catch (err) {
    stage.logger.warn({ reranker: stage.reranker.label, reason: failureReason(err) }, 'reranking failed: fused order kept');
    return hits;
  }
  stage.logger.debug({ reranker: stage.reranker.label, candidates: top.length, ms: +(performance.now() - started).toFixed(1) }, 'reranked');
  const rescored = top.map((h, i) => ({ ...h, rerank: scores[i]! }));
  // Stable: equal scores keep the fused order.
  rescored.sort((a, b) => b.rerank - a.rerank);
  return [...rescored, ...hits.slice(top.length)];
}
