// The check a generated answer must pass before anyone reads it. A model may cite a passage that was
// never retrieved or state a figure the sources do not hold; either would put words in the district's
// mouth. Pure and fast (well under a millisecond for an answer), so it can run on every reply.
import type { Citation } from '../../domain.js';
import { statedNumbers, type StatedNumber } from './numbers.js';

export type GuardResult = { ok: true } | { ok: false; reason: string };

/** The [n] markers of a text, in order of appearance (repeats kept). */
export function citationMarkers(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

/** Everything a citation shows the reader, so a year or article number in its heading counts as stated. */
function citationFacts(c: Citation): string {
  return [c.title, c.year === undefined ? '' : `${c.year}年`, c.section ?? '', c.article ?? '', c.text].join('\n');
}

/** Why `n` is not grounded in the passages' numbers, or undefined when it is. */
function ungrounded(n: StatedNumber, sources: StatedNumber[]): string | undefined {
  const same = sources.filter((s) => s.value === n.value);
  if (same.length === 0) return 'which the cited passages do not state';
  // Figures are kept exactly as written: "3万" for "30000", "八" for "8" or "95%" for "百分之九十五"
  // say the same but no longer quote the report (and the reader cannot find them in the source).
  const written = same.filter((s) => s.form === n.form);
  if (written.length === 0) return `written differently from the cited passages ("${same[0]!.raw.trim()}")`;
  // An approximate figure must stay approximate and an exact one exact: "30000余份" is not "30000份".
  if (!written.some((s) => s.approx === n.approx)) return 'with a different 余/多/约/近 from the cited passages';
  return undefined;
}

/**
 * Accepts `text` only when it cites at least one passage, every [n] is one of `passages` (numbered
 * 1..passages.length), and every number it states appears, written the same way, in the passages it cites
 * (or is a year the question names).
 */
export function guardAnswer(text: string, passages: Citation[], opts: { question?: string } = {}): GuardResult {
  const markers = citationMarkers(text);
  if (markers.length === 0) return { ok: false, reason: 'the answer cites no passage' };
  const unknown = markers.filter((n) => n < 1 || n > passages.length);
  if (unknown.length) {
    return { ok: false, reason: `the answer cites [${unknown[0]}] but only ${passages.length} passage(s) were retrieved` };
  }
  const cited = [...new Set(markers)].map((n) => passages[n - 1]!);
  // The year the person asked about may be named back ("2024年的安排"): retrieval already scoped the
  // passages to it, and a plan's text rarely repeats its own year.
  const askedYears = statedNumbers(opts.question ?? '').filter((n) => !isCount(n) && n.before !== '第');
  const sources = [...statedNumbers(cited.map(citationFacts).join('\n')), ...askedYears];
  for (const n of statedNumbers(text, { strict: true })) {
    const why = ungrounded(n, sources);
    if (why) return { ok: false, reason: `the answer states "${n.raw.trim()}" ${why}` };
  }
  return { ok: true };
}

/** A figure the reader asked for, not a year or an article number that only places it. */
function isCount(n: StatedNumber): boolean {
  return n.before !== '第' && !(n.after === '年' && n.value >= 1900 && n.value <= 2100);
}

/**
 * The figures of the extractive answer that `text` leaves out (years and article numbers aside).
 * The extractive answer holds the sentences that answer the question; a rewrite that drops their
 * figures answers less, so it is not worth the fluency.
 */
export function droppedFigures(text: string, extractive: string): string[] {
  const kept = statedNumbers(text, { strict: true });
  return statedNumbers(extractive, { strict: true })
    .filter(isCount)
    .filter((n) => !kept.some((k) => k.form === n.form && k.approx === n.approx))
    .map((n) => n.raw.trim());
}
