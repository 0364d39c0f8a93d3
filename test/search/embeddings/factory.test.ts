// Remote embeddings through the real LangChain clients against fake servers on loopback.
import os from 'node:os';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { BatchedEmbeddings } from '../../../src/search/embeddings/batched.js';
import { createEmbeddings, embeddingsId } from '../../../src/search/embeddings/factory.js';
import { LOCAL_EMBEDDINGS_ID, LocalEmbeddings } from '../../../src/search/embeddings/local.js';
import { createProgress } from '../../../src/search/embeddings/progress.js';
import { EmbeddingsSetupError, TransformersEmbeddings } from '../../../src/search/embeddings/transformers.js';
import { staleReason, INDEX_SCHEMA, type IndexManifest } from '../../../src/search/manifest.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import type { FakeServer } from '../../fakes/http.js';
import { fakeVector } from '../../fakes/vectors.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const texts = Array.from({ length: 150 }, (_, i) => `第${i}条 行政机关实施行政处罚，应当遵循公正、公开的原则。${i}`);
const local = () => new LocalEmbeddings({ dimensions: 16 });

describe('createEmbeddings', () => {
  it('EMBEDDINGS_PROVIDER=openai posts batches of EMBEDDINGS_BATCH_SIZE to /v1/embeddings', async () => {
    const fake = await startFakeOpenAI([], { dimensions: 8 });
    servers.push(fake);
    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_BASE_URL: fake.baseUrl, EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_BATCH_SIZE: '64' });
    const emb = createEmbeddings(config, local);
    const vectors = await emb.embedDocuments(texts);
    expect(vectors).toHaveLength(150);
    expect(vectors[7]!.map((x) => +x.toFixed(5))).toEqual(fakeVector(texts[7]!, 8).map((x) => +x.toFixed(5)));
    const sizes = fake.embeddingRequests().map((r) => (r.body.input as string[]).length);
    expect(sizes).toEqual([64, 64, 22]);
    expect(fake.embeddingRequests()[0]!.body.model).toBe('bge-m3');
    expect((await emb.embedQuery('行政处罚')).length).toBe(8);
  });

  it('EMBEDDINGS_PROVIDER=ollama posts batches to /api/embed', async () => {
    const fake = await startFakeOllama([], { dimensions: 12 });
    servers.push(fake);
    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_BASE_URL: fake.baseUrl, EMBEDDINGS_BATCH_SIZE: '100' });
    const vectors = await createEmbeddings(config, local).embedDocuments(texts);
    expect(vectors[149]).toEqual(fakeVector(texts[149]!, 12));
    expect(fake.embedRequests().map((r) => (r.body.input as string[]).length)).toEqual([100, 50]);
    expect(fake.embedRequests()[0]!.body.model).toBe('bge-m3');
  });

  it('EMBEDDINGS_PROVIDER=local is the built-in embedding, untouched', () => {
    const emb = createEmbeddings(loadConfig({}), local);
    expect(emb).toBeInstanceOf(LocalEmbeddings);
  });

  it('a local model folder is a transformers.js model behind the batching wrapper; a missing folder is named', async () => {
    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'local', EMBEDDINGS_MODEL: path.join(os.tmpdir(), 'no-such-model-dir') });
    const emb = createEmbeddings(config, local);
    expect(emb).toBeInstanceOf(BatchedEmbeddings);
    expect((emb as BatchedEmbeddings).inner).toBeInstanceOf(TransformersEmbeddings);
    // Without the optional package the error gives its install command; with it, the missing folder.
    await expect(emb.embedQuery('x')).rejects.toBeInstanceOf(EmbeddingsSetupError);
    await expect(emb.embedQuery('x')).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=skip npm install|no model folder at .*no-such-model-dir/);
  });
});

describe('embeddingsId and the index manifest', () => {
  it.each([
    [{}, { provider: 'local', model: LOCAL_EMBEDDINGS_ID }],
    [
      { EMBEDDINGS_MODEL: '/models/bge-small-zh' },
      { provider: 'transformers', model: '/models/bge-small-zh', settings: 'dtype=fp32 pooling=cls normalize=true query="为这个句子生成表示以用于检索相关文章：" passage="" maxTokens=512' },
    ],
    [{ EMBEDDINGS_PROVIDER: 'openai' }, { provider: 'openai', model: 'text-embedding-3-small' }],
    [{ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'bge-m3' }, { provider: 'ollama', model: 'bge-m3' }],
  ])('%j → %j', (env, id) => {
    expect(embeddingsId(loadConfig(env))).toEqual(id);
  });

  it('switching providers makes the recorded index stale, so it is rebuilt rather than mixed', async () => {
    const fake = await startFakeOllama([], { dimensions: 12 });
    servers.push(fake);
    const openaiId = embeddingsId(loadConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'bge-m3' }));
    const manifest: IndexManifest = { schema: INDEX_SCHEMA, builtAt: '', buildMs: 0, embeddings: { ...openaiId, dimensions: 8 }, chunks: 0, sources: [] };
    expect(staleReason(manifest, [], openaiId)).toBeUndefined();

    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_BASE_URL: fake.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' });
    const [v] = await createEmbeddings(config, local).embedDocuments(['行政处罚']);
    const ollamaId = { ...embeddingsId(config), dimensions: v!.length };
    expect(staleReason(manifest, [], ollamaId)).toMatch(/openai\/bge-m3 to ollama\/bge-m3/);
    expect(staleReason(manifest, [], { ...openaiId, dimensions: 12 })).toMatch(/dimensions/);
  });
});

describe('BatchedEmbeddings progress', () => {
  class Counting extends Embeddings {
    calls: number[] = [];
    constructor() {
      super({});
    }
    override embedDocuments(t: string[]) {
      this.calls.push(t.length);
      return Promise.resolve(t.map(() => [1, 0]));
    }
    override embedQuery() {
      return Promise.resolve([1, 0]);
    }
  }

  it('draws a bar on a terminal only, with the total announced by expectTotal', async () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => (written.push(s), true) };
    const inner = new Counting();
    const emb = new BatchedEmbeddings(inner, { batchSize: 10, progress: createProgress('embedding', tty, () => 0) });
    emb.expectTotal(25);
    await emb.embedDocuments(texts.slice(0, 15));
    await emb.embedDocuments(texts.slice(15, 25));
    emb.finish();
    expect(inner.calls).toEqual([10, 5, 10]);
    expect(written.at(-2)).toContain('25/25 100%');
    expect(written.at(-1)).toBe('\n');

    const piped: string[] = [];
    const quiet = new BatchedEmbeddings(new Counting(), { batchSize: 10, progress: createProgress('embedding', { write: (s) => (piped.push(s), true) }) });
    await quiet.embedDocuments(texts.slice(0, 30));
    expect(piped).toEqual([]);
  });

  it('rejects a provider that returns fewer vectors than texts', async () => {
    class Short extends Counting {
      override embedDocuments(t: string[]) {
        return Promise.resolve(t.slice(1).map(() => [1, 0]));
      }
    }
    await expect(new BatchedEmbeddings(new Short(), { batchSize: 4 }).embedDocuments(['a', 'b'])).rejects.toThrow(/1 vectors for 2 texts/);
  });
});
