// Many visitors open with the same questions (the welcome's tappable ones above all). Without history
// an Answer depends only on the question, the index and the date (今年/去年), so a first question is
// answered by the core once per index build and day; concurrent asks of one question share one call.
// Follow-ups (with history) and streams always go to the core.
import type { AnswerService } from '../answer/service.js';
import type { Answer } from '../domain.js';

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
}

export interface CachingAnswerService extends AnswerService {
  cacheStats(): CacheStats;
}

/** Today's UTC date as YYYY-MM-DD, formatted once a day rather than on every question. */
function utcDay(): () => string {
  let day = '';
  let nextDayAt = 0;
  return () => {
    const now = Date.now();
    if (now >= nextDayAt || now < nextDayAt - 86_400_000) {
      day = new Date(now).toISOString().slice(0, 10);
      nextDayAt = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    }
    return day;
  };
}

export function cachingAnswers(service: AnswerService, maxEntries: number, today: () => string = utcDay()): CachingAnswerService {
  const entries = new Map<string, Promise<Answer>>();
  const stats = { hits: 0, misses: 0 };

  const answer: AnswerService['answer'] = async (question, context) => {
    if (maxEntries === 0 || (context?.history?.length ?? 0) > 0 || context?.now || context?.maxChars) return service.answer(question, context);
    const key = `${service.stats().indexBuiltAt}\u0000${today()}\u0000${question.trim().replace(/\s+/g, ' ')}`;
    let pending = entries.get(key);
    if (pending) {
      stats.hits++;
      // Most recently used last: Map order is the eviction order.
      entries.delete(key);
      entries.set(key, pending);
    } else {
      stats.misses++;
      pending = service.answer(question, context).then(deepFreeze);
      entries.set(key, pending);
      // A failure is not remembered: the next ask tries the core again.
      pending.catch(() => entries.delete(key));
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    }
    // Shared, not copied: every caller gets the same frozen Answer (a copy per hit was a tenth of the
    // allocation of a cached turn), and code that tried to change it would throw instead of changing it for all.
    return pending;
  };

  return new Proxy(service, {
    get(target, prop) {
      if (prop === 'answer') return answer;
      if (prop === 'cacheStats') return (): CacheStats => ({ ...stats, size: entries.size });
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as CachingAnswerService;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
