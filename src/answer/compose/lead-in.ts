// Quotes that stand on their own: an article's item ("（三）划定警戒区，实行局部交通管制；") completes the
// sentence that introduces it ("火灾现场总指挥根据扑救火灾的需要，有权决定下列事项："). A quoted item
// brings its lead-in along; the items skipped between them are marked "……" when the quote is written.
import type { Hit } from '../../search/retriever.js';
import { splitSentences } from '../../search/text.js';
import { ITEM_LINE } from '../../knowledge/regulation.js';

export interface QuotedSentence {
  hit: number;
  pos: number;
  text: string;
  score: number;
}

/** A sentence that ends by introducing what follows: "…有权决定下列事项：". */
const INTRODUCES = /[：:]\s*$/u;

/** The lead-in of the item at `pos`: the nearest sentence before it that is not an item and introduces. */
export function leadInOf(sentences: readonly string[], pos: number): number | undefined {
  for (let p = pos - 1; p >= 0; p--) {
    const s = sentences[p]!.trim();
    if (ITEM_LINE.test(s)) continue;
    return INTRODUCES.test(s) ? p : undefined;
  }
  return undefined;
}

/** The quoted sentences with the lead-in of every quoted regulation item added, in passage order. */
export function withLeadIns(quoted: readonly QuotedSentence[], hits: readonly Hit[]): QuotedSentence[] {
  const out = [...quoted];
  for (const s of quoted) {
    const chunk = hits[s.hit]?.chunk;
    if (chunk?.kind !== 'regulation' || !ITEM_LINE.test(s.text.trim())) continue;
    const sentences = splitSentences(chunk.text);
    const lead = leadInOf(sentences, s.pos);
    if (lead !== undefined && !out.some((x) => x.hit === s.hit && x.pos === lead)) out.push({ hit: s.hit, pos: lead, text: sentences[lead]!, score: s.score });
  }
  return out.sort((a, b) => a.hit - b.hit || a.pos - b.pos);
}

/** "……" between a lead-in and an item it does not directly precede. */
export function gapBefore(prev: QuotedSentence | undefined, s: QuotedSentence): string {
  return prev && prev.hit === s.hit && s.pos > prev.pos + 1 && INTRODUCES.test(prev.text.trim()) ? '……' : '';
}
