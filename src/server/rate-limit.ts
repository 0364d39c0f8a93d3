// Token buckets, one per client: a client may ask `burst` questions at once, then `perMinute` a minute.
// In memory, per replica (a flood hits one replica's buckets; behind a load balancer each replica protects itself).

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBucketOptions {
  perMinute: number;
  burst: number;
  /** Buckets kept at most; beyond it the longest-idle go first (a spray of fake clients cannot eat memory). */
  maxClients?: number;
  now?: () => number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxClients: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxClients = options.maxClients ?? 50_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(client: string): RateDecision {
    const now = this.options.now?.() ?? Date.now();
    const { burst } = this.options;
    const old = this.buckets.get(client);
    const tokens = old ? Math.min(burst, old.tokens + (now - old.at) * this.perMs) : burst;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(client);
    if (tokens >= 1) {
      this.buckets.set(client, { tokens: tokens - 1, at: now });
      this.evict();
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.buckets.set(client, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxClients) return;
      this.buckets.delete(key);
    }
  }
}
