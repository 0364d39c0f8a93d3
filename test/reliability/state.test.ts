// Durable conversation state: botbuilder Storage over SQLite and Redis with eTag concurrency (same rules
// as botbuilder's MemoryStorage), and a restart that keeps conversations and feedback.
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from 'botbuilder';
import type { AnswerService } from '../../src/answer/service.js';
import { silentLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { ETagConflictError, RedisStorage, SqliteStorage } from '../../src/store/state/index.js';
import { tempDir } from '../helpers/paths.js';
import { describeWithService, redis as redisService } from '../helpers/services.js';
import { appConfig, postJson, realService, startApp } from '../server/harness.js';
import { testRedis, type TestRedis } from './processes.js';

const opened: Array<{ close(): unknown }> = [];

afterAll(async () => {
  for (const s of opened) await s.close();
});

const DAY = 24 * 3600_000;

/** The rules every conversation-state Storage keeps, as botbuilder's MemoryStorage does. */
function storageRules(make: () => Storage): void {
  it('reads back what was written, with an eTag; missing keys are absent', async () => {
    const s = make();
    expect(await s.read(['nobody'])).toEqual({});
    await s.write({ 'web/conversations/c1': { memory: { turns: [{ question: '你好' }] } } });
    const items = await s.read(['web/conversations/c1', 'nobody']);
    expect(Object.keys(items)).toEqual(['web/conversations/c1']);
    expect(items['web/conversations/c1']).toMatchObject({ memory: { turns: [{ question: '你好' }] } });
    expect(typeof items['web/conversations/c1'].eTag).toBe('string');
  });

  it('refuses a write with a stale eTag and keeps the newer value; "*" forces', async () => {
    const s = make();
    await s.write({ k: { n: 1 } });
    const first = (await s.read(['k'])).k as { n: number; eTag: string };
    await s.write({ k: { ...first, n: 2 } });
    const second = (await s.read(['k'])).k as { n: number; eTag: string };
    expect(second.eTag).not.toBe(first.eTag);
    await expect(s.write({ k: { ...first, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await s.read(['k'])).k).toMatchObject({ n: 2 });
    await s.write({ k: { n: 4, eTag: '*' } });
    expect((await s.read(['k'])).k).toMatchObject({ n: 4 });
  });

  it('writes all keys or none', async () => {
    const s = make();
    await s.write({ a: { v: 'a1' }, b: { v: 'b1' } });
    const { a } = await s.read(['a']);
    await s.write({ a: { v: 'a2' } });
    await expect(s.write({ b: { v: 'b2' }, a: { ...a, v: 'a3' } })).rejects.toThrow(/eTag conflict/);
    expect(await s.read(['a', 'b'])).toMatchObject({ a: { v: 'a2' }, b: { v: 'b1' } });
  });

  it('lets exactly one of two concurrent writers with the same eTag win', async () => {
    const one = make();
    await one.write({ shared: { v: 0 } });
    const base = (await one.read(['shared'])).shared as Record<string, unknown>;
    const results = await Promise.allSettled([one.write({ shared: { ...base, v: 'x' } }), one.write({ shared: { ...base, v: 'y' } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('deletes', async () => {
    const s = make();
    await s.write({ gone: { v: 1 } });
    await s.delete(['gone']);
    expect(await s.read(['gone'])).toEqual({});
  });
}

describe('SqliteStorage', () => {
  storageRules(() => {
    const s = new SqliteStorage(openDatabase(path.join(tempDir(), 'state.sqlite')), { ttlMs: DAY });
    opened.push(s);
    return s;
  });
});

// Without redis-server the Redis half is skipped with one line that says how to install it; in CI it fails.
describeWithService(redisService, 'RedisStorage', () => {
  let redis: TestRedis;
  const clients: RedisStorage[] = [];
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await redis?.stop();
  });
  const redisStorage = (keyPrefix: string, ttlMs = DAY) => {
    const s = new RedisStorage({ url: redis.url, ttlMs, keyPrefix, logger: silentLogger });
    clients.push(s);
    return s;
  };

  storageRules(() => redisStorage(`test:${Math.random().toString(36).slice(2)}:`));

  it('keys carry the TTL, renewed on write', async () => {
    const prefix = `ttl:${Date.now()}:`;
    const s = redisStorage(prefix, 60_000);
    await s.write({ k: { v: 1 } });
    const client = new Redis(redis.url);
    try {
      const ttl = await client.pttl(`${prefix}k`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      client.disconnect();
    }
  });
});

describe('SqliteStorage group commit', () => {
  const open = (file: string) => {
    const s = new SqliteStorage(openDatabase(file), { ttlMs: DAY });
    opened.push(s);
    return s;
  };

  it('writes that share a commit succeed or fail one by one', async () => {
    const s = open(path.join(tempDir(), 'state.sqlite'));
    await s.write({ stale: { v: 1 } });
    const old = (await s.read(['stale'])).stale as Record<string, unknown>;
    await s.write({ stale: { v: 2 } });
    // Asked for in one turn of the event loop: one transaction, three savepoints.
    const results = await Promise.allSettled([s.write({ a: { v: 'a' } }), s.write({ stale: { ...old, v: 3 } }), s.write({ b: { v: 'b' }, c: { v: 'c' } })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await s.read(['a', 'b', 'c', 'stale'])).toMatchObject({ a: { v: 'a' }, b: { v: 'b' }, c: { v: 'c' }, stale: { v: 2 } });
  });

  it('a write has been committed when it resolves: another connection reads it', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const writer = open(file);
    const reader = open(file);
    await writer.write({ k: { v: 'committed' } });
    expect(await reader.read(['k'])).toMatchObject({ k: { v: 'committed' } });
  });

  it('keeps the value as it was when write() was called, not as the caller changes it later', async () => {
    const s = open(path.join(tempDir(), 'state.sqlite'));
    const item = { v: 'asked' };
    const written = s.write({ k: item });
    item.v = 'changed afterwards';
    await written;
    expect(await s.read(['k'])).toMatchObject({ k: { v: 'asked' } });
  });

  it('close() commits the writes still waiting, and later writes are refused', async () => {
    const file = path.join(tempDir(), 'state.sqlite');
    const s = new SqliteStorage(openDatabase(file), { ttlMs: DAY });
    const waiting = s.write({ k: { v: 'last words' } });
    s.close();
    await waiting;
    await expect(s.write({ k: { v: 'too late' } })).rejects.toThrow(/closed/);
    expect(await open(file).read(['k'])).toMatchObject({ k: { v: 'last words' } });
  });
});

describe('expiry', () => {
  it('SQLite forgets conversations untouched for the TTL', async () => {
    let now = Date.now();
    const s = new SqliteStorage(openDatabase(path.join(tempDir(), 'state.sqlite')), { ttlMs: DAY, now: () => now });
    opened.push(s);
    await s.write({ old: { v: 1 } });
    now += DAY / 2;
    await s.write({ recent: { v: 2 } });
    now += DAY / 2 + 1;
    expect(s.pruneOld()).toBe(1);
    expect(Object.keys(await s.read(['old', 'recent']))).toEqual(['recent']);
  });
});

describe('a restart (STATE_STORE=sqlite, the default)', () => {
  let service: AnswerService;
  beforeAll(async () => {
    service = await realService(appConfig());
  });

  it('keeps the conversation (a follow-up resolves) and the feedback', async () => {
    const config = appConfig();
    expect(config.STATE_STORE).toBe('sqlite');
    const first = await startApp(config, service);
    const conversationId = 'restart-1';
    const asked = (await (await postJson(`${first.baseUrl}/api/chat`, { text: '申请行政复议需要交费吗？', conversationId, userId: 'u-1' })).json()) as { answerId: string; citations: Array<{ title: string }> };
    expect(asked.citations.some((c) => c.title.includes('行政复议法'))).toBe(true);
    expect((await postJson(`${first.baseUrl}/api/feedback`, { rating: 'down', answerId: asked.answerId, conversationId, userId: 'u-1' })).status).toBe(204);
    await first.close();

    const second = await startApp(config, service);
    try {
      const follow = (await (await postJson(`${second.baseUrl}/api/chat`, { text: '第二十条具体怎么说', conversationId })).json()) as { citations: Array<{ title: string; article?: string }> };
      expect(follow.citations[0]).toMatchObject({ article: '第二十条' });
      expect(follow.citations[0]?.title).toContain('行政复议法');
      expect(second.app.feedback.counts().down).toBe(1);
      // The down-vote still names its question: the conversation state outlived the restart too.
      expect(second.app.feedback.downvotedAnswers(5)[0]).toMatchObject({ answerId: asked.answerId, question: '申请行政复议需要交费吗？' });
    } finally {
      await second.close();
    }
  });

  it('a fresh DATA_DIR starts without that conversation (the state is really on disk, not in memory)', async () => {
    const other = await startApp(appConfig(), service);
    try {
      const follow = (await (await postJson(`${other.baseUrl}/api/chat`, { text: '第二十条具体怎么说', conversationId: 'restart-1' })).json()) as { citations: Array<{ title: string; article?: string }> };
      expect(follow.citations[0]?.title.includes('行政复议法') === true && follow.citations[0]?.article === '第二十条').toBe(false);
    } finally {
      await other.close();
    }
  });
});
