// npm run bench:models [-- --base] [--sweep] [--rounds N] [--rerank-questions N]
// Latency of models inside the bot, on random-weight stand-ins of the real shapes (bench/models/standin.ts:
// bge-small-zh-v1.5's 4 layers × 512; with --base also bge-reranker-base's 12 × 768 encoder), beside the
// built-in lexical path, over the development and residents' questions and the real index. The stand-ins'
// outputs mean nothing: this measures time and memory, never quality. --sweep also times micro-batch sizes.
// Memory is measured in a child process per model (RSS added by loading it and running it once).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_SHAPE, BGE_SMALL_SHAPE, buildStandin, onnxPython, tinyEncoderDir } from './models/standin.js';
import { repoRoot } from './common.js';
import { loadConfig } from '../src/config.js';
import { loadCore } from '../src/answer/index.js';
import { createLogger } from '../src/logger.js';
import { resolveFamily } from '../src/search/embeddings/families.js';
import { modelSource, transformersAvailable, type ModelDtype } from '../src/search/embeddings/runtime.js';
import { TransformersEmbeddings } from '../src/search/embeddings/transformers.js';
import { embeddingText } from '../src/search/index-store.js';
import { LocalReranker } from '../src/search/rerank/local.js';
import { HybridSearch } from '../src/search/retriever.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const rounds = option('--rounds', 1);
/** Reranking is the slow part: the first N questions (all of them for the search rows). */
const rerankQuestions = option('--rerank-questions', 40);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

function questions(): string[] {
  const files = [path.resolve(repoRoot, '../shared/eval/dev-questions.jsonl'), path.join(repoRoot, 'eval/resident-questions.jsonl')];
  return files
    .filter((f) => fs.existsSync(f))
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
}

/**
 * Wall time and CPU time (all threads of the process) of each call. On a machine shared with other work the wall
 * time grows with the load; the CPU time of a one-thread run is what the work itself costs.
 */
interface Timings {
  wall: number[];
  cpu: number[];
}
async function time<T>(xs: T[], run: (x: T) => Promise<unknown>): Promise<Timings> {
  const out: Timings = { wall: [], cpu: [] };
  for (let r = 0; r < rounds; r++) {
    for (const x of xs) {
      const c = process.cpuUsage();
      const t = performance.now();
      await run(x);
      out.wall.push(performance.now() - t);
      const used = process.cpuUsage(c);
      out.cpu.push((used.user + used.system) / 1000);
    }
  }
  return out;
}

const sweep = args.includes('--sweep');

/** In a child process: the RSS that loading one model and running it once adds, in MB. */
async function memoryChild(kind: string, dir: string, dtype: ModelDtype): Promise<void> {
  await transformersAvailable(); // the package itself is not the model's cost
  const hub = { modelsDir: os.tmpdir(), endpoint: 'http://127.0.0.1:9' };
  const before = process.memoryUsage().rss;
  if (kind === 'embedding') {
    const emb = new TransformersEmbeddings({ source: modelSource(dir, hub.modelsDir), family: resolveFamily(dir), dtype, maxTokens: 512, hub });
    await emb.embedDocuments(['行政机关实施行政处罚，应当告知当事人享有陈述、申辩的权利。'.repeat(8)]);
  } else {
    const r = new LocalReranker({ source: modelSource(dir, hub.modelsDir), dtype, maxTokens: 512, hub });
    await r.score('我被罚款了不服怎么办', Array(30).fill('行政机关实施行政处罚，应当告知当事人享有陈述、申辩的权利。'.repeat(8)));
  }
  process.stdout.write(JSON.stringify({ mb: (process.memoryUsage().rss - before) / 1024 / 1024 }));
}

function memoryOf(kind: string, dir: string, dtype: ModelDtype): string {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--memory-child', kind, dir, dtype], { encoding: 'utf8' });
  try {
    return `+${(JSON.parse(r.stdout) as { mb: number }).mb.toFixed(0)} MB`;
  } catch {
    return `not measured (${r.stderr.split('\n')[0]})`;
  }
}

