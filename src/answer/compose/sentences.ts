// Which sentences of the best passages answer: each scored by the question's words it holds (weighted by
// idf), the passage's rank and score, a figure for a figure question and the forms asked for; the best is
// quoted, with its neighbour or a second passage's sentence when that adds to it.
import type { Hit } from '../../search/retriever.js';
import { compact, splitSentences } from '../../search/text.js';
import { terms } from '../../search/tokenizer.js';
import type { Bm25Index } from '../../search/bm25.js';
import { charClass, countingUnits, inOrder } from '../../knowledge/lexicons.js';
import { remembered } from '../remembered.js';
import { withoutPlaceWords } from '../report/district.js';
import { formBonus, type AskedForm } from '../report/question-form.js';

/** The quoted sentences stay well within MAX_ANSWER_CHARS: room for the lead-ins, markers and the disclaimer. */
export const MAX_QUOTE_CHARS = 230;

/**
 * How sentences are scored and chosen. Hand-set, not fitted: each was tried against npm run eval (dev report
 * answer accuracy, law hit@5) and the it.each tables of test/answer/answer-question.test.ts, which guard them.
 */
export const WEIGHTS = {
  /** A word the thesaurus added counts half a question word: it is a guess at what was meant. */
  expansion: 0.5,
  /** The 2nd and 3rd passages' sentences lose this share of their overlap per rank. */
  rankPenalty: 0.12,
  /** What the passage's retrieval score, relative to the best one's, adds. */
  retrieval: 0.25,
  /** A figure question, and a sentence holding a figure. */
  figure: 0.3,
  /** A fragment (under 6 characters) says nothing alone. */
  fragment: 0.5,
  /** A heading or a measure's headline names the topic; the sentences after it are the answer. */
  heading: 0.15,
  /** A second sentence is quoted only when it scores at least this share of the best. */
  second: 0.75,
  /** A short passage quoted whole (a plan item) may run this far past MAX_QUOTE_CHARS. */
  wholeSlack: 70,
} as const;

let hasFigurePattern: RegExp | undefined;
/** A figure stated: digits or Chinese numerals before a counting unit (knowledge/counting-units.json, stated). */
function statedFigure(): RegExp {
  const { stated } = countingUnits();
  return (hasFigurePattern ??= new RegExp(`\\d+(\\.\\d+)?\\s*(余|多)?\\s*${charClass(stated.afterDigits)}|[一二三四五六七八九十百千两]+\\s*(${inOrder(stated.afterNumerals)})`));
}

export interface Sentence {
  hit: number;
  pos: number;
  text: string;
  score: number;
}

/** A measure's headline, one short sentence after its marker, before the sentences that say what was done. */
const MEASURE_HEADLINE = /^[一二三四五六七八九十]是[^。；]{0,40}[。；]$/u;
const HEADING = /^[（(][一二三四五六七八九十]+[）)][^。]{0,60}。$/;

/** Terms of a sentence, remembered: the same report and article sentences are scored for question after question. */
const sentenceTerms = remembered(5000, (sentence) => new Set(terms(sentence)));

function sentenceScorer(question: string, expansions: string[], bm25: Bm25Index): (sentence: string) => number {
  const q = new Map<string, number>();
  for (const t of terms(withoutPlaceWords(question))) q.set(t, bm25.idf(t));
  for (const t of terms(expansions.join(' '))) if (!q.has(t)) q.set(t, bm25.idf(t) * WEIGHTS.expansion);
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

const isHeading = (text: string): boolean => HEADING.test(text) || MEASURE_HEADLINE.test(text);

/** Every sentence of the top three passages, scored, best first. */
function scoreSentences(question: string, expansions: string[], hits: Hit[], bm25: Bm25Index, choice: SentenceChoice): Sentence[] {
  const score = sentenceScorer(question, expansions, bm25);
  const all: Sentence[] = [];
  const top = choice.reportFirst ? (hits.find((h) => h.chunk.kind === 'report')?.score ?? hits[0]?.score) : hits[0]?.score;
  const candidates = hits.slice(0, 3).flatMap((h, hi) => splitSentences(h.chunk.text).map((text, pos) => ({ h, hi, pos, text, overlap: score(text) })));
  const mostOverlap = Math.max(0, ...candidates.map((c) => c.overlap));
  for (const { h, hi, pos, text, overlap } of candidates) {
    let s = overlap * (1 - WEIGHTS.rankPenalty * hi) + WEIGHTS.retrieval * Math.min(1, h.score / (top || 1));
    if (choice.wantsFigure && statedFigure().test(text)) s += WEIGHTS.figure;
    // The forms are how the report states what was done ("未发生…", "…等六大工作机制"), worth as much
    // as the sentence is about the question: a list on another subject does not answer. The laws'
    // answers are ranked as they were.
    if (choice.forms?.length && h.chunk.kind === 'report' && mostOverlap > 0) s += formBonus(choice.forms, text, question) * (overlap / mostOverlap);
    if (compact(text).length < 6) s -= WEIGHTS.fragment;
    if (isHeading(text)) s -= WEIGHTS.heading;
    all.push({ hit: hi, pos, text, score: s });
  }
  return all.sort((a, b) => b.score - a.score);
}

/** Picks the sentences to quote: the best one, and a neighbour or second passage when it adds to it. */
export function pickSentences(question: string, expansions: string[], hits: Hit[], bm25: Bm25Index, choice: SentenceChoice): Sentence[] {
  const all = scoreSentences(question, expansions, hits, bm25, choice);
  // Report first: the law is quoted beside the report's sentence, not instead of it.
  const best = (choice.reportFirst ? all.find((s) => hits[s.hit]!.chunk.kind === 'report') : undefined) ?? all[0];
  if (!best) return [];
  const chosen = [best];
  let len = compact(best.text).length;
  const next = isHeading(best.text) ? all.find((s) => s.hit === best.hit && s.pos === best.pos + 1) : undefined;
  if (next) {
    chosen.push(next);
    len += compact(next.text).length;
  }
  for (const s of all.filter((x) => x !== best).slice(0, 5)) {
    if (s.score < best.score * WEIGHTS.second) break;
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
  return statedFigure().test(text);
}
