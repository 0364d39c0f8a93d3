// With a model, a follow-up ("那2022年呢？", "第二条具体怎么说") is rewritten into a standalone
// question before retrieval, using the earlier turns. Any failure, or a reply that does not look like
// a question, keeps the question as asked — the rule-based resolution then does its part.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Turn } from '../../domain.js';
import type { Logger } from '../../logger.js';
import { silentLogger } from '../../logger.js';
import { followUpMessages } from './messages.js';
import { cleanReply, contentText } from './output.js';
import { Deadline, failureReason, type CircuitBreaker } from './resilience.js';

export interface FollowUpOptions {
  /** Budget for the rewrite; it sits before retrieval, so it is kept short. */
  timeoutMs?: number;
  logger?: Logger;
  /** Share the composer's breaker so a dead provider is not asked twice per question. */
  breaker?: CircuitBreaker;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** The model's reply reduced to one question, or undefined when it is not a plausible rewrite. */
export function standaloneFrom(reply: string, question: string): string | undefined {
  const line = cleanReply(reply)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return undefined;
  const q = line
    .replace(/^(?:改写后的问题|独立问题|问题)\s*[:：]\s*/, '')
    .replace(/^["“”'‘’「『]+|["“”'‘’」』]+$/g, '')
    .trim();
  // A rewrite adds the missing year or name; one many times longer is an answer, not a question.
  if (q.length < 2 || q.length > Math.max(60, question.length * 3)) return undefined;
  return q;
}

export async function rewriteFollowUp(model: BaseChatModel, history: Turn[], question: string, opts: FollowUpOptions = {}): Promise<string> {
  if (history.length === 0 || !question.trim()) return question;
  const logger = opts.logger ?? silentLogger;
  if (opts.breaker && !opts.breaker.tryAcquire()) return question;
  const deadline = new Deadline(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const reply = await deadline.race(model.invoke(followUpMessages(history, question), { signal: deadline.signal }));
    opts.breaker?.recordSuccess();
    const rewritten = standaloneFrom(contentText(reply.content), question);
    if (!rewritten) {
      logger.warn({ question }, 'follow-up rewrite discarded: not a question');
      return question;
    }
    logger.debug({ question, rewritten }, 'follow-up rewritten');
    return rewritten;
  } catch (err) {
    opts.breaker?.recordFailure();
    logger.warn({ reason: failureReason(err) }, 'follow-up rewrite failed: question kept as asked');
    return question;
  } finally {
    deadline.clear();
  }
}