const rows: string[][] = [['measure', 'wall p50 ms', 'wall p95 ms', 'CPU p50 ms', 'note']];
const row = (label: string, t: Timings, note = '') => {
  rows.push([label, ms(percentile(t.wall, 50)), ms(percentile(t.wall, 95)), ms(percentile(t.cpu, 50)), note]);
  process.stderr.write(`  ${label}: p50 ${ms(percentile(t.wall, 50))} ms (CPU ${ms(percentile(t.cpu, 50))} ms)\n`);
};
const threadsLabel = (threads: number) => (threads ? `${threads} thread` : 'threads: one per core');

async function main(): Promise<void> {
  if (!(await transformersAvailable())) throw new Error('needs the optional package: ONNXRUNTIME_NODE_INSTALL=skip npm install');
  if (!onnxPython()) throw new Error('needs python3 with onnx to build the stand-ins: apt-get install -y python3-onnx');
  if (!fs.existsSync(tinyEncoderDir)) throw new Error(`needs ../shared/models beside the repository (${tinyEncoderDir})`);
  process.stderr.write('building stand-ins (random weights) …\n');
  const encoderDir = buildStandin(BGE_SMALL_SHAPE, 'bge-small-zh-v1.5');
  const crossDir = buildStandin({ ...BGE_SMALL_SHAPE, head: 'classification' }, 'cross-encoder-bge-small-shape');
  const baseDir = args.includes('--base') ? buildStandin({ ...BASE_SHAPE, head: 'classification' }, 'cross-encoder-base-shape') : undefined;

  const lawsDir = process.env.LAWS_DIR ?? path.resolve(repoRoot, '../shared/knowledge-sources/regulations');
  const config = loadConfig({}, { KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'), LAWS_DIR: lawsDir, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-models-')), LOG_LEVEL: 'warn' });
  const logger = createLogger('warn');
  const { deps } = await loadCore(config, logger);
  const qs = questions();
  const lexical = deps.search;
  const hub = { modelsDir: path.join(config.dataDir, 'models'), endpoint: 'http://127.0.0.1:9' };
  process.stderr.write(`${qs.length} questions, ${lexical.chunks.length} chunks, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

  // The path every question takes today: BM25 + the built-in embedding, fused; no model.
  row('search, built-in (lexical-only path), k=8', await time(qs, (q) => lexical.search({ text: q, k: 8 })), 'RERANK_PROVIDER=none');
  const candidates = new Map<string, string[]>();
  for (const q of qs) candidates.set(q, (await lexical.search({ text: q, k: 30 })).map((h) => embeddingText(h.chunk)));

  const memory: string[] = [];
  // Every 9th chunk: reports and laws alike (the index starts with the report).
  const passages = lexical.chunks.filter((_, i) => i % 9 === 0).slice(0, 128).map(embeddingText);
  for (const dtype of ['q8', 'fp32'] as ModelDtype[]) {
    for (const threads of [0, 1]) {
      const emb = new TransformersEmbeddings({ source: modelSource(encoderDir, hub.modelsDir), family: resolveFamily(encoderDir), dtype, threads, maxTokens: 512, hub });
      await emb.warm();
      await emb.embedQuery('预热');
      if (!threads) memory.push(`embedding, bge-small shape, ${dtype}: ${memoryOf('embedding', encoderDir, dtype)} RSS (loaded, one 240-token passage embedded)`);
      row(`question embedding, bge-small shape, ${dtype}, ${threadsLabel(threads)}`, await time(qs, (q) => emb.embedQuery(q)), 'target ≤ 10 ms');
      const tokens = (await emb.encode(passages, 'passage')).map((ids) => ids.length);
      const meanTokens = Math.round(tokens.reduce((a, b) => a + b, 0) / tokens.length);
      for (const size of sweep && dtype === 'q8' && !threads ? [8, 16, 32] : [8]) {
        const batched = new TransformersEmbeddings({ ...emb.opts, microBatch: size });
        await batched.warm();
        const t = await time([passages], (ps) => batched.embedDocuments(ps));
        const per = (x: number[]) => ms(x[0]! / passages.length);
        rows.push([`passage embedding, ${dtype}, ${threadsLabel(threads)}, micro-batch ${size}`, per(t.wall), '', per(t.cpu), `per passage (${passages.length} chunks, mean ${meanTokens} tokens)`]);
        process.stderr.write(`  passages ${dtype} threads ${threads} batch ${size}: ${per(t.wall)} ms each\n`);
      }
    }
  }

  const rq = qs.slice(0, rerankQuestions);
  // Which runs: micro-batch sizes and threads for the q8 bge-small shape; one run each otherwise. The base shape is
  // an order of magnitude slower: a quarter of the questions tell its time well enough, and fp32 is left out.
  const runs: { shape: string; dir: string; dtype: ModelDtype; threads: number; sizes: number[]; sample: string[] }[] = [
    { shape: 'bge-small shape', dir: crossDir, dtype: 'q8', threads: 0, sizes: sweep ? [1, 2, 4, 8, 30] : [2], sample: rq },
    { shape: 'bge-small shape', dir: crossDir, dtype: 'q8', threads: 1, sizes: [2], sample: rq },
    { shape: 'bge-small shape', dir: crossDir, dtype: 'fp32', threads: 0, sizes: [2], sample: rq },
    ...(baseDir
      ? [0, 1].map((threads) => ({ shape: 'base shape (12×768)', dir: baseDir, dtype: 'q8' as ModelDtype, threads, sample: rq.slice(0, Math.max(5, Math.floor(rq.length / 4))), sizes: [2] }))
      : []),
  ];
  for (const { shape, dir, dtype, threads, sizes, sample } of runs) {
    const source = modelSource(dir, hub.modelsDir);
    const reranker = new LocalReranker({ source, dtype, threads, maxTokens: 512, hub });
    await reranker.warm();
    await reranker.score('预热', ['预热']);
    if (!threads) memory.push(`cross-encoder, ${shape}, ${dtype}: ${memoryOf('reranker', dir, dtype)} RSS (loaded, 30 pairs of 240 tokens scored)`);
    for (const size of sizes) {
      const r = new LocalReranker({ source, dtype, threads, maxTokens: 512, hub, microBatch: size });
      await r.warm();
      row(`rerank 30 candidates, ${shape}, ${dtype}, ${threadsLabel(threads)}, micro-batch ${size}`, await time(sample, (q) => r.score(q, candidates.get(q)!)), `target ≤ 400 ms; ${sample.length} questions`);
    }
    if (shape === 'bge-small shape' && dtype === 'q8' && !threads) {
      const withStage = new HybridSearch(lexical.stored, { ranker: lexical.ranker, ...(lexical.bridge ? { bridge: lexical.bridge } : {}), rerank: { reranker, topN: 30, logger } });
      row(`search + rerank top 30, ${shape}, ${dtype}, ${threadsLabel(threads)}`, await time(rq, (q) => withStage.search({ text: q, k: 8 })), `beside the lexical-only path; ${rq.length} questions`);
    }
  }

  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)) + 2);
  process.stdout.write(`\n${qs.length} questions × ${rounds} round(s); ${lexical.chunks.length} chunks; ${os.cpus().length} cores; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('Random-weight stand-ins of the real shapes: time and memory only, no quality.\n\n');
  process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('')).join('\n') + '\n\n');
  process.stdout.write(memory.join('\n') + '\n');
}

(args[0] === '--memory-child' ? memoryChild(args[1]!, args[2]!, args[3] as ModelDtype) : main()).catch((err: unknown) => {
  process.stderr.write(`bench:models failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
