// Which pooling and prefixes each family of embedding models gets, and the pooling arithmetic itself.
// Pure: runs without the optional model package.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { embeddingsId } from '../../../src/search/embeddings/factory.js';
import { poolHidden, resolveFamily } from '../../../src/search/embeddings/families.js';
import { loadTransformers, modelSource, ModelSetupError } from '../../../src/search/embeddings/runtime.js';

const BGE_ZH = '为这个句子生成表示以用于检索相关文章：';

describe('model families', () => {
  it.each([
    ['BAAI/bge-small-zh-v1.5', 'bge-zh', 'cls', BGE_ZH, ''],
    ['Xenova/bge-base-zh-v1.5', 'bge-zh', 'cls', BGE_ZH, ''],
    ['/srv/models/bge-large-zh-v1.5', 'bge-zh', 'cls', BGE_ZH, ''],
    ['BAAI/bge-m3', 'bge-m3', 'cls', '', ''],
    ['/srv/models/bge-m3/', 'bge-m3', 'cls', '', ''],
    ['intfloat/multilingual-e5-small', 'e5', 'mean', 'query: ', 'passage: '],
    ['intfloat/e5-base-v2', 'e5', 'mean', 'query: ', 'passage: '],
    ['moka-ai/m3e-base', 'm3e', 'mean', '', ''],
    ['shibing624/text2vec-base-chinese', 'text2vec', 'mean', '', ''],
  ])('%s → %s, %s pooling, query prefix %j, passage prefix %j', (model, family, pooling, q, p) => {
    const r = resolveFamily(model);
    expect(r).toMatchObject({ family, pooling, queryPrefix: q, passagePrefix: p, from: { pooling: 'family', prefixes: 'family' } });
  });

  it('an unknown model gets mean pooling and no prefixes, marked as the default (the log warns)', () => {
    expect(resolveFamily('/srv/models/my-legal-embedder')).toMatchObject({ family: undefined, pooling: 'mean', queryPrefix: '', from: { pooling: 'default', prefixes: 'default' } });
    // The -instruct e5 models take a task description instead: not guessed.
    expect(resolveFamily('intfloat/multilingual-e5-large-instruct').family).toBeUndefined();
  });

  it('settings from config win over the family and are marked as such', () => {
    const r = resolveFamily('/srv/models/my-legal-embedder', { pooling: 'cls', queryPrefix: '查询：' });
    expect(r).toMatchObject({ pooling: 'cls', queryPrefix: '查询：', passagePrefix: '', from: { pooling: 'config', prefixes: 'config' } });
    expect(resolveFamily('BAAI/bge-small-zh-v1.5', { pooling: 'mean' })).toMatchObject({ pooling: 'mean', queryPrefix: BGE_ZH, from: { pooling: 'config', prefixes: 'family' } });
  });
});

describe('poolHidden', () => {
  // Two texts, three positions, two dimensions; the second text has one padding position.
  const hidden = [1, 0, 3, 4, 5, 6, /* text 2 */ 2, 2, 4, 0, 100, 100];
  const mask = [1n, 1n, 1n, 1n, 1n, 0n];

  it('cls takes the first token; mean averages the tokens the mask keeps, never the padding', () => {
    expect(poolHidden(hidden, [2, 3, 2], mask, 'cls', false)).toEqual([[1, 0], [2, 2]]);
    expect(poolHidden(hidden, [2, 3, 2], mask, 'mean', false)).toEqual([[3, 10 / 3], [3, 1]]);
  });

  it('normalises to unit length when asked', () => {
    const [v] = poolHidden([3, 4], [1, 1, 2], [1], 'cls', true);
    expect(v).toEqual([0.6, 0.8]);
  });
});

describe('model sources', () => {
  it.each([
    ['BAAI/bge-small-zh-v1.5', 'hub', '/data/models/BAAI/bge-small-zh-v1.5'],
    ['/srv/models/bge-small-zh-v1.5', 'folder', '/srv/models/bge-small-zh-v1.5'],
    ['./models/bge', 'folder', path.resolve('models/bge')],
    ['bge-small-zh-v1.5', 'folder', path.resolve('bge-small-zh-v1.5')],
  ])('%s is a %s read from %s', (ref, kind, dir) => {
    expect(modelSource(ref, '/data/models')).toEqual({ ref, kind, dir });
  });

  it('the manifest records the model and every setting that shapes its vectors', () => {
    const base = { EMBEDDINGS_MODEL: 'BAAI/bge-small-zh-v1.5', DATA_DIR: '/data' };
    const id = embeddingsId(loadConfig(base));
    expect(id).toEqual({
      provider: 'transformers',
      model: 'BAAI/bge-small-zh-v1.5',
      settings: `dtype=fp32 pooling=cls normalize=true query="${BGE_ZH}" passage="" maxTokens=512`,
    });
    expect(embeddingsId(loadConfig({ ...base, EMBEDDINGS_DTYPE: 'q8' })).settings).toContain('dtype=q8');
    expect(embeddingsId(loadConfig({ EMBEDDINGS_MODEL: '/srv/x', EMBEDDINGS_QUERY_PREFIX: 'query: ' })).settings).toContain('query="query: "');
  });
});

describe('the optional package', () => {
  it('its absence is a setup error that gives the install command', async () => {
    const absent = () => Promise.reject(new Error("Cannot find package '@huggingface/transformers'"));
    const err = await loadTransformers('EMBEDDINGS_MODEL', absent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelSetupError);
    expect(String(err)).toMatch(/EMBEDDINGS_MODEL .*@huggingface\/transformers.*ONNXRUNTIME_NODE_INSTALL=skip npm install/);
  });
});
