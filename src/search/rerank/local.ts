// A cross-encoder inside the bot (RERANK_PROVIDER=local): an ONNX export of a sequence-classification model
// such as BAAI/bge-reranker-base or -v2-m3, through transformers.js. Each (question, passage) pair goes
// through the model together; its logit is the relevance. With one output the score is sigmoid(logit),
// as TEI reports it; with two (not relevant / relevant) it is the softmax of the second.
import type { Logger } from '../../logger.js';
import {
  loadModel,
  loadTransformers,
  ModelSetupError,
  type HubOptions,
  type LoadedModel,
  type ModelDtype,
  type ModelSource,
  type OnnxModel,
  type PackageImporter,
  tokenizeCapped,
} from '../embeddings/runtime.js';
import { checkScores, type Reranker } from './reranker.js';

export interface LocalRerankerOptions {
  source: ModelSource;
  dtype: ModelDtype;
  /** ONNX_THREADS: onnxruntime's threads per inference; 0 or unset: one per core. */
  threads?: number;
  /** Question and passage together are cut to this many tokens (the passage loses its end). */
  maxTokens: number;
  hub: HubOptions;
  /**
   * Pairs per model call, similar lengths together. Smaller pads less and stops sooner at the deadline: 1, 2, 4, 8
   * cost 707, 722, 771, 867 ms of CPU for 30 candidates on the bge-small-shaped stand-in (one thread).
   */
  microBatch?: number;
  logger?: Logger;
  importPackage?: PackageImporter;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One relevance per row of a [pairs, labels] logits tensor. */
export function relevance(logits: ArrayLike<number>, dims: readonly number[]): number[] {
  const [rows, labels] = [dims[0] ?? 0, dims[1] ?? 1];
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (labels === 1) {
      out.push(sigmoid(logits[r]!));
    } else {
      const a = logits[r * labels]!;
      const b = logits[r * labels + 1]!;
      out.push(1 / (1 + Math.exp(a - b)));
    }
  }
  return out;
}

export class LocalReranker implements Reranker {
  readonly label: string;
  private loaded: Promise<LoadedModel<OnnxModel>> | undefined;

  constructor(private readonly opts: LocalRerankerOptions) {
    this.label = `local ${opts.source.ref} (${opts.dtype})`;
  }

  async warm(): Promise<void> {
    await this.load();
  }

  private load(): Promise<LoadedModel<OnnxModel>> {
    this.loaded ??= (async () => {
      const { source, dtype, logger } = this.opts;
      const mod = await loadTransformers('RERANK_MODEL', this.opts.importPackage);
      const started = performance.now();
      const loaded = await loadModel(
        mod,
        (m) => m.AutoModelForSequenceClassification,
        source,
        { dtype, threads: this.opts.threads },
        { ...this.opts.hub, onDownload: (file) => logger?.info({ model: source.ref, file, into: source.dir }, 'downloading reranker model file') },
        'RERANK_MODEL',
      );
      logger?.info({ model: source.ref, dir: source.dir, dtype, ms: Math.round(performance.now() - started) }, 'local reranker loaded');
      return loaded;
    })();
    this.loaded.catch(() => {
      this.loaded = undefined;
    });
    return this.loaded;
  }

  async score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]> {
    if (passages.length === 0) return [];
    const { tokenizer, model } = await this.load();
    const size = this.opts.microBatch ?? 2;
    const order = passages.map((p, i) => [p.length, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    const scores = new Array<number>(passages.length);
    for (let start = 0; start < order.length; start += size) {
      // A question whose time is up stops between batches (a batch already running finishes).
      signal?.throwIfAborted();
      const idx = order.slice(start, start + size);
      const inputs = tokenizeCapped(tokenizer, idx.map(() => query), this.opts.maxTokens, idx.map((i) => passages[i]!));
      const { logits } = await model(inputs);
      if (!logits || logits.dims.length !== 2) {
        throw new ModelSetupError(`RERANK_MODEL ${this.opts.source.ref}: the ONNX model has no logits output [pairs, labels] (is it a sequence-classification export?)`);
      }
      relevance(logits.data as ArrayLike<number>, logits.dims).forEach((s, j) => (scores[idx[j]!] = s));
    }
    return checkScores(scores, passages.length, this.label);
  }
}
