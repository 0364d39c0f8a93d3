// Operations on the real server: liveness (/healthz), readiness (/readyz, 503 once draining), and Prometheus
// metrics (/metrics: requests, latency histogram, answered/refused counts, process figures).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfig, postJson, realService, startApp, type RunningApp } from '../server/harness.js';

let running: RunningApp;

beforeAll(async () => {
  const config = appConfig({ STATE_STORE: 'memory' });
  running = await startApp(config, await realService(config));
});

afterAll(async () => {
  await running?.close();
});

/** The value of one sample line, e.g. metric('bot_answers_total{result="answered"}'). */
async function metrics(): Promise<(sample: string) => number | undefined> {
  const res = await fetch(`${running.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return (sample) => {
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    return line === undefined ? undefined : Number(line.slice(sample.length + 1));
  };
}

describe('/healthz and /readyz', () => {
  it('says what is loaded', async () => {
    const health = (await (await fetch(`${running.baseUrl}/healthz`)).json()) as { status: string; chunks: number; reportYears: number[] };
    expect(health.status).toBe('ok');
    expect(health.chunks).toBeGreaterThan(100);
    expect(health.reportYears.length).toBeGreaterThan(0);
    const ready = await fetch(`${running.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});

describe('/metrics', () => {
  it('counts requests by route and status, times them, and counts answered and refused questions', async () => {
    const before = await metrics();
    const answered0 = before('bot_answers_total{result="answered"}') ?? 0;
    const refused0 = before('bot_answers_total{result="refused"}') ?? 0;
    for (const text of ['党工委会议开了几次？', '党工委会议开了几次？', '今晚有什么好看的电影？']) expect((await postJson(`${running.baseUrl}/api/chat`, { text })).status).toBe(200);
    expect((await postJson(`${running.baseUrl}/api/chat`, { nope: 1 })).status).toBe(400);
    await fetch(`${running.baseUrl}/no/such/path/${Math.random()}`);

    const after = await metrics();
    expect(after('bot_answers_total{result="answered"}')).toBe(answered0 + 2);
    expect(after('bot_answers_total{result="refused"}')).toBe(refused0 + 1);
    expect(after('http_requests_total{method="POST",route="/api/chat",status="200"}')).toBeGreaterThanOrEqual(3);
    expect(after('http_requests_total{method="POST",route="/api/chat",status="400"}')).toBeGreaterThanOrEqual(1);
    // A path typed by a client never becomes its own series.
    expect(after('http_requests_total{method="GET",route="other",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(after('http_request_duration_seconds_count{route="/api/chat"}')).toBeGreaterThanOrEqual(4);
    expect(after('http_request_duration_seconds_bucket{le="0.1",route="/api/chat"}')).toBeGreaterThan(0);
    expect(after('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });
});

describe('draining', () => {
  it('turns /readyz to 503 while /healthz stays 200', async () => {
    const config = appConfig({ STATE_STORE: 'memory' });
    const app = await startApp(config, running.app.service);
    try {
      expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
      app.app.readiness.markDraining();
      const ready = await fetch(`${app.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'draining' });
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
    expect(app.app.readiness.draining).toBe(true);
  });
});
