// A transformers.js model read from a local folder (EMBEDDINGS_PROVIDER=local with
// EMBEDDINGS_MODEL=/path/to/model, e.g. an ONNX export of bge-small-zh). Remote downloads are off:
// the folder must hold the model. The package is optional and not installed by default —
// @huggingface/transformers pulls onnxruntime-node, whose install script downloads binaries — so it
// is imported only when this provider is chosen, and its absence is reported with what to do.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';

const PACKAGE = '@huggingface/transformers';

/** The parts of @huggingface/transformers this file uses. */
interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(task: 'feature-extraction', model: string, opts: { local_files_only: boolean }): Promise<FeatureExtractor>;
}
type FeatureExtractor = (texts: string[], opts: { pooling: 'mean'; normalize: boolean }) => Promise<{ tolist(): number[][] }>;

export class EmbeddingsSetupError extends Error {}

export class TransformersEmbeddings extends Embeddings {
  private extractor: Promise<FeatureExtractor> | undefined;
  readonly modelDir: string;

  constructor(modelDir: string) {
    super({});
    this.modelDir = path.resolve(modelDir);
  }

  private load(): Promise<FeatureExtractor> {
    this.extractor ??= (async () => {
      if (!existsSync(this.modelDir)) {
        throw new EmbeddingsSetupError(`EMBEDDINGS_MODEL: no model folder at ${this.modelDir} (it must hold config.json, tokenizer files and onnx/model.onnx)`);
      }
      let mod: TransformersModule;
      try {
        // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
        const specifier: string = PACKAGE;
        mod = (await import(specifier)) as TransformersModule;
      } catch {
        throw new EmbeddingsSetupError(
          `EMBEDDINGS_MODEL points at a local model folder, which needs the optional package ${PACKAGE}: ` +
            `run "npm install ${PACKAGE}" (or unset EMBEDDINGS_MODEL to use the built-in embedding)`,
        );
      }
      mod.env.allowRemoteModels = false;
      mod.env.allowLocalModels = true;
      mod.env.localModelPath = path.dirname(this.modelDir);
      return mod.pipeline('feature-extraction', path.basename(this.modelDir), { local_files_only: true });
    })();
    // A failed load is retried on the next call rather than cached forever.
    this.extractor.catch(() => {
      this.extractor = undefined;
    });
    return this.extractor;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extract = await this.load();
    return (await extract(texts, { pooling: 'mean', normalize: true })).tolist();
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.embedDocuments([text]);
    if (!v) throw new Error('the local model returned no vector');
    return v;
  }
}
