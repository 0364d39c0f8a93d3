// A topic answer ("安全生产方面做了哪些工作"): one line per measure, each with its key facts, within one
// length for the whole answer. Room goes to the clauses that carry the most (figures, names, results,
// the question's words) in the measures most about the question; every measure keeps its headline.
import type { Measure } from '../../domain.js';
import { MAX_CITATIONS } from '../../limits.js';
import { compact } from '../../search/text.js';
import { grams } from '../staff/topics.js';
import { lineLength, measureFacts, opener, renderLine, topicShare, type Clause, type MeasureFacts } from './fact-lines.js';

/** At most this many measures: one citation per line, and an answer has at most MAX_CITATIONS. */
export const MAX_TOPIC_LINES = MAX_CITATIONS;
// The shares below are hand-set, not fitted; test/answer/report/fact-lines.test.ts and the topic answers of
// test/answer/staff/answer-staff.test.ts guard them.
/** A measure much less about the question than the best one is left out ("行政应诉" in a section on 信访). */
export const MIN_RELATIVE_RELEVANCE = 0.3;
/** Measures count as clearly about the question from this share of its words on. */
export const SPECIFIC_RELEVANCE = 0.5;
/** A plain action clause (no figure, name or list; score 0) still gets room when there is some left. */
const NEUTRAL_CLAUSE = 0.5;
/** Room for a sentence on another subject comes after the rest (its words may still be the subject's). */
const OFF_SUBJECT = 0.3;
/** "1. " before and "[n]" after a line, and its line break. */
const LINE_OVERHEAD = 7;

export interface TopicLine {
  measure: Measure;
  text: string;
}

interface Candidate {
  measure: Measure;
  facts: MeasureFacts;
  relevance: number;
}

/**
 * The measures a topic answer lists, at most MAX_TOPIC_LINES, in report order. When some measures are
 * clearly about the question (half its words or more), the ones much less about it are left out; when
 * none is, the section as a whole is the answer.
 */
function chooseMeasures(measures: readonly Measure[], topic: readonly string[]): Candidate[] {
  const all = measures.map((measure) => ({ measure, facts: measureFacts(measure.text, topic), relevance: topicShare(topic, measure.text) }));
  const best = Math.max(0, ...all.map((c) => c.relevance));
  const relevant = best >= SPECIFIC_RELEVANCE ? all.filter((c) => c.relevance >= best * MIN_RELATIVE_RELEVANCE) : all;
  const top = new Set([...relevant].sort((a, b) => b.relevance - a.relevance).slice(0, MAX_TOPIC_LINES));
  return relevant.filter((c) => top.has(c));
}

/** A sentence on another subject than the question's, where the measure has sentences on it ("上访总量" under "行政应诉"). */
const offSubject = (c: Candidate, clause: Clause): boolean => clause.sentenceShare === 0 && c.facts.clauses.some((x) => x.sentenceShare > 0);

/** How much room a clause deserves: what it carries, in a measure about the question, in a sentence about it. */
const priority = (c: Candidate, clause: Clause): number => (clause.score + NEUTRAL_CLAUSE) * (0.5 + c.relevance) * (offSubject(c, clause) ? OFF_SUBJECT : 1);

/**
 * Lines for `measures`, together at most `budget` characters (whitespace not counted). `topic` is the
 * question's topic words ("安全生产").
 */
export function topicLines(measures: readonly Measure[], topic: string, budget: number): TopicLine[] {
  const topicGrams = [...new Set(grams(topic))];
  const chosen = chooseMeasures(measures, topicGrams);
  const picked = new Map<Candidate, Set<Clause>>(chosen.map((c) => [c, new Set()]));
  let used = chosen.reduce((n, c) => n + LINE_OVERHEAD + (c.facts.headline ? compact(c.facts.headline).length + 2 : 1), 0);
  const take = (c: Candidate, clause: Clause): boolean => {
    const set = picked.get(c)!;
    if (set.has(clause)) return true;
    const open = opener(c.facts.clauses, clause);
    const needed = [clause, ...(open && !set.has(open) ? [open] : [])];
    const cost = needed.reduce((n, x) => n + compact(x.text).length + 1, 0);
    if (used + cost > budget) return false;
    for (const x of needed) set.add(x);
    used += cost;
    return true;
  };
  // A measure without a 一是 headline shows at least its best clause.
  for (const c of chosen) {
    if (c.facts.headline) continue;
    const best = [...c.facts.clauses].sort((a, b) => b.score - a.score)[0];
    if (best) take(c, best);
  }
  const ranked = chosen
    .flatMap((c) => c.facts.clauses.filter((x) => x.score >= 0).map((clause) => ({ c, clause, priority: priority(c, clause) })))
    .sort((a, b) => b.priority - a.priority);
  for (const { c, clause } of ranked) take(c, clause);
  return chosen.map((c) => ({ measure: c.measure, text: renderLine(c.facts, picked.get(c)!) }));
}

export { lineLength };
