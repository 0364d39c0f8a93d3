// The district's ranking examples: our own labelled questions (the tune part of eval/{law,report,resident}-
// questions and the development questions; never the holdout parts) over the 15 texts and the report, each
// with its candidates and which of them answer it. The ranker learns from them beside STARD's (fit-ranker.ts).
import path from 'node:path';
import type { HybridSearch } from '../search/retriever.js';
import { rankingExample } from '../search/learn/folds-corpus.js';
import type { RankingExample } from '../search/learn/listwise.js';
import fs from 'node:fs';
import { lawKey } from '../knowledge/linked-questions.js';
import { compact } from '../search/text.js';
import type { Hit } from '../search/retriever.js';

export interface Labelled {
  id: string;
  q: string;
  kind: 'law' | 'report' | 'out';
  law?: string;
  article?: string;
  alt?: { law: string; article: string }[];
  facts?: string[];
  split?: string;
}

export function read(file: string): Labelled[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled);
}

export function answers(q: Labelled, h: Pick<Hit, "chunk">): boolean {
  const c = h.chunk;
  if (q.kind === 'law') {
    return [{ law: q.law ?? '', article: q.article ?? '' }, ...(q.alt ?? [])].some((g) => lawKey(c.title).includes(lawKey(g.law)) && c.article === g.article);
  }
  const text = compact(c.text);
  return c.kind === 'report' && (q.facts ?? []).some((f) => text.includes(compact(f)));
}

/** The labelled questions the district's parts learn from: answerable ones, holdout parts left out. */
export function districtQuestions(repo: string, shared: string) {
  return [
    ...['eval/law-questions.jsonl', 'eval/report-questions.jsonl', 'eval/resident-questions.jsonl'].flatMap((f) => read(path.join(repo, f))),
    ...read(path.join(shared, 'eval/dev-questions.jsonl')),
  ].filter((q) => q.kind !== 'out' && q.split !== 'holdout');
}

export async function districtExamples(search: HybridSearch, repo: string, shared: string): Promise<RankingExample[]> {
  const out: RankingExample[] = [];
  for (const q of districtQuestions(repo, shared)) out.push(await rankingExample(search, q.q, (doc) => answers(q, { chunk: search.chunks[doc]! })));
  return out;
}
