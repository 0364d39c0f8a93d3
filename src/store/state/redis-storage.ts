// Conversation state in Redis (STATE_STORE=redis), for several replicas behind a load balancer: a
// conversation begun on one continues on another. Each key is a hash {etag, data}; a Lua script checks
// every eTag and then writes every item, so a write() is all-or-nothing and no other write slips between.
import { Redis } from 'ioredis';
import type { Storage, StoreItems } from 'botbuilder';
import type { Logger } from '../../logger.js';
import { ETagConflictError, expectedETag, newETag, serialize } from './etag.js';

/** Returns 0 when written, else the 1-based index of the first key whose eTag no longer matches. */
const COMPARE_AND_SET = `
local n = #KEYS
for i = 1, n do
  local expected = ARGV[(i - 1) * 3 + 1]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i], 'etag')
    if current and current ~= expected then return i end
  end
end
local ttl = tonumber(ARGV[n * 3 + 1])
for i = 1, n do
  redis.call('HSET', KEYS[i], 'etag', ARGV[(i - 1) * 3 + 2], 'data', ARGV[(i - 1) * 3 + 3])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 0`;

interface StateRedis extends Redis {
  stateCompareAndSet(...keysThenArgs: Array<string | number>): Promise<number>;
}

export interface RedisStorageOptions {
  url: string;
  /** Conversations untouched this long expire (Redis TTL, renewed on every write). */
  ttlMs: number;
  keyPrefix?: string;
  logger: Logger;
}

export class RedisStorage implements Storage {
  private readonly redis: StateRedis;
  private readonly prefix: string;

  constructor(private readonly options: RedisStorageOptions) {
    const redis = new Redis(options.url, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
    redis.defineCommand('stateCompareAndSet', { lua: COMPARE_AND_SET });
    // Without a listener ioredis' connection errors would crash the process; it reconnects by itself.
    let lastError = '';
    redis.on('error', (err: Error) => {
      if (err.message === lastError) return;
      lastError = err.message;
      options.logger.warn({ reason: err.message }, 'state store: Redis connection error (retrying)');
    });
    redis.on('ready', () => (lastError = ''));
    this.redis = redis as StateRedis;
    this.prefix = options.keyPrefix ?? 'qdbot:state:';
  }

  /** Resolves once Redis answers; createApp waits for it so a wrong REDIS_URL fails the start, not a turn. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hget(this.prefix + key, 'data');
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([err, data], i) => {
      if (err) throw err;
      if (typeof data === 'string') items[keys[i]!] = JSON.parse(data) as unknown;
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes) as Array<[string, Record<string, unknown>]>;
    if (entries.length === 0) return;
    const args: Array<string | number> = [entries.length, ...entries.map(([key]) => this.prefix + key)];
    for (const [, item] of entries) {
      const eTag = newETag();
      args.push(expectedETag(item) ?? '', eTag, serialize(item, eTag));
    }
    args.push(this.options.ttlMs);
    const conflict = await this.redis.stateCompareAndSet(...args);
    if (conflict > 0) throw new ETagConflictError(entries[conflict - 1]![0]);
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
