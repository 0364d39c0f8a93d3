// Generated answers, grounded and optional. The model rewrites what retrieval found into a fluent
// answer; the guard then checks it against the passages. Whatever goes wrong — the provider is slow,
// down, rate-limited, or the model cites a passage that does not exist or invents a figure — the
// reader gets the extractive answer, and the reason goes to the log, never to the reader.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { Config } from '../../config.js';
import type { Answer, AnswerStreamEvent, Citation, Turn } from '../../domain.js';
import { MAX_ANSWER_CHARS } from '../../limits.js';
import type { Logger } from '../../logger.js';
import { droppedFigures, guardAnswer } from './guard.js';
import { invokeModel } from './invoke.js';
import { answerMessages, modelRefusal } from './messages.js';
import { cleanReply, contentText, isModelRefusal, modelAnswer, renumber, ThinkingFilter } from './output.js';
import { CircuitBreaker, Deadline, failureReason, isRetryable, sleep } from './resilience.js';

const compact = (s: string) => s.replace(/\s+/g, '');

export type ComposerConfig = Pick<Config, 'LLM_TIMEOUT_MS' | 'LLM_RETRY_BACKOFF_MS' | 'LLM_BREAKER_FAILURES' | 'LLM_BREAKER_COOLDOWN_MS'>;

export type { AnswerStreamEvent };

export class ModelComposer {
  readonly breaker: CircuitBreaker;

  constructor(
    private readonly model: BaseChatModel,
    private readonly config: ComposerConfig,
    private readonly logger: Logger,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: config.LLM_BREAKER_FAILURES, cooldownMs: config.LLM_BREAKER_COOLDOWN_MS });
  }

  /**
   * The model's answer over `passages` (numbered [1..n] as given), or `extractive` unchanged when the
   * model fails or its answer does not pass the guard. Retrieval's refusal stands: an extractive
   * answer with answered=false is returned without calling the model.
   */
  async compose(question: string, extractive: Answer, passages: Citation[], history: Turn[] = []): Promise<Answer> {
    if (!this.mayCall(extractive, passages)) return extractive;
    const started = performance.now();
    let raw: string;
    try {
      raw = await invokeModel(this.model, answerMessages(question, passages, history), this.breaker, this.config);
    } catch (err) {
      return this.fallback(extractive, `model call failed: ${failureReason(err)}`);
    }
    return this.finish(raw, question, extractive, passages, performance.now() - started);
  }

  /**
   * Streams the model's tokens as they come, then yields the final Answer — the guarded model answer
   * or the extractive one. Tokens are provisional: a reader must show the final Answer in their place.
   * Only a failure before the first token is retried (a half-streamed answer cannot be taken back).
   */
  async *stream(question: string, extractive: Answer, passages: Citation[], history: Turn[] = []): AsyncGenerator<AnswerStreamEvent> {
    if (!this.mayCall(extractive, passages)) {
      yield { type: 'answer', answer: extractive };
      return;
    }
    const started = performance.now();
    const deadline = new Deadline(this.config.LLM_TIMEOUT_MS);
    const thinking = new ThinkingFilter();
    const got = { raw: '' };
    let settled = false;
    try {
      for await (const piece of this.tokens(answerMessages(question, passages, history), deadline, got)) {
        const visible = thinking.push(piece);
        if (visible) yield { type: 'token', text: visible };
      }
      this.breaker.recordSuccess();
      settled = true;
    } catch (err) {
      this.breaker.recordFailure();
      settled = true;
      yield { type: 'answer', answer: this.fallback(extractive, `model stream failed: ${failureReason(err)}`) };
      return;
    } finally {
      // The reader may leave mid-stream: stop the request, and do not count it against the provider.
      deadline.clear();
      if (!settled) {
        deadline.cancel();
        this.breaker.release();
      }
    }
    yield { type: 'answer', answer: this.finish(got.raw, question, extractive, passages, performance.now() - started) };
  }

  /** The reply's pieces as they come, all of them also added to `got.raw`; retried once if nothing came yet. */
  private async *tokens(messages: BaseMessage[], deadline: Deadline, got: { raw: string }): AsyncGenerator<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const chunks = await deadline.race(this.model.stream(messages, { signal: deadline.signal }));
        const it = chunks[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await deadline.race(it.next());
            if (next.done) return;
            const piece = contentText(next.value.content);
            got.raw += piece;
            yield piece;
          }
        } finally {
          // After a timeout or an early exit, release the response body instead of leaving it unread.
          void it.return?.().catch(() => undefined);
        }
      } catch (err) {
        const backoffMs = this.config.LLM_RETRY_BACKOFF_MS;
        if (attempt > 0 || got.raw !== '' || !isRetryable(err) || deadline.remaining() <= backoffMs) throw err;
        await sleep(backoffMs, deadline.signal);
      }
    }
  }

  private mayCall(extractive: Answer, passages: Citation[]): boolean {
    if (!extractive.answered || passages.length === 0) return false;
    if (this.breaker.tryAcquire()) return true;
    this.logger.warn({ reason: 'circuit breaker open' }, 'model skipped: extractive answer');
    return false;
  }

  /** Guard, renumber, or fall back. */
  private finish(raw: string, question: string, extractive: Answer, passages: Citation[], modelMs: number): Answer {
    const t0 = performance.now();
    const text = cleanReply(raw);
    if (!text) return this.fallback(extractive, 'the model returned an empty reply');
    if (isModelRefusal(text, modelRefusal())) return this.fallback(extractive, 'the model found that the passages do not answer');
    const verdict = guardAnswer(text, passages, { question });
    if (!verdict.ok) return this.fallback(extractive, verdict.reason, text);
    if (compact(text).length > MAX_ANSWER_CHARS) return this.fallback(extractive, `the answer is longer than ${MAX_ANSWER_CHARS} characters`, text);
    const dropped = droppedFigures(text, extractive.answer);
    if (dropped.length) return this.fallback(extractive, `the answer leaves out ${dropped.join('、')} that the extractive answer states`, text);
    const renumbered = renumber(text, passages);
    if (!renumbered) return this.fallback(extractive, 'the answer cites more than 5 passages', text);
    this.logger.debug({ modelMs: Math.round(modelMs), guardMs: +(performance.now() - t0).toFixed(2) }, 'model answer passed the guard');
    return modelAnswer(extractive, renumbered.text, renumbered.citations);
  }

  private fallback(extractive: Answer, reason: string, rejected?: string): Answer {
    this.logger.warn({ reason, rejected: rejected?.slice(0, 300) }, 'model answer replaced by the extractive one');
    return extractive;
  }
}
