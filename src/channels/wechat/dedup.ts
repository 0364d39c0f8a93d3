// WeChat redelivers a message it got no reply to within 5 s, up to three times, and a retry can arrive while
// the first delivery is still being answered. One delivery key → one bot turn; every delivery of it gets the
// same reply. When the reply is not ready by the deadline, the turn is "deferred": this delivery (and any later
// retry) answers "success" and the text goes out once, through the customer-service API, when it is ready.
import { ExpiringMap } from './expiring-map.js';

interface Delivery {
  done: Promise<string>;
  /** The reply text once the turn has finished ('' = nothing to say). */
  result?: string;
  deferred: boolean;
}

export interface DeliveryOptions {
  /** How long a finished delivery is remembered; WeChat's retries all fall within ~15 s. */
  ttlMs?: number;
  maxEntries?: number;
}

const TIMED_OUT = Symbol('timedOut');

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class DeliveryRegistry {
  private readonly deliveries: ExpiringMap<Delivery>;
  /** Bot turns started; retries do not count. */
  turnsStarted = 0;

  constructor(options: DeliveryOptions = {}) {
    this.deliveries = new ExpiringMap(options.ttlMs ?? 60_000, options.maxEntries ?? 20_000);
  }

  /**
   * The passive reply text for this delivery, or undefined when it must answer "success" because the text will
   * come later through `deliverLate`. `answer` runs once per key and must not reject.
   */
  async reply(key: string, answer: () => Promise<string>, deadlineMs: number, deliverLate: (text: string) => void): Promise<string | undefined> {
    let delivery = this.deliveries.get(key);
    if (!delivery) {
      const fresh: Delivery = { deferred: false, done: Promise.resolve('') };
      this.turnsStarted++;
      fresh.done = answer()
        .catch(() => '')
        .then((text) => {
          fresh.result = text;
          if (fresh.deferred && text !== '') deliverLate(text);
          return text;
        });
      delivery = fresh;
      this.deliveries.set(key, fresh);
    }
    // Once deferred, the text belongs to the customer-service API: a passive copy would deliver it twice.
    if (delivery.deferred) return undefined;
    if (delivery.result !== undefined) return delivery.result;
    const outcome = await withDeadline(delivery.done, deadlineMs);
    if (delivery.deferred) return undefined;
    if (outcome !== TIMED_OUT) return outcome;
    if (delivery.result !== undefined) return delivery.result;
    delivery.deferred = true;
    return undefined;
  }
}
