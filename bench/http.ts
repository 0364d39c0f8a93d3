// npm run bench:http — POST /api/chat under load: mixed dev-set questions (../shared/eval), 20 connections,
// 20 s per phase (BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_RATE). The server runs as its own process, as
// npm start runs it (compiled JavaScript under plain node), so its RSS is measured alone; autocannon runs
// here. Each request starts a new conversation, as a new visitor would. Three phases per server:
//   capacity — every connection sends its next request as soon as the last is answered (closed loop);
//   latency  — 300 requests/s in all, spread over the connections (autocannon overallRate);
//   paced    — 300 requests/s evenly spaced, open loop (autocannon's rate comes in per-second bursts).
// Latency is judged at the target rate: in a closed loop with 20 connections, p50 ≈ 20 / throughput by
// Little's law, so p50 ≤ 10 ms there would need 2,000 requests/s rather than 300.
// Runs: the app as configured (first-question answer cache on), the app with the cache off (the core
// on every request), and the app with canned answers in place of the core (the HTTP/bot/state share).
// Targets on the 2-core machine: ≥ 300 requests/s, p50 ≤ 10 ms, p95 ≤ 30 ms, zero errors, peak RSS ≤ 400 MB.
// Exit code 1 when a target is missed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { buildForStart, npmStartCommand } from '../test/helpers/start-command.js';
import { devQuestions, freePort, memoryOf, repoRoot } from './common.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const TARGETS = { rps: 300, p50: 10, p95: 30, rssMb: 400 };

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return (await res.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become ready in time');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function load(baseUrl: string, questions: string[], seconds: number, onLatency?: (ms: number) => void, overallRate?: number) {
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    overallRate,
    timeout: 10,
    requests: questions.map((q) => ({ method: 'POST', path: '/api/chat', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: q }) })),
  });
  if (onLatency) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => onLatency(ms));
  return instance;
}

/**
 * The same rate, evenly paced (open loop: one request every 1/RATE s, whatever the answers take).
 * autocannon's overallRate hands each connection a per-second quota that the 20 connections spend at
 * the start of every second, so its "300/s" is a burst; this shows the latency of a steady 300/s.
 */
