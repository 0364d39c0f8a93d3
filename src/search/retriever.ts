// Hybrid retrieval: candidates from BM25 over the text, BM25 over text + linked questions, the bridged
// statute words and the vector side; each candidate described by a few features and ordered by the learned
// ranker (knowledge/learned/ranker.json, fitted by npm run learn on real questions). No hand-set fusion weights.
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../domain.js';
import type { Bm25Index } from './bm25.js';
import type { BridgeTable } from './bridge.js';
import { candidates, FEATURES, questionQuery } from './features.js';
import type { StoredIndex } from './index-store.js';
import { LexicalIndex, type PassageWords } from './lexical.js';
import { LearnedRanker } from './ranker.js';
import { rerankHits, type RerankStage } from './rerank/stage.js';


export interface RetrievalQuery {
  text: string;
  /** Legal terms added for residents' words (thesaurus); they weigh less than the question's own words. */
  expansions?: string[];
  /** Only chunks passing this (e.g. one regulation, one report year). */
  filter?: (chunk: Chunk) => boolean;
  /** Multiplies a chunk's chance (e.g. favour the regulation the question names, or the report). */
  boost?: (chunk: Chunk) => number;
  /** Chunk ids to leave out ("还有呢"). */
  exclude?: ReadonlySet<string>;
  k?: number;
}

export interface Hit {
  chunk: Chunk;
  /** Position of the chunk in the index. */
  doc?: number;
  /** The ranker's chance that this passage is the one that answers, among the candidates (0–1). */
  score: number;
  /** BM25 over text + linked questions, relative to the best candidate (0–1). */
  bm25: number;
  /** Cosine similarity on the vector side (0 when it did not find the chunk). */
  dense: number;
  /** The candidate's features, in the order of FEATURES (for the answer-or-decline decision). */
  features?: readonly number[];
  /** The ranker's raw score, before the softmax. */
  logit?: number;
  /** The reranker's score (0–1), on the top RERANK_TOP_N candidates when a reranker is configured. */
  rerank?: number;
}

export interface SearchOptions {
  ranker?: LearnedRanker;
  bridge?: BridgeTable;
  /** Pre-tokenised placed text per chunk, and its BM25 (the learner reuses them across folds). */
  textTerms?: readonly (readonly string[])[];
  textIndex?: Bm25Index;
  passageWords?: PassageWords;
  /** Optional: re-scores the top candidates with a cross-encoder (src/search/rerank/, RERANK_PROVIDER). */
  rerank?: RerankStage;
}

/** Vector candidates: as deep as the lexical ones that matter (measured: deeper lists added nothing). */
const DENSE_DEPTH = 50;

export class HybridSearch {
  readonly lexical: LexicalIndex;
  readonly ranker: LearnedRanker;
  readonly bridge: BridgeTable | undefined;
  readonly rerankStage: RerankStage | undefined;

  constructor(readonly stored: StoredIndex, opts: SearchOptions = {}) {
    this.lexical = new LexicalIndex(stored.chunks, opts.textTerms, opts.textIndex, opts.passageWords);
    this.ranker = opts.ranker ?? LearnedRanker.plain();
    this.bridge = opts.bridge;
    this.rerankStage = opts.rerank;
  }

  /** BM25 over the passages' own words: the idf that sentence choice and evidence checks weigh words by. */
  get bm25(): Bm25Index {
    return this.lexical.text;
  }

  get chunks(): readonly Chunk[] {
    return this.stored.chunks;
  }

  async search(q: RetrievalQuery): Promise<Hit[]> {
    const k = q.k ?? 8;
    const chunks = this.stored.chunks;
    const allow =
      q.filter || q.exclude
        ? (i: number) => {
            const c = chunks[i]!;
            return (!q.filter || q.filter(c)) && !q.exclude?.has(c.id);
          }
        : undefined;
    const dense = await this.denseScores([q.text, ...(q.expansions ?? [])].join(' '), allow);
    const found = candidates(this.lexical, questionQuery(q.text, this.bridge, { dense, ...(q.expansions ? { expansions: q.expansions } : {}), ...(allow ? { allow } : {}) }));
    const scored = found.map((c) => {
      const chunk = chunks[c.doc]!;
      const boost = q.boost ? q.boost(chunk) : 1;
      return { c, chunk, logit: this.ranker.score(c.features) + Math.log(Math.max(boost, 1e-6)) };
    });
    if (scored.length === 0) return [];
    // Softmax over the candidates: the listwise loss the ranker was fitted with makes this a chance.
    const max = Math.max(...scored.map((s) => s.logit));
    const z = scored.reduce((sum, s) => sum + Math.exp(s.logit - max), 0);
    const linkedAt = FEATURES.indexOf('linked');
    const denseAt = FEATURES.indexOf('dense');
    const ranked: Hit[] = scored
      .sort((a, b) => b.logit - a.logit)
      .slice(0, this.rerankStage ? Math.max(k, this.rerankStage.topN) : k)
      .map((s) => ({
        chunk: s.chunk,
        doc: s.c.doc,
        score: Math.exp(s.logit - max) / z,
        bm25: s.c.features[linkedAt]!,
        dense: s.c.features[denseAt]!,
        features: s.c.features,
        logit: s.logit,
      }));
    // A cross-encoder, when configured, orders the best candidates by reading question and passage together.
    return (this.rerankStage ? await rerankHits(q.text, ranked, this.rerankStage) : ranked).slice(0, k);
  }

  /** Cosine similarity of the question to its nearest chunks on the vector side. */
  async denseScores(text: string, allow?: (i: number) => boolean): Promise<Map<number, number>> {
    const vector = await this.stored.embeddings.embedQuery(text);
    const found = await this.stored.vectors.similaritySearchVectorWithScore(
      vector,
      Math.min(DENSE_DEPTH, this.stored.chunks.length),
      allow ? (doc: Document) => allow((doc.metadata as { i: number }).i) : undefined,
    );
    // hnswlib's cosine space returns 1 − cosine similarity
    return new Map(found.map(([doc, distance]) => [(doc.metadata as { i: number }).i, Math.max(0, 1 - distance)]));
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
