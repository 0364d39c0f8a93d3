// RERANK_PROVIDER=local run for real: transformers.js and onnxruntime-node on a random-weight cross-encoder
// stand-in (bge-small-zh's tokenizer, a tiny BERT with a classification head, built by
// bench/models/build-standin.py). Its scores mean nothing; loading, pairing, batching and truncation are checked.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { buildStandin, TINY_SHAPE } from '../../../bench/models/standin.js';
import { loadConfig } from '../../../src/config.js';
import { relevance, LocalReranker } from '../../../src/search/rerank/local.js';
import { createRerankStage } from '../../../src/search/rerank/factory.js';
import { GuardedReranker } from '../../../src/search/rerank/guarded.js';
import { ModelSetupError, modelSource } from '../../../src/search/embeddings/runtime.js';
import { recordingLogger } from '../../helpers/logs.js';
import { modelTools } from '../../helpers/models.js';
import { tempDir } from '../../helpers/paths.js';
import { describeWithService } from '../../helpers/services.js';

const passages = Array.from({ length: 30 }, (_, i) => `第${i + 1}条 ${'任何单位、个人不得占用、堵塞、封闭疏散通道、安全出口、消防车通道。'.slice(0, 5 + ((i * 7) % 30))}`);

it('one logit is read as sigmoid, two as the softmax of "relevant"', () => {
  expect(relevance([0, 2], [2, 1])).toEqual([0.5, 1 / (1 + Math.exp(-2))]);
  expect(relevance([1, 1, 0, 3], [2, 2])[0]).toBeCloseTo(0.5);
  expect(relevance([1, 1, 0, 3], [2, 2])[1]).toBeCloseTo(1 / (1 + Math.exp(-3)));
});

describeWithService(modelTools, 'a local ONNX cross-encoder (stand-in weights)', () => {
  let dir: string;
  let twoLabels: string;
  beforeAll(() => {
    dir = buildStandin({ ...TINY_SHAPE, head: 'classification' }, 'bge-reranker-base');
    twoLabels = buildStandin({ ...TINY_SHAPE, head: 'classification', labels: 2 }, 'cross-encoder-2');
  });

  const reranker = (modelDir: string, dtype: 'fp32' | 'q8' = 'fp32', maxTokens = 512) =>
    new LocalReranker({ source: modelSource(modelDir, tempDir()), dtype, maxTokens, hub: { modelsDir: tempDir(), endpoint: 'http://127.0.0.1:9' } });

  it('scores 30 question–passage pairs in 0–1, each as it scores alone (padding masked, order restored)', async () => {
    for (const dtype of ['fp32', 'q8'] as const) {
      const r = reranker(dir, dtype);
      const scores = await r.score('消防车通道被占用怎么办', passages);
      expect(scores).toHaveLength(30);
      expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
      expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThan(20);
      for (const i of [0, 13, 29]) {
        const [alone] = await r.score('消防车通道被占用怎么办', [passages[i]!]);
        // q8 quantizes activations per batch (dynamic quantization, as real int8 exports do): close, not equal.
        if (dtype === 'fp32') expect(alone).toBeCloseTo(scores[i]!, 5);
        else expect(Math.abs(alone! - scores[i]!)).toBeLessThan(0.05);
      }
    }
  });

  it('a two-label head gives the probability of the second label', async () => {
    const scores = await reranker(twoLabels).score('罚款', passages.slice(0, 3));
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('a long passage is cut to RERANK_MAX_TOKENS with the question kept whole', async () => {
    const r = reranker(dir, 'fp32', 32);
    const long = '第一条'.repeat(300);
    const [cut] = await r.score('消防车通道', [long]);
    const [same] = await r.score('消防车通道', [long.slice(0, 100)]);
    // Only the first 32 tokens count: what lies past them cannot change the score.
    expect(cut).toBeCloseTo(same!, 6);
  });

  it('RERANK_PROVIDER=local loads the model at start (with ONNX_THREADS) and guards it', async () => {
    const { logger, lines } = recordingLogger();
    const stage = await createRerankStage(loadConfig({ RERANK_PROVIDER: 'local', RERANK_MODEL: dir, RERANK_DTYPE: 'q8', ONNX_THREADS: '1', DATA_DIR: tempDir() }), logger);
    expect(stage?.topN).toBe(30);
    expect(stage?.reranker).toBeInstanceOf(GuardedReranker);
    expect(lines.some((l) => l.includes('local reranker loaded') && l.includes('"dtype":"q8"'))).toBe(true);
    expect(await stage!.reranker.score('罚款', ['行政处罚', '劳动合同'])).toHaveLength(2);
  });

  it('a model that cannot be loaded is logged with what to do, and questions go on in the fused order', async () => {
    const { logger, lines } = recordingLogger();
    const missing = path.join(tempDir(), 'bge-reranker-base');
    expect(await createRerankStage(loadConfig({ RERANK_PROVIDER: 'local', RERANK_MODEL: missing, DATA_DIR: tempDir() }), logger)).toBeUndefined();
    expect(lines.some((l) => l.includes('the local reranker cannot be loaded') && l.includes(`no model folder at ${missing}`))).toBe(true);
    await expect(reranker(missing).score('x', ['y'])).rejects.toBeInstanceOf(ModelSetupError);
  });

  it('an encoder without a classification head is named as the wrong kind of export', async () => {
    const encoder = buildStandin(TINY_SHAPE, 'bge-small-zh-v1.5');
    await expect(reranker(encoder).score('x', ['y'])).rejects.toThrow(/no logits output|sequence-classification/);
  });
});
