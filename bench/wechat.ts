// npm run bench:wechat — the WeChat callback on the real app under load.
// Starts createApp (real bot, real index; regulations from ../shared), fires encrypted text messages at a fixed
// 100 requests/s (open loop: a slow reply does not delay the next request, so queueing shows in the figures),
// and prints p50/p95/p99 of "encrypted message in → encrypted passive reply out". It runs the same load first
// against the channel alone (restify + WeChat routes + a bot that answers at once), so the channel's own share
// is visible beside the whole app's. Then it delivers messages three times within 5 s, as WeChat does when a
// reply is late, and counts bot turns. Client and server share the machine (set BENCH_SECONDS, BENCH_RATE).
// Targets: p95 ≤ 50 ms at 100 req/s; one bot turn per MsgId. Exit code 1 when a target is missed.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { registerWeChatRoutes } from '../src/channels/wechat/routes.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Answer } from '../src/domain.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/server/app.js';
import restify from '../src/server/restify.js';
import { messageXml, nextMsgId, WeChatPlatform, type Account } from '../test/channels/wechat/wechat-platform.js';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = 300;
// Enough followers that none of them trips the per-user rate limit (120 a minute by default).
const USERS = 1000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const account: Account = { token: 'bench-token', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', appId: 'wxbench000000001', id: 'gh_bench' };

function questions(): string[] {
  const file = path.resolve(repoRoot, '../shared/eval/dev-questions.jsonl');
  const fromEval = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { q: string }).q)
    : [];
  return fromEval.length ? fromEval : ['2023年开发区组织了几次法治学习？', '行政处罚法第七条是怎么规定的？', '申请行政复议要交钱吗？'];
}

interface Prepared {
  path: string;
  body: string;
  user: string;
}

interface Result {
  ms: number;
  status: number;
  body: string;
  user: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(port: number, p: Prepared): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: p.path, method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(p.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), user: p.user }));
    });
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0, body: '', user: p.user }));
    req.end(p.body);
  });
}

function prepare(wx: WeChatPlatform, qs: string[], count: number, offset: number): Prepared[] {
  return Array.from({ length: count }, (_, i) => {
    const user = `oBenchUser${(i + offset) % USERS}`;
    const xml = messageXml(account, user, { MsgType: 'text', Content: qs[(i + offset) % qs.length]!, MsgId: nextMsgId() });
    const { query, body } = wx.envelope(xml, 'safe');
    return { path: `/api/wechat?${query.toString()}`, body, user };
  });
}

/** Open loop: request i leaves at start + i/rate, whatever happened to the earlier ones. */
async function fire(port: number, requests: Prepared[], rate: number): Promise<Result[]> {
  const start = performance.now();
  const pending: Array<Promise<Result>> = [];
  for (let i = 0; i < requests.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(port, requests[i]!));
  }
  return Promise.all(pending);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface LoadStats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rate: number;
  valid: number;
  total: number;
  /** "200×2990 429×10" */
  statuses: string;
}

/** Warm-up, then RATE × SECONDS encrypted messages; every reply is checked (signature, decryption, addressee). */
async function measure(port: number, wx: WeChatPlatform, qs: string[]): Promise<LoadStats> {
  await fire(port, prepare(wx, qs, WARMUP, 0), RATE);
  const load = prepare(wx, qs, RATE * SECONDS, WARMUP);
  const wall = performance.now();
  const results = await fire(port, load, RATE);
  const elapsed = (performance.now() - wall) / 1000;
  let valid = 0;
  for (const r of results) {
    try {
      const reply = r.status === 200 && r.body.startsWith('<xml><Encrypt>') ? wx.open(r.body) : undefined;
      if (reply?.ToUserName === r.user && reply.FromUserName === account.id && (reply.Content ?? '') !== '') valid++;
    } catch {
      // not valid
    }
  }
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const statuses = [...counts].map(([status, n]) => `${status}×${n}`).join(' ');
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms[ms.length - 1]!, rate: results.length / elapsed, valid, total: results.length, statuses };
}

function print(label: string, s: LoadStats): void {
  console.log(
    `${label}: ${s.total} requests at ${s.rate.toFixed(1)} req/s (HTTP ${s.statuses}); valid encrypted replies ${s.valid}/${s.total}; ` +
      `latency ms p50 ${s.p50.toFixed(1)}  p95 ${s.p95.toFixed(1)}  p99 ${s.p99.toFixed(1)}  max ${s.max.toFixed(1)}`,
  );
}

/** A bot that answers at once with a cited Answer: what is left is the channel's own cost. */
class InstantBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const answer: Answer = {
        answered: true,
        answer: `您问的是“${context.activity.text ?? ''}”。这里是一段用于压测的固定答复，长度与真实答复相当，包含引用标记[1]。`,
        citations: [{ id: 'r', kind: 'regulation', title: '中华人民共和国行政处罚法', article: '第七条', text: '…', score: 1 }],
        suggestions: ['2023年开展了多少场法治宣传活动？'],
      };
      await context.sendActivity({ text: answer.answer, channelData: { answer, answerId: 'bench' } });
      await next();
    });
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Messages between the bench and its server process. */
type ServerMessage = { ready: true; channelPort: number; appPort: number } | { turns: number };

