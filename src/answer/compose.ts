// The extractive answer: the sentences that answer, quoted from the best passages with [n] markers —
// for a figure question the sentence holding the figure — and the passages as citations.
import type { Answer, Chunk, Citation } from '../domain.js';
import type { Hit } from '../search/retriever.js';
import { compact, splitSentences } from '../search/text.js';
import type { Bm25Index } from '../search/bm25.js';
import { MAX_ANSWER_CHARS, MAX_CITATIONS } from '../limits.js';
import type { AskedForm } from './report/question-form.js';
import { gapBefore, withLeadIns } from './compose/lead-in.js';
import { MAX_QUOTE_CHARS, pickSentences, WEIGHTS, type Sentence } from './compose/sentences.js';

export { hasFigure } from './compose/sentences.js';

export function toCitation(c: Chunk, score: number): Citation {
  const cit: Citation = { id: c.id, kind: c.kind, title: c.title, text: c.text, score: Math.round(score * 1000) / 1000 };
  if (c.year !== undefined) cit.year = c.year;
  if (c.section) cit.section = c.section;
  if (c.article) cit.article = c.article;
  return cit;
}

function sourceLabel(c: Chunk): string {
  if (c.kind === 'regulation') return `《${c.title}》${c.article ?? ''}`;
  return `${c.year ?? ''}年度报告${c.section ? `“${c.section.replace(/^([一二三四五六七八九十]+、)(（[一二三四五六七八九十]+）)?.*$/, '$1$2')}”部分` : ''}`;
}

export interface Composed {
  answer: Answer;
  quoted: Sentence[];
}

export interface ExtractiveRequest {
  question: string;
  expansions: string[];
  hits: Hit[];
  bm25: Bm25Index;
  wantsFigure: boolean;
  forms?: readonly AskedForm[];
  reportFirst?: boolean;
  disclaimer: string;
  preface?: string;
  /** Quote the best passage whole when it is short (a plan item reads as one thing). */
  wholePassage?: boolean;
}

/** The sentences to quote: the picked ones with their lead-ins, or a short plan item whole. */
function quotedSentences(opts: ExtractiveRequest): Sentence[] {
  const { hits } = opts;
  const picked = pickSentences(opts.question, opts.expansions, hits, opts.bm25, {
    wantsFigure: opts.wantsFigure,
    ...(opts.forms ? { forms: opts.forms } : {}),
    ...(opts.reportFirst ? { reportFirst: true } : {}),
  });
  // A plan item reads as one thing: quote whole the passage that holds the best sentence.
  const best = picked.reduce<Sentence | undefined>((a, s) => (a && a.score >= s.score ? a : s), undefined);
  const whole = opts.wholePassage && best ? hits[best.hit] : undefined;
  return whole && best && compact(whole.chunk.text).length <= MAX_QUOTE_CHARS + WEIGHTS.wholeSlack
    ? splitSentences(whole.chunk.text).map((text, pos) => ({ hit: best.hit, pos, text, score: 1 }))
    : withLeadIns(picked, hits);
}

/** The quotes as one text: each passage's lead-in ("《…》第七条规定：", "据…报告：") and its [n] after its last sentence. */
function quoteText(quoted: readonly Sentence[], hits: Hit[], order: readonly number[]): string {
  const marker = (hit: number) => `[${order.indexOf(hit) + 1}]`;
  return quoted
    .map((s, i) => {
      const c = hits[s.hit]!.chunk;
      const first = i === 0 || quoted[i - 1]!.hit !== s.hit;
      const last = i === quoted.length - 1 || quoted[i + 1]!.hit !== s.hit;
      const lead = first ? (c.kind === 'regulation' ? `${sourceLabel(c)}规定：` : `据${sourceLabel(c)}：`) : '';
      // The article number is already in the lead-in: "第七条 公民…" reads "公民…".
      const text = c.article && s.pos === 0 ? s.text.replace(/^第[零〇一二三四五六七八九十百千两]+条(之[一二三四五六七八九十])?\s*/, '') : s.text;
      return `${lead}${gapBefore(quoted[i - 1], s)}${text}${last ? marker(s.hit) : ''}`;
    })
    .join('');
}

/**
 * Builds the Answer from ranked hits. Citations: the quoted passages first (so [1], [2] point at them),
 * then the other strong hits, at most five.
 */
export function composeExtractive(opts: ExtractiveRequest): Composed {
  const { hits } = opts;
  const quoted = quotedSentences(opts);
  const order: number[] = [];
  for (const s of quoted) if (!order.includes(s.hit)) order.push(s.hit);
  hits.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  const citations = order.slice(0, MAX_CITATIONS).map((i) => toCitation(hits[i]!.chunk, hits[i]!.score));
  // A preface says which report (or that these are plans): it belongs to a quote from a report only.
  const fromReport = quoted[0] !== undefined && hits[quoted[0].hit]!.chunk.kind === 'report';
  let text = [fromReport ? (opts.preface ?? '') : '', quoteText(quoted, hits, order)].join('');
  const usesRegulation = quoted.some((s) => hits[s.hit]!.chunk.kind === 'regulation');
  if (usesRegulation && compact(text + opts.disclaimer).length <= MAX_ANSWER_CHARS) text += `\n${opts.disclaimer}`;
  return { answer: { answered: true, answer: text, citations, suggestions: [] }, quoted };
}
