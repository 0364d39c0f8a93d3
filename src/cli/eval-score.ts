// Scoring as ../shared/eval/README.md describes it, for any system that maps a question to an Answer.
import type { Answer } from '../domain.js';
import { MAX_ANSWER_CHARS } from '../limits.js';
import { compact } from '../search/text.js';

export interface EvalQuestion {
  id: string;
  kind: 'report' | 'law' | 'out';
  q: string;
  facts?: string[];
  law?: string;
  article?: string;
  /** Other articles that answer the question as well (our own sets). */
  alt?: { law: string; article: string }[];
  /** Topic questions: how many of `facts` a right answer states (default: all), and its length limit. */
  need?: number;
  maxChars?: number;
  /** Our own sets: "tune" may be looked at while improving the bot, "holdout" only measured. */
  split?: 'tune' | 'holdout';
  type?: string;
}

export interface QuestionResult {
  id: string;
  kind: EvalQuestion['kind'];
  correct: boolean;
  evidenceHit: boolean;
  reciprocalRank: number;
  answered: boolean;
  ms: number;
}

/** An answer is concise when it keeps the answer length limit. */
export const MAX_CONCISE_CHARS = MAX_ANSWER_CHARS;

export function scoreAnswer(q: EvalQuestion, a: Answer, ms: number): QuestionResult {
  const top5 = a.citations.slice(0, 5);
  const base = { id: q.id, kind: q.kind, answered: a.answered, ms };
  if (q.kind === 'out') return { ...base, correct: !a.answered, evidenceHit: false, reciprocalRank: 0 };
  if (q.kind === 'report') {
    const facts = (q.facts ?? []).map(compact);
    const need = q.need ?? facts.length;
    const text = compact(a.answer);
    const evidence = compact(top5.map((c) => c.text).join('\n'));
    const stated = facts.filter((f) => text.includes(f)).length;
    return {
      ...base,
      correct: a.answered && stated >= need && text.length <= (q.maxChars ?? MAX_CONCISE_CHARS),
      evidenceHit: facts.filter((f) => evidence.includes(f)).length >= need,
      reciprocalRank: 0,
    };
  }
  const golds = [{ law: q.law ?? '\u0000', article: q.article }, ...(q.alt ?? [])];
  const rank = a.citations.findIndex((c) => golds.some((g) => c.title.includes(g.law) && c.article === g.article));
  return { ...base, correct: a.answered && rank >= 0 && rank < 5, evidenceHit: rank >= 0 && rank < 5, reciprocalRank: rank >= 0 ? 1 / (rank + 1) : 0 };
}

export interface Summary {
  reportAccuracy: number;
  reportEvidence: number;
  lawHit5: number;
  lawMrr: number;
  outRefusal: number;
  falseRefusals: number;
  inScope: number;
  p50ms: number;
  p95ms: number;
  counts: Record<EvalQuestion['kind'], number>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

export function summarize(results: QuestionResult[]): Summary {
  const of = (k: EvalQuestion['kind']) => results.filter((r) => r.kind === k);
  const report = of('report');
  const law = of('law');
  const out = of('out');
  const inScope = [...report, ...law];
  return {
    reportAccuracy: mean(report.map((r) => +r.correct)),
    reportEvidence: mean(report.map((r) => +r.evidenceHit)),
    lawHit5: mean(law.map((r) => +r.evidenceHit)),
    lawMrr: mean(law.map((r) => r.reciprocalRank)),
    outRefusal: mean(out.map((r) => +r.correct)),
    falseRefusals: inScope.filter((r) => !r.answered).length,
    inScope: inScope.length,
    p50ms: percentile(results.map((r) => r.ms), 50),
    p95ms: percentile(results.map((r) => r.ms), 95),
    counts: { report: report.length, law: law.length, out: out.length },
  };
}
