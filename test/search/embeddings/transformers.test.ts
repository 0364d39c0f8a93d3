// The local embedding model path run for real: transformers.js and onnxruntime-node on the random-weight
// stand-in of shared/models (bge-small-zh's real tokenizer, a tiny BERT). Its vectors mean nothing; what is
// checked is loading, prefixes on the tokenized input, pooling, batching and truncation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { namedCopy, tinyEncoderDir } from '../../../bench/models/standin.js';
import { loadConfig } from '../../../src/config.js';
import { BatchedEmbeddings } from '../../../src/search/embeddings/batched.js';
import { createEmbeddings } from '../../../src/search/embeddings/factory.js';
import { LocalEmbeddings } from '../../../src/search/embeddings/local.js';
import { ModelSetupError } from '../../../src/search/embeddings/runtime.js';
import { TransformersEmbeddings } from '../../../src/search/embeddings/transformers.js';
import { recordingLogger } from '../../helpers/logs.js';
import { describeWithService } from '../../helpers/services.js';
import { transformersPackage } from '../../helpers/models.js';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
const norm = (a: number[]) => Math.hypot(...a);

function embedder(modelDir: string, env: Record<string, string> = {}, logger = recordingLogger().logger): TransformersEmbeddings {
  const config = loadConfig({ EMBEDDINGS_MODEL: modelDir, DATA_DIR: os.tmpdir(), ...env });
  const emb = createEmbeddings(config, () => new LocalEmbeddings(), logger);
  expect(emb).toBeInstanceOf(BatchedEmbeddings);
  return (emb as BatchedEmbeddings).inner as TransformersEmbeddings;
}

describeWithService(transformersPackage, 'a local ONNX embedding model (stand-in weights)', () => {
  let bgeDir: string;
  let e5Dir: string;
  let m3eDir: string;
  beforeAll(() => {
    // Family detection reads the folder's name: the same stand-in files under the names of real models.
    bgeDir = namedCopy(tinyEncoderDir, 'bge-small-zh-v1.5');
    e5Dir = namedCopy(tinyEncoderDir, 'multilingual-e5-small');
    m3eDir = namedCopy(tinyEncoderDir, 'm3e-base');
  });

  it('bge-zh: the instruction goes before questions, not passages, and the log says what was used', async () => {
    const { logger, lines } = recordingLogger();
    const emb = embedder(bgeDir, {}, logger);
    const [q] = await emb.encode(['消防通道被堵了怎么办'], 'query');
    const [p] = await emb.encode(['消防通道被堵了怎么办'], 'passage');
    expect(await emb.decode(q!)).toBe('[CLS] 为 这 个 句 子 生 成 表 示 以 用 于 检 索 相 关 文 章 ： 消 防 通 道 被 堵 了 怎 么 办 [SEP]');
    expect(await emb.decode(p!)).toBe('[CLS] 消 防 通 道 被 堵 了 怎 么 办 [SEP]');
    const loaded = lines.find((l) => l.includes('local embedding model loaded'))!;
    expect(JSON.parse(loaded)).toMatchObject({ family: 'bge-zh', pooling: 'cls', dtype: 'fp32', queryPrefix: '为这个句子生成表示以用于检索相关文章：', passagePrefix: '' });
  });

  it('e5: "query: " and "passage: "; an unknown model: no prefixes, and a warning naming the settings', async () => {
    const e5 = embedder(e5Dir);
    expect(await e5.decode((await e5.encode(['罚款'], 'query'))[0]!)).toBe('[CLS] query : 罚 款 [SEP]');
    expect(await e5.decode((await e5.encode(['罚款'], 'passage'))[0]!)).toBe('[CLS] passage : 罚 款 [SEP]');
    const { logger, lines } = recordingLogger();
    const unknown = embedder(tinyEncoderDir, {}, logger);
    expect(await unknown.decode((await unknown.encode(['罚款'], 'query'))[0]!)).toBe('[CLS] 罚 款 [SEP]');
    expect(lines.some((l) => l.includes('no known family') && l.includes('EMBEDDINGS_POOLING'))).toBe(true);
    const custom = embedder(tinyEncoderDir, { EMBEDDINGS_QUERY_PREFIX: '问：' });
    expect(await custom.decode((await custom.encode(['罚款'], 'query'))[0]!)).toBe('[CLS] 问 ： 罚 款 [SEP]');
  });

  it('CLS and mean pooling give different vectors; bge-zh vectors are unit length, m3e ones are not normalised', async () => {
    const text = '行政机关实施行政处罚，应当告知当事人享有陈述、申辩的权利。';
    const [cls] = await embedder(bgeDir).embedDocuments([text]);
    const [mean] = await embedder(m3eDir).embedDocuments([text]);
    expect(cls).toHaveLength(64);
    expect(norm(cls!)).toBeCloseTo(1, 5);
    expect(norm(mean!)).not.toBeCloseTo(1, 2);
    expect(cosine(cls!, mean!)).toBeLessThan(0.99);
  });

  it('a batch gives each text the vector it gets alone (padding masked, order restored), for both poolings', async () => {
    const texts = ['罚款', '消防车通道被占用，应当如何处理？', '劳动合同', '生产经营单位必须为从业人员提供符合国家标准或者行业标准的劳动防护用品，并监督、教育从业人员按照使用规则佩戴、使用。'];
    for (const dir of [bgeDir, m3eDir]) {
      const emb = embedder(dir);
      const batch = await emb.embedDocuments(texts);
      for (const [i, t] of texts.entries()) {
        const [alone] = await emb.embedDocuments([t]);
        expect(cosine(batch[i]!, alone!)).toBeGreaterThan(0.9999);
      }
      // Different texts, different vectors (meaningless ones, but distinct).
      expect(cosine(batch[0]!, batch[1]!)).toBeLessThan(0.999);
    }
  });

  it('long texts are cut to EMBEDDINGS_MAX_TOKENS and still end with [SEP], as the Python tokenizers do', async () => {
    const emb = embedder(bgeDir, { EMBEDDINGS_MAX_TOKENS: '64' });
    const [ids] = await emb.encode(['第一条'.repeat(200)], 'passage');
    expect(ids).toHaveLength(64);
    expect(ids!.at(-1)).toBe(102);
    const [v] = await emb.embedDocuments(['第一条'.repeat(200)]);
    expect(v).toHaveLength(64);
  });

  it('q8 reads onnx/model_quantized.onnx: other vectors, same size', async () => {
    const text = '占用消防车通道';
    const fp32 = await embedder(bgeDir).embedQuery(text);
    const q8 = await embedder(bgeDir, { EMBEDDINGS_DTYPE: 'q8' }).embedQuery(text);
    expect(q8).toHaveLength(fp32.length);
    expect(q8).not.toEqual(fp32);
  });

  it('a folder without the weights of the chosen dtype says which files are missing', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qd-model-')), 'bge-small-zh-v1.5');
    fs.mkdirSync(dir);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(tinyEncoderDir, f), path.join(dir, f));
    const err = await embedder(dir, { EMBEDDINGS_DTYPE: 'q8' }).embedQuery('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelSetupError);
    expect(String(err)).toContain(`${dir} lacks onnx/model_quantized.onnx`);
    const none = await embedder(path.join(dir, 'nothing-here')).embedQuery('x').catch((e: unknown) => e);
    expect(String(none)).toMatch(/no model folder at .*nothing-here/);
  });
});
