// Two replicas behind a load balancer, as deployed: the index built once (npm run ingest) and shipped to each
// replica's DATA_DIR, conversation state in one Redis. A conversation begun on one continues on the other.
// Then SIGTERM: the request in flight finishes, the process exits 0.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeDir, lawsDir, tempDir } from '../helpers/paths.js';
import { describeWithService, redis as redisService } from '../helpers/services.js';
import { startIngest, startServerProcess, testRedis, type ServerProcess, type TestRedis } from './processes.js';

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;

// Without redis-server the file is skipped with one line that says how to install it; in CI it fails.
describeWithService(redisService, 'two replicas behind a load balancer', () => {
  beforeAll(startReplicas, 180_000);
  afterAll(stopReplicas);
  describe('two replicas sharing Redis', sharingState);
  describe('SIGTERM', drainingOnSigterm);
});

async function startReplicas(): Promise<void> {
  redis = await testRedis();
  const buildDir = tempDir('qd-build-');
  const base = { KNOWLEDGE_DIR: knowledgeDir, LAWS_DIR: lawsDir, LOG_LEVEL: 'warn' };
  const built = await startIngest({ ...base, DATA_DIR: buildDir }).done;
  expect(built.code, built.stderr).toBe(0);
  // Ship the built index to each replica (as rsync or an image layer would).
  const replica = (name: string) => {
    const dir = tempDir(`qd-replica-${name}-`);
    fs.cpSync(path.join(buildDir, 'index'), path.join(dir, 'index'), { recursive: true });
    return startServerProcess({ ...base, LOG_LEVEL: 'info', DATA_DIR: dir, STATE_STORE: 'redis', REDIS_URL: redis.url });
  };
  [a, b] = await Promise.all([replica('a'), replica('b')]);
}

async function stopReplicas(): Promise<void> {
  await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
  await redis?.stop();
}

async function chat(server: ServerProcess, body: Record<string, unknown>): Promise<{ answerId: string; citations: Array<{ title: string; article?: string }> }> {
  const res = await fetch(`${server.baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { answerId: string; citations: Array<{ title: string; article?: string }> };
}

function sharingState(): void {
  it('loaded the shipped index instead of building one', () => {
    for (const server of [a, b]) {
      const messages = server.logs.map((l) => l.msg);
      expect(messages).not.toContain('index built');
      expect(messages).toContain('conversation state: Redis (shared by every replica)');
    }
  });

  it('continues on replica B a conversation begun on replica A, and back', async () => {
    const conversationId = `replicas-${Date.now()}`;
    const first = await chat(a, { text: '申请行政复议需要交费吗？', conversationId });
    expect(first.citations.some((c) => c.title.includes('行政复议法'))).toBe(true);
    const second = await chat(b, { text: '第二十条具体怎么说', conversationId });
    expect(second.citations[0]).toMatchObject({ article: '第二十条' });
    expect(second.citations[0]?.title).toContain('行政复议法');
    // Feedback on B's answer, sent to A: A finds the turn in the shared state.
    const res = await fetch(`${a.baseUrl}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 'up', answerId: second.answerId, conversationId }),
    });
    expect(res.status).toBe(204);
    // The log line travels through a pipe: it may arrive just after the response.
    await expect.poll(() => a.logs.some((l) => l.msg === 'feedback' && l.answerId === second.answerId && l.known === true)).toBe(true);
  });

  it('keeps conversations apart across replicas', async () => {
    await chat(a, { text: '申请行政复议需要交费吗？', conversationId: `apart-a-${Date.now()}` });
    const other = await chat(b, { text: '第二十条具体怎么说', conversationId: `apart-b-${Date.now()}` });
    expect(other.citations[0]?.title.includes('行政复议法') === true && other.citations[0]?.article === '第二十条').toBe(false);
  });
}

function drainingOnSigterm(): void {
  it('finishes the request in flight, refuses new connections, then exits 0', async () => {
    const body = JSON.stringify({ text: '党工委会议开了几次？' });
    const { port } = new URL(b.baseUrl);
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/chat', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight while the server drains.
      const bytes = Buffer.from(body);
      req.write(bytes.subarray(0, 10));
      setTimeout(() => {
        b.child.kill('SIGTERM');
        setTimeout(() => req.end(bytes.subarray(10)), 500);
      }, 200);
    });
    const answered = await reply;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toMatchObject({ answered: true });
    expect(await b.exited).toBe(0);
    expect(b.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['draining, then exiting', 'stopped cleanly']));
    await expect(fetch(`${b.baseUrl}/healthz`)).rejects.toThrow();
  });
}
