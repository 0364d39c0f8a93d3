// The index built with a model inside the bot: its manifest records the model and every setting that
// shapes the vectors, so changing the model, its dtype or its prefixes rebuilds the index rather than
// mixing vectors; an unchanged one is reused (and the model loaded before the first question).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { namedCopy, tinyEncoderDir } from '../../../bench/models/standin.js';
import { embeddingsChoice } from '../../../src/answer/index.js';
import { loadConfig } from '../../../src/config.js';
import { loadKnowledge, type KnowledgeBase } from '../../../src/knowledge/index.js';
import { openIndex } from '../../../src/search/index-store.js';
import { HybridSearch } from '../../../src/search/retriever.js';
import { recordingLogger } from '../../helpers/logs.js';
import { transformersPackage } from '../../helpers/models.js';
import { knowledgeDir, lawsDir, tempDir } from '../../helpers/paths.js';
import { describeWithService } from '../../helpers/services.js';

describeWithService(transformersPackage, 'an index built with a local ONNX model (stand-in weights)', () => {
  let kb: KnowledgeBase;
  let bge: string;
  beforeAll(async () => {
    const laws = tempDir('qd-laws-');
    for (const f of fs.readdirSync(lawsDir).filter((n) => /行政处罚法/.test(n))) fs.copyFileSync(path.join(lawsDir, f), path.join(laws, f));
    kb = await loadKnowledge({ knowledgeDir, lawsDir: laws }, recordingLogger().logger);
    bge = namedCopy(tinyEncoderDir, 'bge-small-zh-v1.5');
  });

  it('records model and settings, reuses the build while they hold, rebuilds with the reason when they change', async () => {
    const dataDir = tempDir('qd-data-');
    const { logger, lines } = recordingLogger();
    const open = async (env: Record<string, string>) => {
      const config = loadConfig({ DATA_DIR: dataDir, EMBEDDINGS_MODEL: bge, ...env });
      return openIndex(dataDir, kb.chunks, kb.sources, await embeddingsChoice(config, logger), logger);
    };
    const first = await open({});
    const weights = fs.statSync(path.join(tinyEncoderDir, 'onnx/model.onnx')).size;
    expect(first.manifest.embeddings).toEqual({
      provider: 'transformers',
      model: bge,
      dimensions: 64,
      settings: `dtype=fp32 pooling=cls normalize=true query="为这个句子生成表示以用于检索相关文章：" passage="" maxTokens=512 weights=${weights}`,
    });
    const hits = await new HybridSearch(first).search({ text: '当事人对行政处罚决定不服', k: 3 });
    expect(hits).toHaveLength(3);

    lines.length = 0;
    const same = await open({});
    expect(same.dir).toBe(first.dir);
    // Loaded on open, before any question.
    expect(lines.some((l) => l.includes('local embedding model loaded'))).toBe(true);

    const q8 = await open({ EMBEDDINGS_DTYPE: 'q8' });
    expect(q8.dir).not.toBe(first.dir);
    expect(lines.some((l) => l.includes('embedding settings changed') && l.includes('dtype=fp32') && l.includes('dtype=q8'))).toBe(true);

    const prefixed = await open({ EMBEDDINGS_DTYPE: 'q8', EMBEDDINGS_QUERY_PREFIX: '问：' });
    expect(prefixed.dir).not.toBe(q8.dir);

    const other = await open({ EMBEDDINGS_MODEL: namedCopy(tinyEncoderDir, 'm3e-base') });
    expect(other.dir).not.toBe(prefixed.dir);
    expect(lines.some((l) => l.includes('embeddings changed from transformers/') && l.includes('m3e-base'))).toBe(true);
  });
});
