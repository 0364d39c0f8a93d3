// An embedding model run inside the bot (EMBEDDINGS_PROVIDER=local with EMBEDDINGS_MODEL set to a folder
// or a hub id): tokenizer and ONNX encoder through transformers.js (runtime.ts), then the pooling and
// prefixes of the model's family (families.ts). Texts go through the encoder in micro-batches of similar
// length, so a short passage is not padded to the longest of its batch.
import { Embeddings } from '@langchain/core/embeddings';
import type { Logger } from '../../logger.js';
import { poolHidden, type ResolvedFamily } from './families.js';
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
  type TokenizerOutput,
  tokenizeCapped,
} from './runtime.js';

export { ModelSetupError as EmbeddingsSetupError } from './runtime.js';

export interface TransformersEmbeddingsOptions {
  source: ModelSource;
  family: ResolvedFamily;
  dtype: ModelDtype;
  /** ONNX_THREADS: onnxruntime's threads per inference; 0 or unset: one per core. */
  threads?: number;
  /** Longer texts are cut to this many tokens (the model's own limit when lower). */
  maxTokens: number;
  hub: HubOptions;
  /**
   * Texts per encoder call, similar lengths together. Smaller pads less: 8, 16, 32 cost 37, 42, 53 ms of CPU per
   * passage on the bge-small-shaped stand-in (bench/models.ts).
   */
  microBatch?: number;
  logger?: Logger;
  /** Tests: stands in for importing the optional package. */
  importPackage?: PackageImporter;
}

export type TextKind = 'query' | 'passage';

export class TransformersEmbeddings extends Embeddings {
  private loaded: Promise<LoadedModel<OnnxModel>> | undefined;

  constructor(readonly opts: TransformersEmbeddingsOptions) {
    super({});
  }

  get modelDir(): string {
    return this.opts.source.dir;
  }

  /** Loads the model now (the first question would otherwise pay for it). */
  async warm(): Promise<void> {
    await this.load();
  }

  private load(): Promise<LoadedModel<OnnxModel>> {
    this.loaded ??= (async () => {
      const { source, family, dtype, logger } = this.opts;
      const mod = await loadTransformers('EMBEDDINGS_MODEL', this.opts.importPackage);
      const started = performance.now();
      const loaded = await loadModel(mod, (m) => m.AutoModel, source, { dtype, threads: this.opts.threads }, { ...this.opts.hub, onDownload: (file) => logger?.info({ model: source.ref, file, into: source.dir }, 'downloading embedding model file') }, 'EMBEDDINGS_MODEL');
      const fields = {
        model: source.ref,
        dir: source.dir,
        dtype,
        family: family.family ?? 'unknown',
        pooling: family.pooling,
        normalize: family.normalize,
        queryPrefix: family.queryPrefix,
        passagePrefix: family.passagePrefix,
        settingsFrom: family.from,
        ms: Math.round(performance.now() - started),
      };
      if (family.family === undefined && family.from.pooling === 'default') {
        logger?.warn(fields, 'embedding model of no known family: mean pooling and no prefixes; set EMBEDDINGS_POOLING, EMBEDDINGS_QUERY_PREFIX, EMBEDDINGS_PASSAGE_PREFIX from its model card');
      } else {
        logger?.info(fields, 'local embedding model loaded');
      }
      return loaded;
    })();
    // A failed load is retried on the next call rather than cached forever.
    this.loaded.catch(() => {
      this.loaded = undefined;
    });
    return this.loaded;
  }

  private prefixed(texts: string[], kind: TextKind): string[] {
    const prefix = kind === 'query' ? this.opts.family.queryPrefix : this.opts.family.passagePrefix;
    return prefix ? texts.map((t) => prefix + t) : texts;
  }

  private tokenize(loaded: LoadedModel<OnnxModel>, texts: string[], kind: TextKind): TokenizerOutput {
    return tokenizeCapped(loaded.tokenizer, this.prefixed(texts, kind), this.opts.maxTokens);
  }

  /** The token ids the encoder is given for these texts (tests check prefixes and truncation on them). */
  async encode(texts: string[], kind: TextKind): Promise<number[][]> {
    const loaded = await this.load();
    const { input_ids: ids, attention_mask: mask } = this.tokenize(loaded, texts, kind);
    const seq = ids.dims[1]!;
    return texts.map((_, b) => {
      const row: number[] = [];
      for (let s = 0; s < seq; s++) if (Number(mask.data[b * seq + s]) !== 0) row.push(Number(ids.data[b * seq + s]));
      return row;
    });
  }

  /** Decodes token ids back to text (tests). */
  async decode(ids: number[]): Promise<string> {
    return (await this.load()).tokenizer.decode(ids);
  }

  private async embed(texts: string[], kind: TextKind): Promise<number[][]> {
    if (texts.length === 0) return [];
    const loaded = await this.load();
    const size = this.opts.microBatch ?? 8;
    // Similar lengths together: padding to the longest of a batch is wasted work.
    const order = texts.map((t, i) => [t.length, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    const out = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += size) {
      const idx = order.slice(start, start + size);
      const inputs = this.tokenize(loaded, idx.map((i) => texts[i]!), kind);
      const result = await loaded.model(inputs);
      const hidden = result.last_hidden_state;
      if (!hidden || hidden.dims.length !== 3) {
        throw new ModelSetupError(`EMBEDDINGS_MODEL ${this.opts.source.ref}: the ONNX model has no last_hidden_state output [batch, tokens, hidden] (is it an encoder export?)`);
      }
      const vectors = poolHidden(hidden.data as ArrayLike<number>, hidden.dims, inputs.attention_mask.data, this.opts.family.pooling, this.opts.family.normalize);
      idx.forEach((i, j) => (out[i] = vectors[j]!));
    }
    return out;
  }

  override embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embed(texts, 'passage');
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.embed([text], 'query');
    if (!v) throw new Error('the local model returned no vector');
    return v;
  }
}
