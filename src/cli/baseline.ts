// The yardstick: MiniSearch BM25 over the same chunks, Intl.Segmenter word tokens — as in
// ../shared/eval/README.md. It always answers with its top passage.
import MiniSearch from 'minisearch';
import type { Answer, Chunk } from '../domain.js';
import { toCitation } from '../answer/compose.js';
import { MAX_CITATIONS } from '../limits.js';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
export const segmentWords = (text: string): string[] => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);

export class MiniSearchBaseline {
  private readonly ms: MiniSearch<{ id: number; text: string }>;

  constructor(private readonly chunks: readonly Chunk[]) {
    this.ms = new MiniSearch({ fields: ['text'], storeFields: [], tokenize: segmentWords, idField: 'id' });
    this.ms.addAll(chunks.map((c, id) => ({ id, text: c.text })));
  }

  answer(question: string): Answer {
    const hits = this.ms.search(question).slice(0, MAX_CITATIONS); // cites as many as ours may
    const citations = hits.map((h) => toCitation(this.chunks[h.id as number]!, h.score));
    return { answered: true, answer: citations[0]?.text ?? '', citations, suggestions: [] };
  }
}
