// The reranking stage in the real hybrid search: the top RERANK_TOP_N fused candidates are re-scored and
// ordered by the reranker, each carrying its `rerank` score; when the reranker fails the fused order stands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCore } from '../../../src/answer/index.js';
import type { Chunk } from '../../../src/domain.js';
import { answerQuestion } from '../../../src/answer/answer-question.js';
import { embeddingText } from '../../../src/search/index-store.js';
import type { Reranker } from '../../../src/search/rerank/reranker.js';
import { HybridSearch } from '../../../src/search/retriever.js';
import { pairScore, startFakeRerank, type FakeRerank } from '../../fakes/fake-rerank.js';
import { realCore } from '../../helpers/core.js';
import { recordingLogger } from '../../helpers/logs.js';

let server: FakeRerank;
let failing = false;
let core: LoadedCore;
/** The search as the core built it (learned ranker, bridge), without its reranker. */
const same = () => ({ ranker: core.deps.search.ranker, ...(core.deps.search.bridge ? { bridge: core.deps.search.bridge } : {}) });
beforeAll(async () => {
  server = await startFakeRerank(() => (failing ? { status: 500 } : {}));
  ({ core } = await realCore({ RERANK_PROVIDER: 'http', RERANK_BASE_URL: server.baseUrl, RERANK_TOP_N: '12', RERANK_RETRY_BACKOFF_MS: '0' }));
});
afterAll(() => server.close());

const question = '占用消防车通道怎么处罚';

describe('reranking after fusion', () => {
  it('loadCore wires RERANK_PROVIDER=http: the top N are sent, re-scored and reordered by the reranker', async () => {
    const before = server.rerankRequests().length;
    const hits = await core.deps.search.search({ text: question, k: 8 });
    const sent = server.rerankRequests().slice(before);
    expect(sent).toHaveLength(1);
    const texts = sent[0]!.body.texts as string[];
    expect(texts).toHaveLength(12);
    expect(hits).toHaveLength(8);
    for (const h of hits) expect(h.rerank).toBeCloseTo(pairScore(question, embeddingText(h.chunk)), 10);
    const scores = hits.map((h) => h.rerank!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The candidates are the fused top 12, sent as the vector side sees them (law name, chapter, text).
    const fused = await new HybridSearch(core.deps.search.stored, same()).search({ text: question, k: 12 });
    expect(texts).toEqual(fused.map((h) => embeddingText(h.chunk)));
    expect(fused.every((h) => h.rerank === undefined)).toBe(true);
  });

  it('candidates past the top N keep their fused order after the reranked ones, unscored', async () => {
    const hits = await core.deps.search.search({ text: question, k: 20 });
    expect(hits.slice(0, 12).every((h) => h.rerank !== undefined)).toBe(true);
    expect(hits.slice(12).every((h) => h.rerank === undefined)).toBe(true);
    const fused = await new HybridSearch(core.deps.search.stored, same()).search({ text: question, k: 20 });
    expect(hits.slice(12).map((h) => h.chunk.id)).toEqual(fused.slice(12).map((h) => h.chunk.id));
  });

  it('pairs already scored are not sent again: the same search sends nothing, a filtered one only the new pairs', async () => {
    const q = '开发区开展了哪些普法宣传活动';
    await core.deps.search.search({ text: q, k: 8 });
    const sent = server.rerankRequests().length;
    const again = await core.deps.search.search({ text: q, k: 8 });
    expect(server.rerankRequests()).toHaveLength(sent);
    expect(again.every((h) => h.rerank !== undefined)).toBe(true);
    const onlyReports = (c: Chunk) => c.kind === 'report';
    const reports = await core.deps.search.search({ text: q, k: 8, filter: onlyReports });
    // The filtered search asks once more, and only for passages the first search did not score.
    const requests = server.rerankRequests();
    const scored = new Set(requests.slice(0, sent).flatMap((r) => r.body.texts as string[]));
    expect(requests).toHaveLength(sent + 1);
    const fresh = requests[sent]!.body.texts as string[];
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.length).toBeLessThan(12);
    expect(fresh.filter((t) => scored.has(t))).toEqual([]);
    const known = new Set([...scored, ...fresh]);
    expect(reports.every((h) => known.has(embeddingText(h.chunk)))).toBe(true);
    expect(reports.every((h) => h.rerank !== undefined && h.chunk.kind === 'report')).toBe(true);
  });

  it('a failing reranker leaves the fused order, logs why, and the question is still answered', async () => {
    failing = true;
    try {
      const { logger, lines } = recordingLogger();
      const stage = { ...core.deps.search.rerankStage!, logger, cache: undefined };
      const search = new HybridSearch(core.deps.search.stored, { ...same(), rerank: stage });
      const hits = await search.search({ text: question, k: 8 });
      const fused = await new HybridSearch(core.deps.search.stored, same()).search({ text: question, k: 8 });
      expect(hits.map((h) => h.chunk.id)).toEqual(fused.map((h) => h.chunk.id));
      expect(hits.every((h) => h.rerank === undefined)).toBe(true);
      expect(lines.some((l) => l.includes('reranking failed: fused order kept') && l.includes('HTTP 500'))).toBe(true);
      const answer = await answerQuestion(question, { ...core.deps, search });
      expect(answer.answered).toBe(true);
      expect(answer.citations[0]!.title).toContain('消防法');
    } finally {
      failing = false;
    }
  });

  it('the reranker decides the order among the candidates', async () => {
    // A reranker that prefers the last candidate it is given turns the order around.
    const reverse: Reranker = { label: 'reverse', score: async (_q, ps) => ps.map((_, i) => i / ps.length) };
    const search = new HybridSearch(core.deps.search.stored, { ...same(), rerank: { reranker: reverse, topN: 5, logger: recordingLogger().logger } });
    const hits = await search.search({ text: question, k: 5 });
    const fused = await new HybridSearch(core.deps.search.stored, same()).search({ text: question, k: 5 });
    expect(hits.map((h) => h.chunk.id)).toEqual(fused.map((h) => h.chunk.id).reverse());
  });
});
