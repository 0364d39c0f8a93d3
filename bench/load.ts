// npm run bench:load — the reliability targets of issue 7, on the real server in its own process (npm start's
// entry, conversation state in SQLite as deployed, behind a "proxy": TRUST_PROXY with one X-Forwarded-For
// address per simulated resident), load from an open-loop generator here (requests leave on schedule):
//   1. 60 s at 200 requests/s of mixed /api/chat questions (../shared/eval): zero 5xx, p99 ≤ 100 ms, RSS growth
//      under 10% between the first and the last 20 s (after a 5 s warm-up).
//   2. One client flooding at 1,000 requests/s gets 429s while 100 requests/s from other clients keep p95 ≤ 30 ms.
//   3. fast-check properties of every parser facing input, 10,000 cases each, and both routes on a real server
//      (BENCH_FUZZ_HTTP_RUNS each, default 2,000): never a 5xx.
// BENCH_SECONDS, BENCH_RATE change phase 1. Exit code 1 when a target is missed.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';
import { buildForStart } from '../test/helpers/start-command.js';
import { startServerProcess, type ServerProcess } from '../test/reliability/processes.js';
import {
  chatBodyProperty,
  postChatNever5xx,
  postWeChatNever5xx,
  questionProperty,
  rawChatRequest,
  wechatBody,
  wechatContentProperty,
  wechatXmlProperty,
} from '../test/reliability/input-properties.js';
import { devQuestions, memoryOf, repoRoot } from './common.js';

const lawsDir = process.env.LAWS_DIR ?? path.resolve(repoRoot, '../shared/knowledge-sources/regulations');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const FUZZ_RUNS = 10_000;
const FUZZ_HTTP_RUNS = Number(process.env.BENCH_FUZZ_HTTP_RUNS ?? 2000);
const RESIDENTS = 600;
/** The server's rate limit (the defaults, set explicitly so the flood check knows them). */
const LIMIT_PER_MIN = 120;
const LIMIT_BURST = 60;

interface Target {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}
const results: Target[] = [];
const record = (name: string, value: string, target: string, ok: boolean) => {
  results.push({ name, value, target, ok });
  process.stderr.write(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value} (target ${target})\n`);
};

const rssMb = (pid: number): number => memoryOf(pid)?.rss ?? NaN;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

interface ChatRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * The k-th request of a run: resident k mod 600 (own address), asking the dev-set questions in turn, three per
 * conversation (a first question, then two that may be follow-ups), then a new conversation.
 */
function residentRequest(questions: string[], k: number, offset = 0): ChatRequest {
  const resident = offset + (k % RESIDENTS);
  const turn = Math.floor(k / RESIDENTS);
  return {
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${resident >> 8 & 255}.${resident & 255}.7` },
    body: JSON.stringify({ text: questions[(resident + turn) % questions.length], conversationId: `resident-${resident}-${Math.floor(turn / 3)}`, userId: `resident-${resident}` }),
  };
}

