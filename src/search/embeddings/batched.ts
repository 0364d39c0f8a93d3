// Remote embedding providers take bounded requests: the texts of an index build go out in batches
// (EMBEDDINGS_BATCH_SIZE, 64 by default), one after another so a small server is not flooded, with
// a progress bar on a terminal.
import { Embeddings } from '@langchain/core/embeddings';
import { createProgress, type Progress } from './progress.js';

export interface BatchedEmbeddingsOptions {
  batchSize: number;
  /** Defaults to a stderr progress bar (TTY only). */
  progress?: Progress;
}

export class BatchedEmbeddings extends Embeddings {
  readonly batchSize: number;
  private readonly progress: Progress;
  private totalKnown = false;

  constructor(
    readonly inner: Embeddings,
    opts: BatchedEmbeddingsOptions,
  ) {
    super({});
    this.batchSize = opts.batchSize;
    this.progress = opts.progress ?? createProgress('embedding');
  }

  /** Tells the progress bar how many texts the whole build embeds, when it comes in several calls. */
  expectTotal(total: number): void {
    this.totalKnown = true;
    this.progress.setTotal(total);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    if (!this.totalKnown) this.progress.setTotal(texts.length);
    const out: number[][] = [];
    try {
      for (let i = 0; i < texts.length; i += this.batchSize) {
        const batch = texts.slice(i, i + this.batchSize);
        const vectors = await this.inner.embedDocuments(batch);
        if (vectors.length !== batch.length) throw new Error(`the embedding provider returned ${vectors.length} vectors for ${batch.length} texts`);
        out.push(...vectors);
        this.progress.advance(batch.length);
      }
    } finally {
      if (!this.totalKnown) this.progress.finish();
    }
    return out;
  }

  override embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }

  /** Ends the bar of a build announced with expectTotal. */
  finish(): void {
    this.progress.finish();
    this.totalKnown = false;
  }
}
