// Abuse limits on the real server (port 0, real answer service): per-client token buckets with 429 and
// Retry-After, the time limit, size and length caps, control characters, security headers and CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { cdata } from '../../src/channels/wechat/xml.js';
import { wechatSignature } from '../../src/channels/wechat/signature.js';
import { TokenBuckets } from '../../src/server/rate-limit.js';
import { appConfig, postJson, realService, startApp, type RunningApp } from '../server/harness.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, per client', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    const refused = buckets.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('b').allowed).toBe(true);
    now += 1000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps at most maxClients buckets, dropping the longest idle', () => {
    const buckets = new TokenBuckets({ perMinute: 1, burst: 1, maxClients: 100 });
    for (let i = 0; i < 1000; i++) buckets.take(`client-${i}`);
    expect(buckets.size).toBe(100);
    // The most recent client still has its spent bucket.
    expect(buckets.take('client-999').allowed).toBe(false);
  });
});

let service: AnswerService;
let running: RunningApp;

beforeAll(async () => {
  // One question a minute after a burst of five: no refill during the test, however slow the machine.
  const config = appConfig({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MIN: '1', RATE_LIMIT_BURST: '5', ALLOWED_ORIGINS: 'https://www.qidong.gov.cn' });
  service = await realService(config);
  running = await startApp(config, service);
});

afterAll(async () => {
  await running?.close();
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('rate limits', () => {
  it('answers a flooding client 429 with Retry-After while another client is served', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' }, from('203.0.113.7'));
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(30);
    expect(Number(limited?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await limited?.json()).toMatchObject({ error: 'rate_limited' });

    const other = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' }, from('198.51.100.9'));
    expect(other.status).toBe(200);
  });

  it('takes the last X-Forwarded-For entry (the proxy wrote it), so a forged first entry does not help', async () => {
    for (let i = 0; i < 5; i++) await (await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, from('192.0.2.50'))).arrayBuffer();
    const forged = await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, from('10.9.9.9, 192.0.2.50'));
    expect(forged.status).toBe(429);
  });

  it('lets an allowed site read the 429 (CORS), and sends the security headers on it', async () => {
    const res = await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, { ...from('203.0.113.7'), origin: 'https://www.qidong.gov.cn' });
    expect(res.status).toBe(429);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.qidong.gov.cn');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('counts the limited requests in /metrics', async () => {
    const text = await (await fetch(`${running.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('http_rate_limited_total{route="/api/chat"}'));
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(4);
  });

  it('does not limit pages, health or other clients', async () => {
    for (let i = 0; i < 10; i++) expect((await fetch(`${running.baseUrl}/healthz`, { headers: from('203.0.113.7') })).status).toBe(200);
  });
});

describe('rate limits on /api/wechat', () => {
  it('are kept per follower (openid), not per address: WeChat servers send for everyone', async () => {
    const token = 'limits-wechat-token';
    const config = appConfig({ STATE_STORE: 'memory', WECHAT_TOKEN: token, WECHAT_APP_ID: 'wx-limits', RATE_LIMIT_PER_MIN: '1', RATE_LIMIT_BURST: '2' });
    const app = await startApp(config, service);
    const deliver = async (openid: string, n: number) => {
      const query = new URLSearchParams({ signature: wechatSignature(token, '1700000000', 'nonce'), timestamp: '1700000000', nonce: 'nonce', openid });
      const body = `<xml><ToUserName>${cdata('gh_limits')}</ToUserName><FromUserName>${cdata(openid)}</FromUserName><CreateTime>1700000000</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata('你好')}</Content><MsgId>${n}</MsgId></xml>`;
      const res = await fetch(`${app.baseUrl}/api/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
      await res.arrayBuffer();
      return res;
    };
    try {
      const statuses = [];
      for (let i = 1; i <= 4; i++) statuses.push((await deliver('o-flooder', i)).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      const refused = await deliver('o-flooder', 5);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await deliver('o-neighbour', 6)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('size and length limits, control characters', () => {
  it('refuses a body over 16 KB with 413 and a question over the cap with 400', async () => {
    const big = await postJson(`${running.baseUrl}/api/chat`, { text: '法'.repeat(20_000) }, from('198.51.100.20'));
    expect(big.status).toBe(413);
    const long = await postJson(`${running.baseUrl}/api/chat`, { text: '法'.repeat(1200) }, from('198.51.100.21'));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: 'text_too_long' });
  });

  it('answers a question with zero-width and control characters as the clean question', async () => {
    const clean = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' }, from('198.51.100.30'));
    const dirty = await postJson(`${running.baseUrl}/api/chat`, { text: '党\u200b工委\u200d会议\u0007开了\ufeff几次\u202e？' }, from('198.51.100.31'));
    const [a, b] = [(await clean.json()) as { answer: string }, (await dirty.json()) as { answer: string }];
    expect(dirty.status).toBe(200);
    expect(b.answer).toBe(a.answer);
    for (const ch of ['\u200b', '\u200d', '\u0007', '\ufeff', '\u202e']) expect(b.answer).not.toContain(ch);
  });
});

describe('time limit', () => {
  it('answers 503 when a turn outlives REQUEST_TIMEOUT_MS, and the server keeps serving', async () => {
    const config = appConfig({ REQUEST_TIMEOUT_MS: '300', STATE_STORE: 'memory' });
    const slow: AnswerService = { ...service, answer: (q, c) => new Promise((resolve) => setTimeout(() => resolve(service.answer(q, c)), 1500)) };
    const app = await startApp(config, slow);
    try {
      const started = Date.now();
      const res = await postJson(`${app.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1400);
      expect(await res.json()).toMatchObject({ error: 'timeout' });
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('security headers and CORS', () => {
  it('sends a strict CSP and nosniff on the page, no-store on answers', async () => {
    const page = await fetch(`${running.baseUrl}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const api = await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, from('198.51.100.40'));
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const widget = await fetch(`${running.baseUrl}/widget.js`);
    expect(widget.headers.get('x-content-type-options')).toBe('nosniff');
    expect(widget.headers.get('cache-control')).toBe('no-cache');
  });

  it('allows the configured origin and nobody else', async () => {
    const ok = await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, { ...from('198.51.100.41'), origin: 'https://www.qidong.gov.cn' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.qidong.gov.cn');
    const other = await postJson(`${running.baseUrl}/api/chat`, { text: '你好' }, { ...from('198.51.100.42'), origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${running.baseUrl}/api/chat`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
  });
});
