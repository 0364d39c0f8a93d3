// What stands between a model provider's bad day and the person asking: a deadline on every call,
// one retry when the provider says "busy" (429) or "broken" (5xx), and a circuit breaker that stops
// calling a provider that keeps failing, so answers fall back at once instead of after a timeout each
// (the chat model to the extractive answer, a reranker to the fused order). On the ground floor:
// answer/model and search/rerank both use it.

export class ModelTimeoutError extends Error {
  constructor(ms: number) {
    super(`the model did not answer within ${ms} ms`);
    this.name = 'ModelTimeoutError';
  }
}

/** The HTTP status carried by an error from the OpenAI SDK (status) or the Ollama client (status_code). */
export function errorStatus(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { status?: unknown; status_code?: unknown; response?: { status?: unknown } };
  for (const s of [e.status, e.status_code, e.response?.status]) if (typeof s === 'number') return s;
  return undefined;
}

/** Only "busy" and "broken" are worth one more try; 4xx means the request itself is wrong. */
export function isRetryable(err: unknown): boolean {
  const status = errorStatus(err);
  return status !== undefined && (status === 429 || status >= 500);
}

/** A short description for logs: never a stack, never a provider's body echoed to a user. */
export function failureReason(err: unknown): string {
  const status = errorStatus(err);
  if (err instanceof ModelTimeoutError) return err.message;
  const message = err instanceof Error ? err.message : String(err);
  return `${status ? `HTTP ${status}: ` : ''}${message.slice(0, 200)}`;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

/**
 * A time budget shared by the attempts of one call. `signal` aborts the HTTP request when the budget
 * runs out; `race` also stops waiting on clients that ignore the signal.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  readonly endsAt: number;

  constructor(readonly ms: number) {
    this.endsAt = Date.now() + ms;
    let reject!: (e: Error) => void;
    this.expired = new Promise<never>((_r, rej) => { reject = rej; });
    // A rejection nobody awaits yet must not crash the process.
    this.expired.catch(() => undefined);
    this.timer = setTimeout(() => {
      const err = new ModelTimeoutError(ms);
      this.controller.abort(err);
      reject(err);
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remaining(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.expired]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  /** Aborts the request in flight (the reader went away). */
  cancel(): void {
    this.clear();
    if (!this.controller.signal.aborted) this.controller.abort(new Error('cancelled'));
  }
}

export interface RetryOptions {
  backoffMs: number;
}

/**
 * Runs `attempt` and, if it fails with 429/5xx and the deadline leaves room for the backoff and a
 * second try, once more. Any other error, or a second failure, is thrown to the caller.
 */
export async function withOneRetry<T>(attempt: () => Promise<T>, deadline: Deadline, opts: RetryOptions): Promise<T> {
  try {
    return await deadline.race(attempt());
  } catch (err) {
    if (!isRetryable(err) || deadline.remaining() <= opts.backoffMs) throw err;
    await sleep(opts.backoffMs, deadline.signal);
    if (deadline.signal.aborted) throw deadline.signal.reason;
    return await deadline.race(attempt());
  }
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  cooldownMs: number;
  now?: () => number;
}

/** Closed → (N failures in a row) → open → (cooldown) → half-open: one trial decides closed or open. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== undefined || this.failures >= this.opts.failureThreshold) this.openedAt = this.now();
  }

  /** For calls that ended without telling anything about the provider (e.g. the reader left). */
  release(): void {
    this.trialInFlight = false;
  }
}
