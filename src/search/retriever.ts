// Hybrid retrieval: BM25 over Chinese terms and HNSW over the embedding, fused and re-scored.
// Lexical matching finds the statute's exact words; the vector side forgives different wording.
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../domain.js';
import { Bm25Index, queryWeights } from './bm25.js';
import type { StoredIndex } from './index-store.js';
import { rerankHits, type RerankStage } from './rerank/stage.js';
import { terms } from './tokenizer.js';

export interface RetrievalQuery {
  text: string;
  /** Legal terms added for residents' words (thesaurus); they weigh less than the question's own words. */
  expansions?: string[];
  /** Only chunks passing this (e.g. one regulation, one report year). */
  filter?: (chunk: Chunk) => boolean;
  /** Multiplies a chunk's score (e.g. favour the regulation the question names). */
  boost?: (chunk: Chunk) => number;
  /** Chunk ids to leave out ("还有呢"). */
  exclude?: ReadonlySet<string>;
  k?: number;
}

export interface Hit {
  chunk: Chunk;
  /** Position of the chunk in the index. */
  doc?: number;
  score: number;
  bm25: number;
  dense: number;
  /** The reranker's score (0–1), on the top RERANK_TOP_N candidates when a reranker is configured. */
  rerank?: number;
}

/** What the lexical side indexes of a chunk: where it sits (law name, chapter, section), its text, its linked questions. */
export function lexicalText(c: Chunk): string {
  return [c.shortTitle ?? '', c.chapter ?? '', c.section ?? '', c.text, ...(c.questions ?? [])].filter(Boolean).join(' ');
}

export class HybridSearch {
  readonly bm25: Bm25Index;

  constructor(
    readonly stored: StoredIndex,
    /** Optional: re-scores the top fused candidates (src/search/rerank/). */
    readonly rerankStage?: RerankStage,
  ) {
    this.bm25 = new Bm25Index(stored.chunks.map((c) => terms(lexicalText(c))));
  }

  get chunks(): readonly Chunk[] {
    return this.stored.chunks;
  }

  async search(q: RetrievalQuery): Promise<Hit[]> {
    const k = q.k ?? 8;
    const chunks = this.stored.chunks;
    const allow = (i: number) => {
      const c = chunks[i]!;
      return (!q.filter || q.filter(c)) && !q.exclude?.has(c.id);
    };
    const weights = queryWeights(terms(q.text));
    if (q.expansions?.length) queryWeights(terms(q.expansions.join(' ')), 0.7, weights);
    const depth = Math.max(50, k * 4);
    const lexical = this.bm25.search(weights, depth, q.filter || q.exclude ? allow : undefined);

    const vector = await this.stored.embeddings.embedQuery([q.text, ...(q.expansions ?? [])].join(' '));
    const filtered = q.filter || q.exclude;
    const found = await this.stored.vectors.similaritySearchVectorWithScore(
      vector,
      Math.min(depth, chunks.length),
      filtered ? (doc: Document) => allow((doc.metadata as { i: number }).i) : undefined,
    );

    const cand = new Map<number, { bm25: number; dense: number }>();
    for (const h of lexical) cand.set(h.doc, { bm25: h.score, dense: 0 });
    for (const [doc, distance] of found) {
      const i = (doc.metadata as { i: number }).i;
      const e = cand.get(i) ?? { bm25: 0, dense: 0 };
      e.dense = 1 - distance; // hnswlib's cosine space returns 1 − cosine similarity
      cand.set(i, e);
    }
    const maxBm25 = lexical[0]?.score || 1;
    const hits: Hit[] = [];
    for (const [i, e] of cand) {
      const chunk = chunks[i]!;
      const base = 0.65 * (e.bm25 / maxBm25) + 0.35 * Math.max(0, e.dense);
      hits.push({ chunk, doc: i, bm25: e.bm25, dense: e.dense, score: base * (q.boost ? q.boost(chunk) : 1) });
    }
    hits.sort((a, b) => b.score - a.score);
    const fused = this.rerank(hits.slice(0, depth), weights);
    return (this.rerankStage ? await rerankHits(q.text, fused, this.rerankStage) : fused).slice(0, k);
  }

  /**
   * Re-scores the candidates by the query terms that tell them apart. When a question is about one
   * law, every candidate says "法律援助" and that word decides nothing; "无偿" or "费用" does. Terms
   * present in most candidates lose weight, terms present in few gain it.
   */
  private rerank(hits: Hit[], weights: ReadonlyMap<string, number>): Hit[] {
    if (hits.length < 3) return hits;
    const has = (t: string, h: Hit) => h.doc !== undefined && this.bm25.has(t, h.doc);
    const local = new Map<string, number>();
    for (const [t, w] of weights) {
      const df = hits.reduce((n, h) => n + (has(t, h) ? 1 : 0), 0);
      if (df === 0) continue;
      local.set(t, w * this.bm25.idf(t) * Math.log(1 + hits.length / df));
    }
    const total = [...local.values()].reduce((a, b) => a + b, 0) || 1;
    const top = hits[0]!.score || 1;
    return hits
      .map((h) => {
        let got = 0;
        for (const [t, w] of local) if (has(t, h)) got += w;
        return { ...h, score: 0.5 * (h.score / top) + 0.5 * (got / total) };
      })
      .sort((a, b) => b.score - a.score);
  }

}

/** The same search behind LangChain's retriever interface, for chains that expect one. */
export class HybridRetriever extends BaseRetriever {
  lc_namespace = ['qidong', 'search'];

  constructor(private readonly hybrid: HybridSearch, private readonly k = 5) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const hits = await this.hybrid.search({ text: query, k: this.k });
    return hits.map((h) => new Document({ pageContent: h.chunk.text, metadata: { ...h.chunk, score: h.score } }));
  }
}
