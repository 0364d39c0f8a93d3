import { describe, expect, it } from 'vitest';
import { CircuitBreaker, Deadline, isRetryable, ModelTimeoutError, withOneRetry } from '../../../src/answer/model/resilience.js';

describe('CircuitBreaker', () => {
  it('opens after N failures in a row, lets one trial through after the cooldown, and closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    b.recordFailure();
    b.recordFailure();
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    now = 1000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one trial at a time
    b.recordSuccess();
    expect(b.state).toBe('closed');
  });

  it('reopens when the trial fails, and a success resets the count', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    expect(b.state).toBe('closed');
    b.recordFailure();
    now = 1500;
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.state).toBe('open');
  });
});

describe('withOneRetry', () => {
  const failing = (status: number) => Object.assign(new Error('x'), { status });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
  ])('HTTP %d retryable: %s', (status, retry) => {
    expect(isRetryable(failing(status))).toBe(retry);
    expect(isRetryable(Object.assign(new Error('x'), { status_code: status }))).toBe(retry);
  });

  it('tries twice at most', async () => {
    let calls = 0;
    const d = new Deadline(1000);
    await expect(withOneRetry(() => (calls++, Promise.reject(failing(500))), d, { backoffMs: 5 })).rejects.toThrow('x');
    d.clear();
    expect(calls).toBe(2);
  });

  it('does not wait for a call past the deadline', async () => {
    const d = new Deadline(50);
    const never = new Promise<string>(() => undefined);
    await expect(withOneRetry(() => never, d, { backoffMs: 5 })).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(d.signal.aborted).toBe(true);
  });
});
