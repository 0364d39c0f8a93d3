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

function grounded(n: StatedNumber, sources: StatedNumber[]): boolean {
  const same = sources.filter((s) => s.value === n.value);
  if (same.length === 0) return false;
  // An approximate figure must stay approximate and an exact one exact: "30000余份" is not "30000份".
  return same.some((s) => s.approx === n.approx);
}

/**
 * Accepts `text` only when it cites at least one passage, every [n] is one of `passages` (numbered
 * 1..passages.length), and every number it states appears in the passages it cites.
 */
export function guardAnswer(text: string, passages: Citation[]): GuardResult {
  const markers = citationMarkers(text);
  if (markers.length === 0) return { ok: false, reason: 'the answer cites no passage' };
  const unknown = markers.filter((n) => n < 1 || n > passages.length);
  if (unknown.length) {
    return { ok: false, reason: `the answer cites [${unknown[0]}] but only ${passages.length} passage(s) were retrieved` };
  }
  const cited = [...new Set(markers)].map((n) => passages[n - 1]!);
  const sources = statedNumbers(cited.map(citationFacts).join('\n'));
  for (const n of statedNumbers(text, { strict: true })) {
    if (!grounded(n, sources)) {
      const what = sources.some((s) => s.value === n.value) ? 'with a different 余/多/约/近' : 'which the cited passages do not state';
      return { ok: false, reason: `the answer states "${n.raw.trim()}" ${what}` };
    }
  }
  return { ok: true };
}
