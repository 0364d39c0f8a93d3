// The reranking stage of retrieval: after fusion, the top N candidates are re-scored by the reranker and
// ordered by its score, which each Hit carries as `rerank` (a feature for whatever decides next). If the
// reranker fails, is slow or is switched off by its breaker, the fused order stands and the log says why.
// Scores are kept for a while: a question that searches twice (the report first, then everything) and a
// follow-up over the same passages do not pay for the same pairs again.
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
  /** Scores already computed, per question and chunk (one per index build: chunk ids are stable within it). */
  cache?: RerankCache;
}

/** The most recently used (question, chunk) scores. */
export class RerankCache {
  private readonly scores = new Map<string, number>();

  constructor(readonly size = 2048) {}

  private key(query: string, chunkId: string): string {
    return `${chunkId}\u0000${query}`;
  }

  get(query: string, chunkId: string): number | undefined {
    const k = this.key(query, chunkId);
    const s = this.scores.get(k);
    if (s !== undefined) {
      this.scores.delete(k);
      this.scores.set(k, s);
    }
    return s;
  }

  set(query: string, chunkId: string, score: number): void {
    this.scores.set(this.key(query, chunkId), score);
    if (this.scores.size > this.size) this.scores.delete(this.scores.keys().next().value!);
  }
}

export async function rerankHits(query: string, hits: Hit[], stage: RerankStage): Promise<Hit[]> {
  const top = hits.slice(0, stage.topN);
  if (top.length === 0) return hits;
  const started = performance.now();
  const scores = top.map((h) => stage.cache?.get(query, h.chunk.id));
  const missing = top.filter((_, i) => scores[i] === undefined);
  if (missing.length > 0) {
    let fresh: number[];
    try {
      // What the vector side sees of a chunk: its text with the law name, chapter and section that place it.
      fresh = await stage.reranker.score(query, missing.map((h) => embeddingText(h.chunk)));
    } catch (err) {
      stage.logger.warn({ reranker: stage.reranker.label, reason: failureReason(err) }, 'reranking failed: fused order kept');
      return hits;
    }
    let j = 0;
    top.forEach((h, i) => {
      if (scores[i] !== undefined) return;
      scores[i] = fresh[j++]!;
      stage.cache?.set(query, h.chunk.id, scores[i]);
    });
  }
  stage.logger.debug({ reranker: stage.reranker.label, candidates: top.length, scored: missing.length, ms: +(performance.now() - started).toFixed(1) }, 'reranked');
  const rescored = top.map((h, i) => ({ ...h, rerank: scores[i]! }));
  // Stable: equal scores keep the fused order.
  rescored.sort((a, b) => b.rerank - a.rerank);
  return [...rescored, ...hits.slice(top.length)];
}
