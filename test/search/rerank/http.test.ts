// RERANK_PROVIDER=http against a fake server with both /rerank shapes: the request each API takes, the
// replies read, and what slow answers, 500s and malformed bodies do (one retry, the deadline, the breaker).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ModelTimeoutError } from '../../../src/resilience.js';
import { GuardedReranker, RerankerUnavailableError } from '../../../src/search/rerank/guarded.js';
import { HttpReranker, readRerankReply, RerankHttpError } from '../../../src/search/rerank/http.js';
import { createRerankStage, rerankApi } from '../../../src/search/rerank/factory.js';
import { RerankResponseError } from '../../../src/search/rerank/reranker.js';
import { pairScore, startFakeRerank, type RerankScript } from '../../fakes/fake-rerank.js';
import type { FakeServer } from '../../fakes/http.js';
import { recordingLogger } from '../../helpers/logs.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const query = '消防车通道被占用';
const passages = ['劳动合同的订立', '任何单位、个人不得占用、堵塞、封闭消防车通道', '消防车通道', '行政处罚的种类'];
const expected = passages.map((p) => pairScore(query, p));

async function fake(script?: RerankScript) {
  const s = await startFakeRerank(script);
  servers.push(s);
  return s;
}

const guard = { timeoutMs: 1000, backoffMs: 10, breakerFailures: 3, breakerCooldownMs: 60_000 };

describe('HttpReranker', () => {
  it('tei: posts {query, texts} to /rerank and reads [{index, score}] back into the passages order', async () => {
    const server = await fake();
    const scores = await new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }).score(query, passages);
    expect(scores).toEqual(expected);
    expect(server.rerankRequests()[0]!.body).toEqual({ query, texts: passages, truncate: true });
  });

  it('jina (Xinference, vLLM): posts {model, query, documents, top_n} with the key, reads {results: [{index, relevance_score}]}', async () => {
    const server = await fake();
    const reranker = new HttpReranker({ baseUrl: `${server.baseUrl}/v1/`, api: 'jina', model: 'bge-reranker-v2-m3', apiKey: 'sk-test' });
    expect(await reranker.score(query, passages)).toEqual(expected);
    const req = server.rerankRequests()[0]!;
    expect(req.path).toBe('/v1/rerank');
    expect(req.body).toEqual({ model: 'bge-reranker-v2-m3', query, documents: passages, top_n: 4 });
    expect(req.headers.authorization).toBe('Bearer sk-test');
  });

  it('reads either reply shape whatever was asked', async () => {
    const server = await fake(() => ({ body: 'other-shape' }));
    expect(await new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }).score(query, passages)).toEqual(expected);
  });

  it.each([
    ['malformed', /neither \[\{index, score\}\] nor/],
    ['not-json', /not JSON/],
    ['short', /3 scores for 4 passages/],
  ] as const)('a %s body is a RerankResponseError', async (body, message) => {
    const server = await fake(() => ({ body }));
    const err = await new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }).score(query, passages).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RerankResponseError);
    expect(String(err)).toMatch(message);
  });

  it('rejects indices out of range and scores that are not numbers', () => {
    expect(() => readRerankReply([{ index: 4, score: 1 }], 4, 'x')).toThrow(/index 4 for 4 passages/);
    expect(() => readRerankReply({ results: [{ index: 0, relevance_score: 'high' }] }, 1, 'x')).toThrow(RerankResponseError);
  });

  it('an HTTP error carries its status (for the retry and the breaker)', async () => {
    const server = await fake(() => ({ status: 503 }));
    const err = await new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }).score(query, passages).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RerankHttpError);
    expect((err as RerankHttpError).status).toBe(503);
  });
});

describe('GuardedReranker', () => {
  it('retries a 500 once and succeeds', async () => {
    const server = await fake((_r, n) => (n === 0 ? { status: 500 } : {}));
    const guarded = new GuardedReranker(new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }), guard);
    expect(await guarded.score(query, passages)).toEqual(expected);
    expect(server.rerankRequests()).toHaveLength(2);
  });

  it('a 4xx is not retried', async () => {
    const server = await fake(() => ({ status: 422 }));
    const guarded = new GuardedReranker(new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }), guard);
    await expect(guarded.score(query, passages)).rejects.toBeInstanceOf(RerankHttpError);
    expect(server.rerankRequests()).toHaveLength(1);
  });

  it('a slow server is given up on at the deadline, and the request is aborted', async () => {
    const server = await fake(() => ({ delayMs: 2000 }));
    const guarded = new GuardedReranker(new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }), { ...guard, timeoutMs: 150 });
    const started = performance.now();
    await expect(guarded.score(query, passages)).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('opens the breaker after N failures: no more requests until the cooldown, then one trial', async () => {
    let now = 0;
    let failing = true;
    const server = await fake(() => (failing ? { status: 500 } : {}));
    const guarded = new GuardedReranker(new HttpReranker({ baseUrl: server.baseUrl, api: 'tei' }), { ...guard, backoffMs: 2000, breakerFailures: 2, breakerCooldownMs: 30_000, now: () => now });
    await expect(guarded.score(query, passages)).rejects.toBeInstanceOf(RerankHttpError);
    await expect(guarded.score(query, passages)).rejects.toBeInstanceOf(RerankHttpError);
    const sent = server.rerankRequests().length;
    await expect(guarded.score(query, passages)).rejects.toBeInstanceOf(RerankerUnavailableError);
    expect(server.rerankRequests()).toHaveLength(sent);
    now = 30_000;
    failing = false;
    expect(await guarded.score(query, passages)).toEqual(expected);
    expect(guarded.breaker.state).toBe('closed');
  });
});

describe('RERANK_* settings', () => {
  it('RERANK_API=auto is tei without a model name, jina with one', () => {
    expect(rerankApi(loadConfig({ RERANK_PROVIDER: 'http' }))).toBe('tei');
    expect(rerankApi(loadConfig({ RERANK_PROVIDER: 'http', RERANK_MODEL: 'bge-reranker-v2-m3' }))).toBe('jina');
    expect(rerankApi(loadConfig({ RERANK_PROVIDER: 'http', RERANK_MODEL: 'x', RERANK_API: 'tei' }))).toBe('tei');
  });

  it('defaults: none, top 30; http without a base URL and local without a model are named', async () => {
    const c = loadConfig({});
    expect([c.RERANK_PROVIDER, c.RERANK_TOP_N]).toEqual(['none', 30]);
    const { logger } = recordingLogger();
    expect(await createRerankStage(c, logger)).toBeUndefined();
    await expect(createRerankStage(loadConfig({ RERANK_PROVIDER: 'http' }), logger)).rejects.toThrow(/RERANK_BASE_URL/);
    await expect(createRerankStage(loadConfig({ RERANK_PROVIDER: 'local' }), logger)).rejects.toThrow(/RERANK_MODEL/);
    expect(() => loadConfig({ RERANK_PROVIDER: 'cohere' })).toThrow(/RERANK_PROVIDER/);
  });
});