/**
 * The server side, in a process of its own as it would be in production (WeChat is a remote client): the channel
 * alone on one port, the whole app on another. Reports WeChat bot turns on request.
 */
async function serve(): Promise<void> {
  const config: Config = loadConfig(
    {},
    {
      KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'),
      LAWS_DIR: path.resolve(repoRoot, '../shared/knowledge-sources/regulations'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-wechat-')),
      LOG_LEVEL: 'warn',
      STATE_STORE: 'memory',
      WECHAT_TOKEN: account.token,
      WECHAT_ENCODING_AES_KEY: account.aesKey,
      WECHAT_APP_ID: account.appId,
    },
  );
  const logger = createLogger('warn');
  const channelOnly = restify.createServer({ handleUncaughtExceptions: false });
  registerWeChatRoutes(channelOnly, { bot: new InstantBot(), config, logger });
  const app = await createApp(config, { logger });
  // Count bot turns from WeChat: the channel calls bot.run once per turn.
  let turns = 0;
  const run = app.bot.run.bind(app.bot);
  app.bot.run = (context: TurnContext) => {
    if (context.activity.channelId === 'wechat') turns++;
    return run(context);
  };
  const send = (m: ServerMessage) => process.send?.(m);
  send({ ready: true, channelPort: await listen(channelOnly), appPort: await listen(app.server) });
  process.on('message', (m: unknown) => {
    if (m === 'turns') send({ turns });
    if (m === 'stop') {
      channelOnly.close();
      void app.close(2_000).finally(() => process.exit(0));
    }
  });
}

async function main(): Promise<void> {
  const qs = questions();
  console.log(
    `bench:wechat — ${os.cpus().length} CPUs (load average ${os.loadavg()[0]!.toFixed(1)}), server in its own process; ` +
      `${qs.length} questions, ${USERS} users, ${RATE} req/s for ${SECONDS} s after ${WARMUP} warm-up requests`,
  );
  // The child runs this file with the same loader (tsx) and --serve.
  // BENCH_CPU_PROF=dir writes a CPU profile of the server process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit', execArgv: [...process.execArgv, ...profile] });
  const next = () => new Promise<ServerMessage>((resolve) => child.once('message', (m) => resolve(m as ServerMessage)));
  const ready = await next();
  if (!('ready' in ready)) throw new Error('server did not start');
  const turnCount = async () => {
    const reply = next();
    child.send('turns');
    const m = await reply;
    return 'turns' in m ? m.turns : NaN;
  };

  const channelPort = ready.channelPort;
  print('channel only (instant bot)', await measure(channelPort, new WeChatPlatform(`http://127.0.0.1:${channelPort}`, account), qs));

  const port = ready.appPort;
  const wx = new WeChatPlatform(`http://127.0.0.1:${port}`, account);
  const whole = await measure(port, wx, qs);
  print('whole app (real bot and answers)', whole);

  // Duplicates: each message delivered three times within 5 s — together, and spread over 0 / 1.5 / 3 s.
  const MESSAGES = 20;
  const before = await turnCount();
  const burst = prepare(wx, qs, MESSAGES, 7);
  const burstResults = await Promise.all(burst.flatMap((p) => [post(port, p), post(port, p), post(port, p)]));
  const spread = prepare(wx, qs, MESSAGES, 11);
  const spreadRounds: Result[][] = [];
  for (const delay of [0, 1500, 1500]) {
    await new Promise((r) => setTimeout(r, delay));
    spreadRounds.push(await Promise.all(spread.map((p) => post(port, p))));
  }
  const turns = (await turnCount()) - before;
  // A deferred delivery answers "success" (not XML): compared as is.
  const content = (r: Result) => (r.body.startsWith('<xml>') ? wx.open(r.body).Content : r.body);
  const identical =
    Array.from({ length: MESSAGES }, (_, i) => new Set(burstResults.slice(i * 3, i * 3 + 3).map(content)).size === 1).every(Boolean) &&
    Array.from({ length: MESSAGES }, (_, i) => new Set(spreadRounds.map((round) => content(round[i]!))).size === 1).every(Boolean);
  console.log(`duplicates: ${MESSAGES * 2} messages × 3 deliveries within 5 s → ${turns} bot turns (target ${MESSAGES * 2}); identical replies: ${identical ? 'yes' : 'NO'}`);

  agent.destroy();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  const pass = whole.p95 <= 50 && whole.valid === whole.total && turns === MESSAGES * 2 && identical;
  console.log(pass ? 'PASS' : 'FAIL (p95 ≤ 50 ms with every reply valid, one turn per MsgId)');
  process.exitCode = pass ? 0 : 1;
}

(process.argv.includes('--serve') ? serve() : main()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
