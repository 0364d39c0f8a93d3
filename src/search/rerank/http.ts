// The /rerank APIs of reranking servers, in the two shapes in use:
//   tei  — Text Embeddings Inference: POST {query, texts} → [{index, score}]
//   jina — Jina, Xinference, vLLM (and Cohere-like services): POST {model, query, documents, top_n}
//          → {results: [{index, relevance_score}]}
// Either reply shape is read whatever was asked (some servers answer the other one). Errors carry the
// HTTP status, so one retry on 429/5xx and the circuit breaker (src/resilience.ts) work as for the chat model.
import { z } from 'zod';
import { checkScores, RerankResponseError, type Reranker } from './reranker.js';

export type RerankApi = 'tei' | 'jina';

export interface HttpRerankerOptions {
  /** The server root; "/rerank" is appended (for Xinference and vLLM it ends in /v1). */
  baseUrl: string;
  api: RerankApi;
  model?: string;
  apiKey?: string;
}

export class RerankHttpError extends Error {
  override name = 'RerankHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const teiReply = z.array(z.object({ index: z.number().int(), score: z.number() }));
const jinaReply = z.object({ results: z.array(z.object({ index: z.number().int(), relevance_score: z.number() })) });

/** Scores in the passages' order from either reply shape; anything else is a RerankResponseError. */
export function readRerankReply(body: unknown, count: number, label: string): number[] {
  const tei = teiReply.safeParse(body);
  const jina = tei.success ? undefined : jinaReply.safeParse(body);
  const items = tei.success ? tei.data.map((r) => ({ index: r.index, score: r.score })) : jina?.success ? jina.data.results.map((r) => ({ index: r.index, score: r.relevance_score })) : undefined;
  if (!items) throw new RerankResponseError(`${label} answered with a body that is neither [{index, score}] nor {results: [{index, relevance_score}]}`);
  const scores = new Array<number | undefined>(count).fill(undefined);
  for (const { index, score } of items) {
    if (index < 0 || index >= count) throw new RerankResponseError(`${label} returned index ${index} for ${count} passages`);
    scores[index] = score;
  }
  if (scores.some((s) => s === undefined)) throw new RerankResponseError(`${label} returned ${items.length} scores for ${count} passages`);
  return checkScores(scores, count, label);
}

export class HttpReranker implements Reranker {
  readonly label: string;
  private readonly url: string;

  constructor(private readonly opts: HttpRerankerOptions) {
    this.url = `${opts.baseUrl.replace(/\/+$/, '')}/rerank`;
    this.label = `http ${opts.api} ${opts.model ?? this.url}`;
  }

  async score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]> {
    if (passages.length === 0) return [];
    const body =
      this.opts.api === 'tei'
        ? { query, texts: passages, truncate: true }
        : { model: this.opts.model, query, documents: passages, top_n: passages.length };
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
    if (!res.ok) {
      // The server's body may echo the passages: only its start goes to the log.
      const text = (await res.text().catch(() => '')).slice(0, 120);
      throw new RerankHttpError(res.status, `${this.url} answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new RerankResponseError(`${this.url} answered with a body that is not JSON`);
    }
    return readRerankReply(json, passages.length, this.url);
  }
}
