// The hybrid search behind LangChain's retriever interface, on the real index: chains that expect a
// BaseRetriever get passages with their citation metadata.
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCore } from '../../src/answer/index.js';
import type { Chunk } from '../../src/domain.js';
import { HybridRetriever } from '../../src/search/retriever.js';
import { realCore } from '../helpers/core.js';

let core: LoadedCore;
beforeAll(async () => {
  ({ core } = await realCore());
});

describe('HybridRetriever', () => {
  it('returns the statute passage for the words it uses, with article and score', async () => {
    const docs = await new HybridRetriever(core.deps.search, 5).invoke('占用堵塞消防车通道');
    expect(docs).toHaveLength(5);
    const top = docs[0]!.metadata as Chunk & { score: number };
    expect(top.shortTitle).toBe('消防法');
    // The duty (第二十八条) and its penalty (第六十条) both use these words.
    expect(docs.map((d) => (d.metadata as Chunk).article)).toContain('第二十八条');
    expect(docs[0]!.pageContent).toBe(top.text);
    expect(top.score).toBeGreaterThan(0);
  });

  it('honours filters and exclusions in the hybrid search', async () => {
    const hits = await core.deps.search.search({ text: '安全生产', filter: (c) => c.kind === 'report', k: 4 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.chunk.kind === 'report')).toBe(true);
    const again = await core.deps.search.search({ text: '安全生产', filter: (c) => c.kind === 'report', exclude: new Set([hits[0]!.chunk.id]), k: 4 });
    expect(again.map((h) => h.chunk.id)).not.toContain(hits[0]!.chunk.id);
  });
});
