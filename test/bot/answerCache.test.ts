// The first-question cache over the real answer service: one core call per question, index and day;
// copies handed out; follow-ups, failures and a new day go to the core.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { cachingAnswers } from '../../src/bot/answerCache.js';
import { appConfig, realService } from '../server/harness.js';

let real: AnswerService;

beforeAll(async () => {
  real = await realService(appConfig());
});

/** The real service, counting the calls that reach it; `failFirst` makes the first call fail. */
function counted(failFirst = false) {
  const counter = { calls: 0 };
  const service: AnswerService = {
    ...real,
    stats: () => real.stats(),
    answer: (q, c) => {
      counter.calls++;
      if (failFirst && counter.calls === 1) return Promise.reject(new Error('core busy'));
      return real.answer(q, c);
    },
  };
  return { service, counter };
}

describe('cachingAnswers', () => {
  it('asks the core once for the same first question, and hands out one frozen Answer', async () => {
    const { service, counter } = counted();
    const cache = cachingAnswers(service, 10);
    const [a, b] = await Promise.all([cache.answer('党工委会议开了几次？'), cache.answer('党工委会议开了几次？')]);
    const c = await cache.answer('  党工委会议开了几次？ ');
    expect(counter.calls).toBe(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(b).toBe(a);
    // Shared by every caller, so nobody may change it: a change throws instead of reaching the others.
    expect(Object.isFrozen(a) && Object.isFrozen(a.citations) && Object.isFrozen(a.citations[0])).toBe(true);
    expect(() => {
      (a.citations as unknown[]).push({});
    }).toThrow(TypeError);
    expect(a.answer.replace(/\s+/g, '')).toContain('15次');
    expect(cache.cacheStats()).toEqual({ hits: 2, misses: 1, size: 1 });
  });

  it('sends follow-ups (with history) to the core every time', async () => {
    const { service, counter } = counted();
    const cache = cachingAnswers(service, 10);
    const first = await cache.answer('申请行政复议需要交费吗？');
    const history = [{ question: '申请行政复议需要交费吗？', answer: first }];
    await cache.answer('第二十条具体怎么说', { history });
    await cache.answer('第二十条具体怎么说', { history });
    expect(counter.calls).toBe(3);
  });

  it('keeps at most maxEntries, forgetting the least recently used', async () => {
    const { service, counter } = counted();
    const cache = cachingAnswers(service, 2);
    await cache.answer('党工委会议开了几次？');
    await cache.answer('法律援助要不要花钱？');
    await cache.answer('党工委会议开了几次？');
    await cache.answer('庭式调解做了多少起？');
    expect(cache.cacheStats().size).toBe(2);
    await cache.answer('党工委会议开了几次？');
    expect(counter.calls).toBe(3);
    await cache.answer('法律援助要不要花钱？');
    expect(counter.calls).toBe(4);
  });

  it('asks again on a new day and after a failure; 0 turns it off', async () => {
    let day = '2026-11-26';
    const { service, counter } = counted(true);
    const cache = cachingAnswers(service, 10, () => day);
    await expect(cache.answer('党工委会议开了几次？')).rejects.toThrow('core busy');
    await cache.answer('党工委会议开了几次？');
    await cache.answer('党工委会议开了几次？');
    expect(counter.calls).toBe(2);
    day = '2026-11-27';
    await cache.answer('党工委会议开了几次？');
    expect(counter.calls).toBe(3);

    const off = counted();
    const none = cachingAnswers(off.service, 0);
    await none.answer('党工委会议开了几次？');
    await none.answer('党工委会议开了几次？');
    expect(off.counter.calls).toBe(2);
  });

  it('by default, a new UTC day is a new key', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-26T23:59:59.000Z'));
      const { service, counter } = counted();
      const cache = cachingAnswers(service, 10);
      await cache.answer('党工委会议开了几次？');
      await cache.answer('党工委会议开了几次？');
      expect(counter.calls).toBe(1);
      vi.setSystemTime(new Date('2026-11-27T00:00:00.500Z'));
      await cache.answer('党工委会议开了几次？');
      expect(counter.calls).toBe(2);
      // A clock set back (NTP) is a day again too, not stuck on the later one.
      vi.setSystemTime(new Date('2026-11-26T12:00:00.000Z'));
      await cache.answer('党工委会议开了几次？');
      expect(counter.calls).toBe(2);
      expect(cache.cacheStats().hits).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes everything else through', () => {
    const cache = cachingAnswers(real, 10);
    expect(cache.stats()).toEqual(real.stats());
    expect(cache.reports().length).toBe(real.reports().length);
  });
});
