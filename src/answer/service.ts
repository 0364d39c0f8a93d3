// What the bot and the CLI need from the answering core. createAnswerService(config) builds the real one.
import type { Answer, AnswerContext, Report, Regulation } from '../domain.js';

export interface KnowledgeStats {
  documents: number;
  chunks: number;
  reportYears: number[];
  regulations: string[];
  /** Regulations in the catalogue whose full text is not loaded. */
  catalogueOnly: string[];
  indexBuiltAt: string;
}

export interface AnswerService {
  answer(question: string, context?: AnswerContext): Promise<Answer>;
  stats(): KnowledgeStats;
  /** Parsed reports, newest year first (staff lookups). */
  reports(): Report[];
  regulations(): Regulation[];
  /**
   * Reloads knowledge and rebuilds the index if anything changed, then swaps it in at once: questions
   * in flight finish on the old index. Concurrent calls share one rebuild.
   */
  reindex(opts?: { force?: boolean }): Promise<KnowledgeStats>;
}
