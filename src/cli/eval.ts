// npm run eval -- [--questions FILE]: our figures beside the MiniSearch baseline's, one run.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { loadCore } from '../answer/index.js';
import { answerQuestion, type AnswerDeps } from '../answer/answer-question.js';
import { LinkResolver } from '../knowledge/linked-questions.js';
import type { GoldQuestion } from '../search/learn/folds-corpus.js';
import { foldOf } from '../search/learn/folds.js';
import { createLogger } from '../logger.js';
import type { Answer } from '../domain.js';
import { MiniSearchBaseline } from './baseline.js';
import { scoreAnswer, summarize, type EvalQuestion, type QuestionResult, type Summary } from './eval-score.js';

function stardDeclines(file: string, chunks: AnswerDeps['search']['chunks']): EvalQuestion[] {
  const resolver = new LinkResolver(chunks);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldQuestion)
    .filter((q) => foldOf(q.id) === 0 && resolver.resolve(q.gold).size === 0)
    .map((q) => ({ id: q.id, kind: 'out', q: q.q }));
}

function readQuestions(files: string[], split?: string): EvalQuestion[] {
  return files
    .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion)
    .filter((q) => !split || q.split === split);
}

async function run(qs: EvalQuestion[], ask: (q: string) => Promise<Answer> | Answer): Promise<QuestionResult[]> {
  const out: QuestionResult[] = [];
  for (const q of qs) {
    const t = performance.now();
    const a = await ask(q.q);
    out.push(scoreAnswer(q, a, performance.now() - t));
  }
  return out;
}

const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));
function table(rows: [string, Summary][]): string {
  const lines = [['', ...rows.map(([n]) => n)]];
  const add = (label: string, get: (s: Summary) => string) => lines.push([label, ...rows.map(([, s]) => get(s))]);
  add('report answer accuracy', (s) => f(s.reportAccuracy));
  add('report evidence hit@5', (s) => f(s.reportEvidence));
  add('law article hit@5', (s) => f(s.lawHit5));
  add('law MRR', (s) => f(s.lawMrr));
  add('out-of-scope refusal', (s) => f(s.outRefusal));
  add('false refusals (in-scope)', (s) => `${s.falseRefusals}/${s.inScope}`);
  add('p50 ms / query', (s) => s.p50ms.toFixed(2));
  add('p95 ms / query', (s) => s.p95ms.toFixed(2));
  const w = lines[0]!.map((_, i) => Math.max(...lines.map((l) => [...l[i]!].length)) + 2);
  return lines.map((l) => l.map((c, i) => c.padEnd(w[i]!)).join('')).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // --questions takes one file or several, comma-separated; --split tune|holdout keeps one part of our own sets.
  const qi = args.indexOf('--questions');
  const si = args.indexOf('--split');
  const files = qi >= 0 ? args[qi + 1]!.split(',') : [path.resolve('../shared/eval/dev-questions.jsonl')];
  const file = files.map((f) => path.relative(process.cwd(), f)).join(', ');
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const qs = readQuestions(files, si >= 0 ? args[si + 1] : undefined);
  const { deps } = await loadCore(config, logger);
  // --stard-declines FILE: STARD's fold 0 (never learned from) whose articles are not loaded here, as questions to decline.
  // --ablate thesaurus,decision,routing,screen: answer without that part, to see what it contributes.
  const ab = args.indexOf('--ablate');
  for (const part of ab >= 0 ? args[ab + 1]!.split(',') : []) {
    if (part === 'thesaurus') deps.thesaurus = { entries: [] };
    else if (part === 'decision') delete deps.decision;
    else if (part === 'routing') delete deps.routing;
    else if (part === 'screen') delete deps.screen;
    else throw new Error(`--ablate: unknown part ${part} (thesaurus, decision, routing, screen)`);
  }
  const sd = args.indexOf('--stard-declines');
  if (sd >= 0) qs.push(...stardDeclines(args[sd + 1]!, deps.search.chunks));
  const now = new Date();
  const extractiveDeps = { ...deps, model: undefined };
  const ours = await run(qs, (q) => answerQuestion(q, extractiveDeps, { now }));
  const columns: [string, Summary][] = [['ours (extractive)', summarize(ours)]];
  // With a model configured, both modes side by side: the guard must keep the model's column as good.
  if (deps.model) columns.push([`ours (model ${deps.model.label})`, summarize(await run(qs, (q) => answerQuestion(q, deps, { now })))]);
  const baseline = new MiniSearchBaseline(deps.search.chunks);
  columns.push(['MiniSearch baseline', summarize(await run(qs, (q) => baseline.answer(q)))]);
  const s = columns[0]![1];
  process.stdout.write(`${qs.length} questions from ${file}${si >= 0 ? ` (${args[si + 1]})` : ''} (report ${s.counts.report}, law ${s.counts.law}, out ${s.counts.out})\n\n`);
  process.stdout.write(table(columns) + '\n');
  if (args.includes('--verbose')) {
    for (const r of ours) if (!r.correct) process.stdout.write(`✗ ${r.id} ${qs.find((q) => q.id === r.id)?.q} (answered=${r.answered}, evidence=${r.evidenceHit})\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`eval failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
