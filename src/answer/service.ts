// What the bot and the CLI need from the answering core. createAnswerService(config) builds the real one.
import type { Answer, AnswerContext, AnswerStreamEvent, Chunk, Report, Regulation } from '../domain.js';

export interface KnowledgeStats {
  documents: number;
  chunks: number;
  reportYears: number[];
  regulations: string[];
  /** Regulations in the catalogue whose full text is not loaded. */
  catalogueOnly: string[];
  indexBuiltAt: string;
}

/** A passage the retrieval found, as the staff console's search lists it. */
export interface PassageHit {
  chunk: Chunk;
  score: number;
}

export interface AnswerService {
  answer(question: string, context?: AnswerContext): Promise<Answer>;
  /** The same answer as events; without a model, a single 'answer' event. */
  stream(question: string, context?: AnswerContext): AsyncGenerator<AnswerStreamEvent>;
  stats(): KnowledgeStats;
  /** Parsed reports, newest year first (staff lookups). */
  reports(): Report[];
  regulations(): Regulation[];
  /** The retrieval the bot answers from (hybrid search with the thesaurus' terms), best first: the console's search. */
  search(text: string, k?: number): Promise<PassageHit[]>;
  /** A passage of the index by its id. */
  passage(id: string): Chunk | undefined;
  /**
   * Reloads knowledge and rebuilds the index if anything changed, then swaps it in at once: questions
   * in flight finish on the old index. Concurrent calls share one rebuild.
   */
  reindex(opts?: { force?: boolean }): Promise<KnowledgeStats>;
}
