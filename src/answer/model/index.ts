// The model side of answering, for the lead's answerQuestion: pick a chat model, rewrite follow-ups,
// compose (or stream) a grounded answer that falls back to the extractive one.
import type { Config } from '../../config.js';
import type { Turn } from '../../domain.js';
import type { Logger } from '../../logger.js';
import { ModelComposer } from './composer.js';
import { rewriteFollowUp } from './follow-up.js';
import { chatModelLabel, createChatModel } from './provider.js';

export { createChatModel, chatModelLabel, type ChatModelConfig } from './provider.js';
export { ModelComposer, type ComposerConfig } from './composer.js';
export { droppedFigures, guardAnswer, type GuardResult } from './guard.js';
export { rewriteFollowUp, type FollowUpOptions } from './follow-up.js';
export { CircuitBreaker } from './resilience.js';

export interface ModelAnswering {
  /** "openai/qwen-plus", for logs and the eval's column header. */
  label: string;
  composer: ModelComposer;
  /** A follow-up made standalone with the earlier turns (the question itself on any failure). */
  rewrite(history: Turn[], question: string): Promise<string>;
}

/**
 * Everything the answer pipeline needs from a model, or undefined for LLM_PROVIDER=none. The rewrite
 * and the composer share one circuit breaker: a provider that is down is skipped by both.
 */
export function createModelAnswering(config: Config, logger: Logger): ModelAnswering | undefined {
  const model = createChatModel(config);
  if (!model) return undefined;
  const composer = new ModelComposer(model, config, logger);
  // The rewrite sits before retrieval, on the reader's clock: a third of the answer's budget.
  const timeoutMs = Math.max(1000, Math.round(config.LLM_TIMEOUT_MS / 3));
  return {
    label: chatModelLabel(config),
    composer,
    rewrite: (history, question) => rewriteFollowUp(model, history, question, { timeoutMs, logger, breaker: composer.breaker }),
  };
}