async function paced(baseUrl: string, questions: string[], seconds: number, rate: number): Promise<{ latencies: number[]; sent: number }> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  for (let i = 0; performance.now() - start < seconds * 1000; i++, sent++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(
      fetch(`${baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: questions[i % questions.length] }) })
        .then(async (res) => {
          await res.text();
          if (res.ok) latencies.push(performance.now() - t);
        })
        .catch(() => undefined),
    );
  }
  await Promise.all(pending);
  return { latencies: latencies.sort((a, b) => a - b), sent };
}

interface Measured {
  /** Evenly paced RATE/s: p50, p95, p99 and answered share. */
  paced: { p50: number; p95: number; p99: number; answered: number };
  /** Closed loop: as fast as the server answers. */
  capacityRps: number;
  capacityP50: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: string;
  errorCount: number;
  peakRss: number;
  total: number;
  startupMs: number;
  health: Record<string, unknown>;
}

/** Starts a server entry as its own process, warms it, loads it, and measures latency and memory. */
async function measure(entry: string, questions: string[], env: Record<string, string> = {}): Promise<Measured> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-http-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...npmStartCommand().nodeArgs, path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LAWS_DIR: process.env.LAWS_DIR ?? path.resolve(repoRoot, '../shared/knowledge-sources/regulations'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LLM_PROVIDER: 'none',
      // One client (this bench) asking hundreds of questions a second is what the rate limit is for.
      RATE_LIMIT_PER_MIN: process.env.RATE_LIMIT_PER_MIN ?? '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const started = Date.now();
    const health = await waitForHealth(baseUrl, child, 180_000);
    const startupMs = Date.now() - started;
    const pid = child.pid!;

    // Warm-up: JIT, tokenizer caches, first conversations. Not counted.
    await load(baseUrl, questions, 3);

    let rssMax = 0;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, memoryOf(pid)?.rss ?? 0);
    }, 200);
    const closedLoop: number[] = [];
    const capacity = await load(baseUrl, questions, SECONDS, (ms) => closedLoop.push(ms));
    closedLoop.sort((a, b) => a - b);
    const latencies: number[] = [];
    const result = await load(baseUrl, questions, SECONDS, (ms) => latencies.push(ms), RATE);
    const steady = await paced(baseUrl, questions, SECONDS, RATE);
    clearInterval(sampler);
    const memory = memoryOf(pid);
    latencies.sort((a, b) => a - b);
    return {
      paced: {
        p50: percentile(steady.latencies, 50),
        p95: percentile(steady.latencies, 95),
        p99: percentile(steady.latencies, 99),
        answered: steady.latencies.length / Math.max(1, steady.sent),
      },
      capacityRps: capacity.requests.total / SECONDS,
      capacityP50: percentile(closedLoop, 50),
      rps: result.requests.total / SECONDS,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      errorCount: result.errors + result.timeouts + result.non2xx + capacity.errors + capacity.timeouts + capacity.non2xx,
      errors: `errors ${result.errors + capacity.errors}, timeouts ${result.timeouts + capacity.timeouts}, non-2xx ${result.non2xx + capacity.non2xx}`,
      peakRss: Math.max(memory?.peak ?? 0, rssMax),
      total: result.requests.total + capacity.requests.total,
      startupMs,
      health,
    };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures of one run beside the targets. */
function judged(m: Measured): string {
  return [
    row('capacity', `${m.capacityRps.toFixed(0)} requests/s (closed loop; p50 ${m.capacityP50.toFixed(1)} ms)`, `≥ ${TARGETS.rps}/s`, m.capacityRps >= TARGETS.rps),
    row(`at ${RATE}/s`, `${m.rps.toFixed(0)} requests/s answered`, `≥ ${TARGETS.rps}/s`, m.rps >= TARGETS.rps * 0.98),
    row('latency p50', `${m.p50.toFixed(1)} ms`, `≤ ${TARGETS.p50} ms`, m.p50 <= TARGETS.p50),
    row('latency p95', `${m.p95.toFixed(1)} ms`, `≤ ${TARGETS.p95} ms`, m.p95 <= TARGETS.p95),
    row('latency p99', `${m.p99.toFixed(1)} ms`, '', true),
    row('paced p50', `${m.paced.p50.toFixed(1)} ms (evenly paced ${RATE}/s, ${(m.paced.answered * 100).toFixed(1)}% answered)`, `≤ ${TARGETS.p50} ms`, m.paced.p50 <= TARGETS.p50),
    row('paced p95', `${m.paced.p95.toFixed(1)} ms (p99 ${m.paced.p99.toFixed(1)} ms)`, `≤ ${TARGETS.p95} ms`, m.paced.p95 <= TARGETS.p95),
    row('errors', `${m.errorCount} (${m.errors})`, '0', m.errorCount === 0),
    row('peak RSS', `${m.peakRss.toFixed(0)} MB`, `≤ ${TARGETS.rssMb} MB`, m.peakRss <= TARGETS.rssMb),
    row('requests', String(m.total), '', true),
    '',
    '',
  ].join('\n');
}

function missedTargets(m: Measured): boolean {
  return m.capacityRps < TARGETS.rps || m.rps < TARGETS.rps * 0.98 || m.p50 > TARGETS.p50 || m.p95 > TARGETS.p95 || m.errorCount > 0 || m.peakRss > TARGETS.rssMb;
}

async function main(): Promise<void> {
  const questions = devQuestions();
  const cpus = os.cpus();
  const [load1, load5] = os.loadavg();
  process.stdout.write(
    [
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`,
      `         load average before the run ${load1?.toFixed(1)} (1 min), ${load5?.toFixed(1)} (5 min) — other work on the machine lowers every figure`,
      `load:    POST /api/chat, ${questions.length} dev-set questions in turn, ${CONNECTIONS} connections, ${SECONDS} s per phase (autocannon, same machine)`,
      '',
    ].join('\n'),
  );

  // What npm start runs: src compiled by `npm run build`. The canned-answer server is bundled the same way
  // (its imports of src/ included), so neither pays for a TypeScript loader.
  const { entry, nodeArgs } = buildForStart();
  await build({
    entryPoints: [path.join(repoRoot, 'bench/http-channel-server.ts')],
    outfile: path.join(repoRoot, 'dist/bench/http-channel-server.js'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });

  process.stdout.write(`server:  node ${[...nodeArgs, entry].join(' ')} (as npm start runs it)\n\n`);
  const whole = await measure(entry, questions);
  process.stdout.write(
    `whole app (npm start, defaults): ready in ${(whole.startupMs / 1000).toFixed(1)} s (index built in a fresh DATA_DIR); ${String(whole.health.chunks)} chunks, report years ${JSON.stringify(whole.health.reportYears)}\n` +
      judged(whole),
  );
  // The first-question cache answers repeated questions without the core; this is the core on every request.
  const uncached = await measure(entry, questions, { ANSWER_CACHE_SIZE: '0' });
  process.stdout.write(`whole app, answer cache off (ANSWER_CACHE_SIZE=0): every question through the core\n${judged(uncached)}`);

  // The same load with canned answers: the share of HTTP, bot, state and rendering alone.
  const channel = await measure('dist/bench/http-channel-server.js', questions);
  process.stdout.write(
    [
      'channel alone (canned answers instead of the core):',
      row('capacity', `${channel.capacityRps.toFixed(0)} requests/s (closed loop; p50 ${channel.capacityP50.toFixed(1)} ms)`, '', true),
      row(`at ${RATE}/s`, `${channel.rps.toFixed(0)} requests/s answered`, '', true),
      row('latency p50', `${channel.p50.toFixed(1)} ms`, '', true),
      row('latency p95', `${channel.p95.toFixed(1)} ms`, '', true),
      row('errors', `${channel.errorCount} (${channel.errors})`, '', true),
      row('peak RSS', `${channel.peakRss.toFixed(0)} MB`, '', true),
      '',
    ].join('\n'),
  );

  if (missedTargets(whole)) process.exitCode = 1;
}

function row(name: string, value: string, target: string, ok: boolean): string {
  return `${name.padEnd(12)} ${value.padEnd(56)} ${target.padEnd(10)} ${target ? (ok ? 'ok' : 'MISSED') : ''}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:http: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
