// The generation step of `npm run ingest`: passages without linked questions are sent to the chat model, a few
// at a time, and what it writes lands in knowledge/linked-questions/generated/ pending review. Nothing here may
// fail the ingest: a model that errs, times out or answers nonsense is logged and counted, and the breaker
// stops the calls when the provider keeps failing. A folder that cannot be written stops the step, not the ingest.
import type { QuestionPassage, WrittenQuestions } from '../answer/model/question-writer.js';
import { planGeneration, recordGenerated, type GenerationPassage } from '../knowledge/generated-questions.js';
import type { KnowledgeBase, KnowledgeLocation } from '../knowledge/index.js';
import type { Logger } from '../logger.js';

/** What writes the questions (the QuestionWriter over the configured model; a stub in tests). */
export interface QuestionSource {
  /** "openai/qwen-plus", recorded with each line. */
  label: string;
  write(p: QuestionPassage): Promise<WrittenQuestions>;
}

export interface GenerationSummary {
  /** Passages sent (or meant to be sent) this time. */
  passages: number;
  /** Passages that got questions, and how many questions. */
  written: number;
  questions: number;
  /** Provider errors and timeouts: tried again at the next ingest. */
  failed: number;
  /** Replies without a plausible question: tried again at the next ingest. */
  unusable: number;
  /** Not sent: the breaker was open, or the folder could not be written. */
  skipped: number;
  covered: number;
  cached: number;
  unlinkable: number;
}

export interface GenerationOptions {
  logger: Logger;
  /** Model calls at once. */
  concurrency?: number;
  /** After each passage: done of total, with the counts so far. */
  progress?: (done: number, summary: GenerationSummary) => void;
  now?: () => Date;
}

export const DEFAULT_GENERATION_CONCURRENCY = 4;

function asQuestionPassage(p: GenerationPassage): QuestionPassage {
  return p.kind === 'regulation'
    ? { kind: 'regulation', title: p.title, article: p.article ?? '', text: p.text }
    : { kind: 'report', title: p.title, section: p.section ?? '', text: p.text };
}

export async function generateMissingQuestions(
  kb: Pick<KnowledgeBase, 'chunks' | 'regulations'>,
  loc: KnowledgeLocation,
  source: QuestionSource,
  opts: GenerationOptions,
): Promise<GenerationSummary> {
  const { logger } = opts;
  const plan = planGeneration(kb, loc);
  const summary: GenerationSummary = {
    passages: plan.passages.length, written: 0, questions: 0, failed: 0, unusable: 0, skipped: 0,
    covered: plan.covered, cached: plan.cached, unlinkable: plan.unlinkable,
  };
  logger.info({ toWrite: plan.passages.length, covered: plan.covered, cached: plan.cached, unlinkable: plan.unlinkable, model: source.label }, 'passages without linked questions');
  let next = 0;
  let done = 0;
  let unwritable = false;
  const one = async (p: GenerationPassage): Promise<void> => {
    if (unwritable) {
      summary.skipped++;
      return;
    }
    let result: WrittenQuestions;
    try {
      result = await source.write(asQuestionPassage(p));
    } catch (err) {
      result = { ok: false, kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
    if (!result.ok) {
      if (result.kind === 'breaker-open') summary.skipped++;
      else summary[result.kind]++;
      if (result.kind !== 'breaker-open') logger.warn({ passage: p.target, reason: result.reason }, 'no questions written for a passage');
      return;
    }
    try {
      recordGenerated(loc.knowledgeDir, p, result.questions, { model: source.label, at: (opts.now?.() ?? new Date()).toISOString() });
      summary.written++;
      summary.questions += result.questions.length;
    } catch (err) {
      unwritable = true;
      summary.skipped++;
      logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'cannot write generated questions: the index is built without them');
    }
  };
  const worker = async (): Promise<void> => {
    while (next < plan.passages.length) {
      await one(plan.passages[next++]!);
      done++;
      opts.progress?.(done, summary);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_GENERATION_CONCURRENCY, plan.passages.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (summary.skipped) logger.warn({ skipped: summary.skipped }, 'passages not sent (the model kept failing): they are tried at the next ingest');
  return summary;
}
