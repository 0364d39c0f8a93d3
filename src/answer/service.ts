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
}
