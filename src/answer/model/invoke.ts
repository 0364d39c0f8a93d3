// One call to the chat model, as every caller makes it: within LLM_TIMEOUT_MS, one retry of a retryable failure,
// and the breaker told how it went. The caller decides what a failure means (the extractive answer, a skipped
// passage); it asks the breaker first.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ComposerConfig } from './composer.js';
import { contentText } from './output.js';
import { type CircuitBreaker, Deadline, withOneRetry } from './resilience.js';

/** The reply's text; throws the call's failure after recording it. */
export async function invokeModel(model: BaseChatModel, messages: BaseMessage[], breaker: CircuitBreaker, config: ComposerConfig): Promise<string> {
  const deadline = new Deadline(config.LLM_TIMEOUT_MS);
  try {
    const reply = await withOneRetry(() => model.invoke(messages, { signal: deadline.signal }), deadline, { backoffMs: config.LLM_RETRY_BACKOFF_MS });
    breaker.recordSuccess();
    return contentText(reply.content);
  } catch (err) {
    breaker.recordFailure();
    throw err;
  } finally {
    deadline.clear();
  }
}
