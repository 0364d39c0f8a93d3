// The index on disk: built once, loaded while the knowledge is unchanged, rebuilt (never silently
// reused) when a source, the embedding or the files themselves change.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { LocalEmbeddings, LOCAL_EMBEDDINGS_ID } from '../../src/search/embeddings/local.js';
import { openIndex, type EmbeddingsChoice } from '../../src/search/index-store.js';
import { pino } from 'pino';
import { knowledgeDir, lawsDir, tempDir } from '../helpers/paths.js';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import { embeddingsChoice } from '../../src/answer/index.js';
import { loadConfig } from '../../src/config.js';

function recordingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
  return { logger, lines };
}

const local: EmbeddingsChoice = { id: { provider: 'local', model: LOCAL_EMBEDDINGS_ID }, create: () => new LocalEmbeddings() };

async function setup() {
  const laws = tempDir('qd-laws-');
  for (const f of fs.readdirSync(lawsDir).filter((n) => /行政处罚法|消防法/.test(n))) fs.copyFileSync(path.join(lawsDir, f), path.join(laws, f));
  const dataDir = tempDir('qd-data-');
  const { logger, lines } = recordingLogger();
  const kb = await loadKnowledge({ knowledgeDir, lawsDir: laws }, logger);
  return { laws, dataDir, logger, lines, kb };
}

describe('index store', () => {
  it('builds, then loads the same build while nothing changed', async () => {
    const { dataDir, logger, lines, kb } = await setup();
    const first = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    expect(lines.some((l) => l.includes('no index yet'))).toBe(true);
    const again = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    expect(again.dir).toBe(first.dir);
    expect(again.chunks.length).toBe(kb.chunks.length);
    const v = await again.embeddings.embedQuery('消防车通道');
    const hits = await again.vectors.similaritySearchVectorWithScore(v, 3);
    expect(hits.length).toBe(3);
  });

  it('rebuilds with a reason when a source file changes, and removes the old build', async () => {
    const { laws, dataDir, logger, lines, kb } = await setup();
    const first = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    const file = fs.readdirSync(laws).find((n) => n.includes('消防法'))!;
    fs.appendFileSync(path.join(laws, file), '\n第七十五条 本条为测试追加的文字。\n');
    const kb2 = await loadKnowledge({ knowledgeDir, lawsDir: laws }, logger);
    const second = await openIndex(dataDir, kb2.chunks, kb2.sources, local, logger);
    expect(second.dir).not.toBe(first.dir);
    expect(lines.some((l) => l.includes('index is stale') && l.includes('消防法'))).toBe(true);
    expect(fs.existsSync(first.dir)).toBe(false);
  });

  it('rebuilds when the embedding provider changes instead of mixing vectors', async () => {
    const { dataDir, logger, lines, kb } = await setup();
    const first = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    const server = await startFakeOpenAI([], { dimensions: 64 });
    try {
      const config = loadConfig({}, { EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_BASE_URL: server.baseUrl, EMBEDDINGS_API_KEY: 'test', EMBEDDINGS_MODEL: 'fake-embed' });
      const second = await openIndex(dataDir, kb.chunks, kb.sources, await embeddingsChoice(config), logger);
      expect(second.dir).not.toBe(first.dir);
      expect(second.manifest.embeddings).toEqual({ provider: 'openai', model: 'fake-embed', dimensions: 64 });
      expect(lines.some((l) => l.includes('embeddings changed'))).toBe(true);
      // Loading it again with the same provider reuses it (the vectors come from the fake server).
      const third = await openIndex(dataDir, kb.chunks, kb.sources, await embeddingsChoice(config), logger);
      expect(third.dir).toBe(second.dir);
    } finally {
      await server.close();
    }
  });

  it('rebuilds a corrupt index with a clear log line', async () => {
    const { dataDir, logger, lines, kb } = await setup();
    const first = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    fs.writeFileSync(path.join(first.dir, 'chunks.json'), '{ not json');
    const second = await openIndex(dataDir, kb.chunks, kb.sources, local, logger);
    expect(second.chunks.length).toBe(kb.chunks.length);
    expect(lines.some((l) => l.includes('corrupt'))).toBe(true);
  });
});
