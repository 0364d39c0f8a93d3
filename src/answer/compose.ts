// The extractive answer: the sentences that answer, quoted from the best passages with [n] markers —
// for a figure question the sentence holding the figure — and the passages as citations.
import type { Answer, Chunk, Citation } from '../domain.js';
import type { Hit } from '../search/retriever.js';
import { compact, splitSentences } from '../search/text.js';
import { terms } from '../search/tokenizer.js';
import type { Bm25Index } from '../search/bm25.js';
import { MAX_ANSWER_CHARS, MAX_CITATIONS } from '../limits.js';
import { withoutPlaceWords } from './report/district.js';
import { formBonus, type AskedForm } from './report/question-form.js';
import { gapBefore, withLeadIns } from './compose/lead-in.js';

const MAX_QUOTE_CHARS = 230;

const HAS_FIGURE = /\d+(\.\d+)?\s*(余|多)?\s*[个次家条起件批名场份项人天日年月%万亿元吨户期所场套台]|[一二三四五六七八九十百千两]+\s*(个|次|家|日|天|年|个月|级|倍|万元|元)/;

export function toCitation(c: Chunk, score: number): Citation {
  const cit: Citation = { id: c.id, kind: c.kind, title: c.title, text: c.text, score: Math.round(score * 1000) / 1000 };
  if (c.year !== undefined) cit.year = c.year;
  if (c.section) cit.section = c.section;
  if (c.article) cit.article = c.article;
  return cit;
}

interface Sentence {
  hit: number;
  pos: number;
  text: string;
  score: number;
}

/** A measure's headline, one short sentence after its marker, before the sentences that say what was done. */
const MEASURE_HEADLINE = /^[一二三四五六七八九十]是[^。；]{0,40}[。；]$/u;
const HEADING = /^[（(][一二三四五六七八九十]+[）)][^。]{0,60}。$/;

/**
 * Terms of a sentence, remembered: the same report and article sentences are scored for question after
 * question, and segmenting them again was most of an answer's time. Bounded, oldest out first.
 */
const TERM_CACHE_SIZE = 5000;
const termCache = new Map<string, Set<string>>();
function sentenceTerms(sentence: string): Set<string> {
  let t = termCache.get(sentence);
  if (!t) {
    t = new Set(terms(sentence));
    if (termCache.size >= TERM_CACHE_SIZE) termCache.delete(termCache.keys().next().value!);
    termCache.set(sentence, t);
  }
  return t;
}

function sentenceScorer(question: string, expansions: string[], bm25: Bm25Index): (sentence: string) => number {
  const q = new Map<string, number>();
  for (const t of terms(withoutPlaceWords(question))) q.set(t, bm25.idf(t));
  for (const t of terms(expansions.join(' '))) if (!q.has(t)) q.set(t, bm25.idf(t) * 0.5);
  const total = [...q.values()].reduce((a, b) => a + b, 0) || 1;
  return (s: string) => {
    const have = sentenceTerms(s);
    let got = 0;
    for (const [t, w] of q) if (have.has(t)) got += w;
    return got / total;
  };
}

export interface SentenceChoice {
  wantsFigure: boolean;
  /** The forms the question asks for (a list, who, when, whether): sentences that have them gain. */
  forms?: readonly AskedForm[];
  /** A question about what the district did: the best sentence comes from the report when it can. */
  reportFirst?: boolean;
}

/** Picks the sentences to quote: the best one, and a neighbour or second passage when it adds to it. */
export function pickSentences(question: string, expansions: string[], hits: Hit[], bm25: Bm25Index, choice: SentenceChoice): Sentence[] {
  const score = sentenceScorer(question, expansions, bm25);
  const all: Sentence[] = [];
  const top = choice.reportFirst ? (hits.find((h) => h.chunk.kind === 'report')?.score ?? hits[0]?.score) : hits[0]?.score;
  const candidates = hits.slice(0, 3).flatMap((h, hi) => splitSentences(h.chunk.text).map((text, pos) => ({ h, hi, pos, text, overlap: score(text) })));
  const mostOverlap = Math.max(0, ...candidates.map((c) => c.overlap));
  for (const { h, hi, pos, text, overlap } of candidates) {
    let s = overlap * (1 - 0.12 * hi) + 0.25 * Math.min(1, h.score / (top || 1));
    if (choice.wantsFigure && HAS_FIGURE.test(text)) s += 0.3;
    // The forms are how the report states what was done ("未发生…", "…等六大工作机制"), worth as much
    // as the sentence is about the question: a list on another subject does not answer. The laws'
    // answers are ranked as they were.
    if (choice.forms?.length && h.chunk.kind === 'report' && mostOverlap > 0) s += formBonus(choice.forms, text, question) * (overlap / mostOverlap);
    if (compact(text).length < 6) s -= 0.5;
    // A section heading or a measure's headline names the topic; the sentences after it are the answer.
    if (HEADING.test(text) || MEASURE_HEADLINE.test(text)) s -= 0.15;
    all.push({ hit: hi, pos, text, score: s });
  }
  all.sort((a, b) => b.score - a.score);
  // Report first: the law is quoted beside the report's sentence, not instead of it.
  const best = (choice.reportFirst ? all.find((s) => hits[s.hit]!.chunk.kind === 'report') : undefined) ?? all[0];
  if (!best) return [];
  const chosen = [best];
  let len = compact(best.text).length;
  if (HEADING.test(best.text) || MEASURE_HEADLINE.test(best.text)) {
    const next = all.find((s) => s.hit === best.hit && s.pos === best.pos + 1);
    if (next) {
      chosen.push(next);
      len += compact(next.text).length;
    }
  }
  for (const s of all.filter((x) => x !== best).slice(0, 5)) {
    if (s.score < best.score * 0.75) break;
    const l = compact(s.text).length;
    if (len + l > MAX_QUOTE_CHARS) continue;
    if (s.hit === best.hit || s.hit === 1) {
      chosen.push(s);
      len += l;
    }
    if (chosen.length >= 2) break;
  }
  return chosen.sort((a, b) => a.hit - b.hit || a.pos - b.pos);
}