function post(agent: http.Agent, baseUrl: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/api/chat`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Run {
  latencies: number[];
  statuses: Map<number, number>;
  /** From the first request to the last answer. */
  seconds: number;
}

/**
 * Open loop: requests leave on schedule whether or not earlier ones were answered (as residents do), and each
 * latency counts from the scheduled time, so a stalled server cannot hide its queue.
 */
async function run(baseUrl: string, opts: { seconds: number; rate: number; request: (k: number) => ChatRequest }): Promise<Run> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const inFlight: Array<Promise<void>> = [];
  // Each run is a client of its own with at most 32 connections, as a proxy's upstream keep-alive pool would
  // hold (nginx `keepalive 32`): requests beyond them wait here, and that wait counts in their latency.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const started = performance.now();
  const total = Math.round(opts.seconds * opts.rate);
  let k = 0;
  while (k < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * opts.rate));
    for (; k < due; k++) {
      const scheduled = started + (k / opts.rate) * 1000;
      const { headers, body } = opts.request(k);
      inFlight.push(
        post(agent, baseUrl, headers, body).then(
          (status) => {
            latencies.push(performance.now() - scheduled);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          },
          () => void statuses.set(0, (statuses.get(0) ?? 0) + 1),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}

const describeStatuses = (s: Map<number, number>) => [...s].map(([code, n]) => `${code === 0 ? 'errors' : code}×${n}`).join(' ');
const count5xx = (s: Map<number, number>) => [...s].filter(([code]) => code >= 500 || code === 0).reduce((a, [, n]) => a + n, 0);

async function steadyLoad(server: ServerProcess, questions: string[]): Promise<void> {
  const pid = server.child.pid!;
  process.stderr.write(`warm-up 5 s, then ${SECONDS} s at ${RATE} requests/s from ${RESIDENTS} residents…\n`);
  await run(server.baseUrl, { seconds: 5, rate: RATE, request: (k) => residentRequest(questions, k, 10_000) });
  const samples: Array<{ t: number; rss: number }> = [];
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss: rssMb(pid) }), 1000);
  const steady = await run(server.baseUrl, { seconds: SECONDS, rate: RATE, request: (k) => residentRequest(questions, k) });
  clearInterval(sampler);

  const total = steady.latencies.length;
  const window = Math.min(20, SECONDS / 3);
  const first = mean(samples.filter((s) => s.t < window).map((s) => s.rss));
  const last = mean(samples.filter((s) => s.t >= SECONDS - window).map((s) => s.rss));
  const growth = (last / first - 1) * 100;
  record('steady: requests/s', (total / SECONDS).toFixed(1), `≈ ${RATE}`, total / SECONDS >= RATE * 0.95);
  record('steady: statuses', describeStatuses(steady.statuses), 'zero 5xx or errors', count5xx(steady.statuses) === 0);
  record('steady: p50 / p95 / p99 ms', [50, 95, 99].map((p) => percentile(steady.latencies, p)).join(' / '), 'p99 ≤ 100', percentile(steady.latencies, 99) <= 100);
  record(`steady: RSS first ${window} s → last ${window} s`, `${first.toFixed(1)} → ${last.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`, '< +10%', growth < 10);
}

async function flood(server: ServerProcess, questions: string[]): Promise<void> {
  process.stderr.write('flood: one client at 1,000 requests/s, other residents at 100 requests/s, 15 s…\n');
  const attacker = (k: number): ChatRequest => ({
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
    body: JSON.stringify({ text: questions[k % questions.length] }),
  });
  const [floodRun, others] = await Promise.all([
    run(server.baseUrl, { seconds: 15, rate: 1000, request: attacker }),
    run(server.baseUrl, { seconds: 15, rate: 100, request: (k) => residentRequest(questions, k, 20_000) }),
  ]);
  const limited = floodRun.statuses.get(429) ?? 0;
  const served = floodRun.statuses.get(200) ?? 0;
  // The bucket lets through its burst and the per-minute refill over 15 s, and nothing more.
  const allowance = LIMIT_BURST + Math.ceil((LIMIT_PER_MIN / 60) * floodRun.seconds) + 1;
  record('flood: the flooding client', describeStatuses(floodRun.statuses), `429 beyond ${allowance} answered`, limited > 0 && served <= allowance);
  const othersSent = [...others.statuses.values()].reduce((a, b) => a + b, 0);
  record('flood: other clients statuses', describeStatuses(others.statuses), 'all 200', othersSent > 0 && (others.statuses.get(200) ?? 0) === othersSent);
  record('flood: other clients p95 ms', String(percentile(others.latencies, 95)), '≤ 30', percentile(others.latencies, 95) <= 30);
}

async function fuzz(): Promise<void> {
  process.stderr.write(`properties: ${FUZZ_RUNS} cases per parser, ${FUZZ_HTTP_RUNS} per route on a real server…\n`);
  const check = async (name: string, runs: number, assert: () => Promise<void> | void) => {
    const started = performance.now();
    try {
      await assert();
      record(`property: ${name}`, `${runs} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`, 'never a throw / 5xx', true);
    } catch (err) {
      record(`property: ${name}`, err instanceof Error ? err.message.split('\n').slice(0, 3).join(' ') : String(err), 'never a throw / 5xx', false);
    }
  };
  await check('question normaliser', FUZZ_RUNS, () => fc.assert(questionProperty, { numRuns: FUZZ_RUNS }));
  await check('WeChat XML reader', FUZZ_RUNS, () => fc.assert(wechatXmlProperty, { numRuns: FUZZ_RUNS }));
  await check('WeChat XML reader keeps Content', FUZZ_RUNS, () => fc.assert(wechatContentProperty, { numRuns: FUZZ_RUNS }));
  await check('/api/chat body', FUZZ_RUNS, () => fc.assert(chatBodyProperty, { numRuns: FUZZ_RUNS }));

  const token = 'bench-fuzz-token';
  const config = loadConfig(
    {},
    {
      KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'),
      LAWS_DIR: lawsDir,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-fuzz-')),
      LOG_LEVEL: 'silent',
      STATE_STORE: 'memory',
      RATE_LIMIT_PER_MIN: '0',
      WECHAT_TOKEN: token,
      WECHAT_APP_ID: 'wx-fuzz',
    },
  );
  const app = await createApp(config, { logger: silentLogger });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    await check('POST /api/chat on the server', FUZZ_HTTP_RUNS, () =>
      fc.assert(fc.asyncProperty(rawChatRequest, (input) => postChatNever5xx(baseUrl, input).then(() => undefined)), { numRuns: FUZZ_HTTP_RUNS }),
    );
    await check('POST /api/wechat on the server', FUZZ_HTTP_RUNS, () =>
      fc.assert(fc.asyncProperty(wechatBody, (body) => postWeChatNever5xx(baseUrl, token, body).then(() => undefined)), { numRuns: FUZZ_HTTP_RUNS }),
    );
  } finally {
    await app.close(1000);
  }
}

async function main(): Promise<void> {
  const questions = devQuestions();
  process.stderr.write(`starting the server (own process, as npm start runs it, STATE_STORE=sqlite, TRUST_PROXY) with ${questions.length} dev questions…\n`);
  // npm start runs compiled JavaScript; build it from the current source first.
  buildForStart();
  const server = await startServerProcess({
    KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'),
    LAWS_DIR: lawsDir,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-load-')),
    // As deployed: a request line per request (the helper also reads the 'listening' line).
    LOG_LEVEL: 'info',
    LLM_PROVIDER: 'none',
    STATE_STORE: 'sqlite',
    TRUST_PROXY: 'true',
    RATE_LIMIT_PER_MIN: String(LIMIT_PER_MIN),
    RATE_LIMIT_BURST: String(LIMIT_BURST),
  }, { compiled: true });
  try {
    await steadyLoad(server, questions);
    await flood(server, questions);
  } finally {
    await server.stop('SIGTERM');
  }
  await fuzz();

  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(`\nbench:load (${os.cpus().length} cores, Node ${process.version})\n`);
  for (const r of results) process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.name.padEnd(width)}  ${r.value}   [${r.target}]\n`);
  const missed = results.filter((r) => !r.ok).length;
  process.stdout.write(missed === 0 ? 'all targets met\n' : `${missed} target(s) missed\n`);
  process.exitCode = missed === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:load failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
