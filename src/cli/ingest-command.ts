// `npm run ingest` without its process: with a chat model configured (and no --no-generate), first writes linked
// questions for passages that have none, then builds or refreshes the index, which picks them up. ingest.ts wires
// it to argv, the config and the terminal; tests call it directly.
import { loadCore } from '../answer/index.js';
import type { KnowledgeStats } from '../answer/service.js';
import type { Config } from '../config.js';
import { loadKnowledge, type KnowledgeLocation } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import { generateMissingQuestions, type GenerationSummary } from './generate-questions.js';

export interface IngestOptions {
  /** Rebuild the index even when its manifest matches the sources. */
  force: boolean;
  /** Write questions for passages without any (only when a chat model is configured). */
  generate: boolean;
  /** Model calls at once while generating. */
  concurrency?: number;
}

export function parseIngestArgs(args: readonly string[]): IngestOptions {
  return { force: args.includes('--force'), generate: !args.includes('--no-generate') };
}

export interface IngestResult {
  stats: KnowledgeStats;
  /** Undefined when nothing was generated: no model, or --no-generate. */
  generation?: GenerationSummary;
}

export async function runIngest(
  config: Config,
  logger: Logger,
  opts: IngestOptions,
  progress?: (done: number, summary: GenerationSummary) => void,
): Promise<IngestResult> {
  let generation: GenerationSummary | undefined;
  if (opts.generate && config.LLM_PROVIDER !== 'none') {
    // Loaded only with a model: the provider clients cost seconds to import.
    const { createQuestionWriter } = await import('../answer/model/question-writer.js');
    const writer = createQuestionWriter(config, logger);
    if (writer) {
      const loc: KnowledgeLocation = { knowledgeDir: config.knowledgeDir, lawsDir: config.lawsDir, linkedQuestionsFile: config.linkedQuestionsFile };
      const kb = await loadKnowledge(loc, logger);
      generation = await generateMissingQuestions(kb, loc, writer, { logger, concurrency: opts.concurrency, progress });
    }
  }
  const { stats } = await loadCore(config, logger, { forceRebuild: opts.force });
  return { stats, ...(generation ? { generation } : {}) };
}

/** One line for the terminal: what was written, what went wrong, what was left alone. */
export function generationLine(s: GenerationSummary): string {
  const trouble = [s.failed && `${s.failed} failed`, s.unusable && `${s.unusable} without a usable question`, s.skipped && `${s.skipped} skipped`].filter(Boolean);
  const wrote = s.passages === 0
    ? 'linked questions: nothing to write'
    : `linked questions: ${s.written} of ${s.passages} passages got ${s.questions} new (pending review: npm run questions -- review)` +
      `${trouble.length ? `, ${trouble.join(', ')} (tried again at the next ingest)` : ''}`;
  return `${wrote}; ${s.covered} passages had questions, ${s.cached} were sent before${s.unlinkable ? `, ${s.unlinkable} cannot be linked` : ''}\n`;
}