export function hasFigure(text: string): boolean {
  return HAS_FIGURE.test(text);
}

function sourceLabel(c: Chunk): string {
  if (c.kind === 'regulation') return `《${c.title}》${c.article ?? ''}`;
  return `${c.year ?? ''}年度报告${c.section ? `“${c.section.replace(/^([一二三四五六七八九十]+、)(（[一二三四五六七八九十]+）)?.*$/, '$1$2')}”部分` : ''}`;
}

export interface Composed {
  answer: Answer;
  quoted: Sentence[];
}

/**
 * Builds the Answer from ranked hits. Citations: the quoted passages first (so [1], [2] point at them),
 * then the other strong hits, at most five.
 */
export function composeExtractive(opts: {
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
}): Composed {
  const { hits } = opts;
  const picked = pickSentences(opts.question, opts.expansions, hits, opts.bm25, {
    wantsFigure: opts.wantsFigure,
    ...(opts.forms ? { forms: opts.forms } : {}),
    ...(opts.reportFirst ? { reportFirst: true } : {}),
  });
  // A plan item reads as one thing: quote whole the passage that holds the best sentence.
  const best = picked.reduce<Sentence | undefined>((a, s) => (a && a.score >= s.score ? a : s), undefined);
  const whole = opts.wholePassage && best ? hits[best.hit] : undefined;
  const quoted =
    whole && best && compact(whole.chunk.text).length <= MAX_QUOTE_CHARS + 70
      ? splitSentences(whole.chunk.text).map((text, pos) => ({ hit: best.hit, pos, text, score: 1 }))
      : withLeadIns(picked, hits);
  const order: number[] = [];
  for (const s of quoted) if (!order.includes(s.hit)) order.push(s.hit);
  hits.forEach((_, i) => {
    if (!order.includes(i)) order.push(i);
  });
  const citations = order.slice(0, MAX_CITATIONS).map((i) => toCitation(hits[i]!.chunk, hits[i]!.score));
  const marker = (hit: number) => `[${order.indexOf(hit) + 1}]`;

  const parts: string[] = [];
  quoted.forEach((s, i) => {
    const c = hits[s.hit]!.chunk;
    const first = i === 0 || quoted[i - 1]!.hit !== s.hit;
    const last = i === quoted.length - 1 || quoted[i + 1]!.hit !== s.hit;
    const lead = first ? (c.kind === 'regulation' ? `${sourceLabel(c)}规定：` : `据${sourceLabel(c)}：`) : '';
    // The article number is already in the lead-in: "第七条 公民…" reads "公民…".
    const text = c.article && s.pos === 0 ? s.text.replace(/^第[零〇一二三四五六七八九十百千两]+条(之[一二三四五六七八九十])?\s*/, '') : s.text;
    parts.push(`${lead}${gapBefore(quoted[i - 1], s)}${text}${last ? marker(s.hit) : ''}`);
  });
  // A preface says which report (or that these are plans): it belongs to a quote from a report only.
  const fromReport = quoted[0] !== undefined && hits[quoted[0].hit]!.chunk.kind === 'report';
  let text = [fromReport ? (opts.preface ?? '') : '', parts.join('')].join('');
  const usesRegulation = quoted.some((s) => hits[s.hit]!.chunk.kind === 'regulation');
  if (usesRegulation && compact(text + opts.disclaimer).length <= MAX_ANSWER_CHARS) text += `\n${opts.disclaimer}`;
  return { answer: { answered: true, answer: text, citations, suggestions: [] }, quoted };
}
