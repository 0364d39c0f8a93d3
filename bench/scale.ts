// npm run bench -- --corpus ../shared/scale-corpus/national
// Builds the index over a large folder of regulations and measures build time, query latency and peak
// memory — ours and MiniSearch's, each in a child process of its own (peak RSS is per process), in one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

interface Figures {
  system: string;
  chunks: number;
  buildMs: number;
  p50: number;
  p95: number;
  peakRssMb: number;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** --questions FILE (JSONL with "q"), e.g. STARD's, instead of the development questions. */
function questions(): string[] {
  const qi = process.argv.indexOf('--questions');
  if (qi >= 0) return fs.readFileSync(path.resolve(process.argv[qi + 1]!), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q).slice(0, 300);
  const file = path.resolve(repo, '../shared/eval/dev-questions.jsonl');
  const own = ['我被罚款了不服怎么办', '公司拖欠工资怎么办', '交通事故责任怎么认定', '离婚后孩子归谁抚养', '房东不退押金怎么办', '网购商品有质量问题能退货吗'];
  const dev = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q) : [];
  return [...dev, ...own];
}

async function worker(system: string, corpus: string): Promise<Figures> {
  const qs = questions();
  if (system === 'ours') {
    const { loadConfig } = await import('../src/config.js');
    const { loadCore } = await import('../src/answer/index.js');
    const { answerQuestion } = await import('../src/answer/answer-question.js');
    const { createLogger } = await import('../src/logger.js');
    // --linked FILE: LINKED_QUESTIONS_FILE, as the national scenario runs with STARD's training questions.
    const li = process.argv.indexOf('--linked');
    const linked = li >= 0 ? { LINKED_QUESTIONS_FILE: path.resolve(process.argv[li + 1]!) } : {};
    const config = loadConfig({}, { KNOWLEDGE_DIR: path.join(repo, 'knowledge'), LAWS_DIR: corpus, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-')), LOG_LEVEL: 'warn', ...linked });
    const t = performance.now();
    const { deps, stats } = await loadCore(config, createLogger('warn'), { forceRebuild: true });
    const buildMs = performance.now() - t;
    for (const q of qs.slice(0, 5)) await answerQuestion(q, deps);
    const times: number[] = [];
    for (const q of qs) {
      const s = performance.now();
      await answerQuestion(q, deps);
      times.push(performance.now() - s);
    }
    fs.rmSync(config.dataDir, { recursive: true, force: true });
    return { system: 'ours (hybrid, answer)', chunks: stats.chunks, buildMs, p50: percentile(times, 50), p95: percentile(times, 95), peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }
  const { listSourceFiles, readSourceDocument } = await import('../src/knowledge/loaders.js');
  const { parseRegulation } = await import('../src/knowledge/regulation.js');
  const { MiniSearchBaseline } = await import('../src/cli/baseline.js');
  const { regulationChunks } = await import('../src/knowledge/regulation-chunks.js');
  const t = performance.now();
  const chunks = [];
  for (const name of await listSourceFiles(corpus)) {
    try {
      chunks.push(...regulationChunks(parseRegulation((await readSourceDocument(corpus, name)).text, name)));
    } catch {
      // the same files our loader skips
    }
  }
  const baseline = new MiniSearchBaseline(chunks);
  const buildMs = performance.now() - t;
  const times: number[] = [];
  for (const q of qs) {
    const s = performance.now();
    baseline.answer(q);
    times.push(performance.now() - s);
  }
  return { system: 'MiniSearch baseline', chunks: chunks.length, buildMs, p50: percentile(times, 50), p95: percentile(times, 95), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ci = args.indexOf('--corpus');
  const corpus = path.resolve(ci >= 0 ? args[ci + 1]! : path.resolve(repo, '../shared/scale-corpus/national'));
  const wi = args.indexOf('--worker');
  if (wi >= 0) {
    process.stdout.write(JSON.stringify(await worker(args[wi + 1]!, corpus)) + '\n');
    return;
  }
  process.stdout.write(`corpus ${corpus} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0]!.toFixed(1)}\n`);
  const rows: Figures[] = [];
  for (const system of ['ours', 'minisearch']) {
    const passOn = ['--questions', '--linked'].flatMap((flag) => (args.includes(flag) ? [flag, args[args.indexOf(flag) + 1]!] : []));
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--corpus', corpus, '--worker', system, ...passOn], {
      cwd: repo,
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    rows.push(JSON.parse(out.trim().split('\n').pop()!) as Figures);
  }
  process.stdout.write('\nsystem                   chunks   build s   p50 ms   p95 ms   peak RSS MB\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.system.padEnd(24)} ${String(r.chunks).padStart(6)} ${(r.buildMs / 1000).toFixed(1).padStart(9)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.peakRssMb.toFixed(0).padStart(13)}\n`,
    );
  }
  process.stdout.write('targets (ours): build ≤ 90 s, p50 ≤ 30 ms (the residents\' law-questions issue), peak RSS ≤ 1500 MB\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
