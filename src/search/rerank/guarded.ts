// The chat model's protections, for a reranker: one time budget per question (retries included), one
// retry on 429/5xx, and a circuit breaker that stops calling a reranker that keeps failing, so questions
// go on in the fused order at once instead of after a timeout each. The mechanism is src/resilience.ts.
import { CircuitBreaker, Deadline, withOneRetry } from '../../resilience.js';
import type { Reranker } from './reranker.js';

export interface GuardOptions {
  timeoutMs: number;
  backoffMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  now?: () => number;
}

export class RerankerUnavailableError extends Error {
  override name = 'RerankerUnavailableError';
}

export class GuardedReranker implements Reranker {
  readonly breaker: CircuitBreaker;

  constructor(
    readonly inner: Reranker,
    private readonly opts: GuardOptions,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: opts.breakerFailures, cooldownMs: opts.breakerCooldownMs, now: opts.now });
  }

  get label(): string {
    return this.inner.label;
  }

  async score(query: string, passages: string[]): Promise<number[]> {
    if (!this.breaker.tryAcquire()) throw new RerankerUnavailableError('circuit breaker open');
    const deadline = new Deadline(this.opts.timeoutMs);
    try {
      const scores = await withOneRetry(() => this.inner.score(query, passages, deadline.signal), deadline, { backoffMs: this.opts.backoffMs });
      this.breaker.recordSuccess();
      return scores;
    } catch (err) {
      this.breaker.recordFailure();
      throw err;
    } finally {
      deadline.clear();
    }
  }
}
