// Which embedding turns text into vectors, chosen by EMBEDDINGS_PROVIDER:
//   local  — built in, offline (LocalEmbeddings); with EMBEDDINGS_MODEL (a folder or a hub id), an ONNX
//            model inside the bot through transformers.js, used as its family wants (families.ts)
//   openai — any OpenAI-compatible /v1/embeddings endpoint (TEI, Xinference, vLLM, DashScope …)
//   ollama — Ollama's /api/embed (e.g. bge-m3)
// embeddingsId() names the choice for the index manifest: vectors from different models or settings
// never mix, the index is rebuilt instead.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { BatchedEmbeddings } from './batched.js';
import { resolveFamily, type ResolvedFamily } from './families.js';
import { LOCAL_EMBEDDINGS_ID } from './local.js';
import { modelSource, onnxFile, type ModelSource } from './runtime.js';
import { TransformersEmbeddings } from './transformers.js';

export type EmbeddingsConfig = Pick<
  Config,
  | 'EMBEDDINGS_PROVIDER'
  | 'EMBEDDINGS_BASE_URL'
  | 'EMBEDDINGS_API_KEY'
  | 'EMBEDDINGS_MODEL'
  | 'EMBEDDINGS_BATCH_SIZE'
  | 'EMBEDDINGS_DTYPE'
  | 'EMBEDDINGS_POOLING'
  | 'EMBEDDINGS_QUERY_PREFIX'
  | 'EMBEDDINGS_PASSAGE_PREFIX'
  | 'EMBEDDINGS_MAX_TOKENS'
  | 'ONNX_THREADS'
  | 'HF_ENDPOINT'
  | 'dataDir'
>;

/** Downloaded models live beside the index, in DATA_DIR/models/<hub id>. */
export const modelsDir = (dataDir: string) => path.join(dataDir, 'models');

export type EmbeddingsProvider = 'local' | 'transformers' | 'openai' | 'ollama';

export interface EmbeddingsIdentity {
  provider: EmbeddingsProvider;
  model: string;
  /** Known once a vector has been made; the index records it from its first batch. */
  dimensions?: number;
  /** A model inside the bot: everything else that shapes its vectors (see localModelSettings). */
  settings?: string;
}

const DEFAULT_OPENAI_MODEL = 'text-embedding-3-small';
const DEFAULT_OLLAMA_MODEL = 'bge-m3';
const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

export function embeddingsId(config: EmbeddingsConfig): EmbeddingsIdentity {
  switch (config.EMBEDDINGS_PROVIDER) {
    case 'local': {
      if (!config.EMBEDDINGS_MODEL) return { provider: 'local', model: LOCAL_EMBEDDINGS_ID };
      const { source, family } = localModel(config);
      return { provider: 'transformers', model: source.kind === 'hub' ? source.ref : source.dir, settings: localModelSettings(config, source, family) };
    }
    case 'openai':
      return { provider: 'openai', model: config.EMBEDDINGS_MODEL ?? DEFAULT_OPENAI_MODEL };
    case 'ollama':
      return { provider: 'ollama', model: config.EMBEDDINGS_MODEL ?? DEFAULT_OLLAMA_MODEL };
  }
}

function localModel(config: EmbeddingsConfig): { source: ModelSource; family: ResolvedFamily } {
  const source = modelSource(config.EMBEDDINGS_MODEL!, modelsDir(config.dataDir));
  const family = resolveFamily(source.ref, {
    pooling: config.EMBEDDINGS_POOLING,
    queryPrefix: config.EMBEDDINGS_QUERY_PREFIX,
    passagePrefix: config.EMBEDDINGS_PASSAGE_PREFIX,
  });
  return { source, family };
}

/**
 * The manifest's record of how a model inside the bot makes vectors. A folder also records the size of its
 * weights, so other weights dropped into the same folder rebuild the index; a downloaded hub model never
 * changes once it is in DATA_DIR.
 */
export function localModelSettings(config: EmbeddingsConfig, source: ModelSource, family: ResolvedFamily): string {
  const parts = [
    `dtype=${config.EMBEDDINGS_DTYPE}`,
    `pooling=${family.pooling}`,
    `normalize=${family.normalize}`,
    `query=${JSON.stringify(family.queryPrefix)}`,
    `passage=${JSON.stringify(family.passagePrefix)}`,
    `maxTokens=${config.EMBEDDINGS_MAX_TOKENS}`,
  ];
  if (source.kind === 'folder') {
    try {
      parts.push(`weights=${statSync(path.join(source.dir, onnxFile(config.EMBEDDINGS_DTYPE))).size}`);
    } catch {
      // No weights yet: loading the model says what is missing.
    }
  }
  return parts.join(' ');
}

/**
 * The configured embedding. `local` builds the built-in one (the caller owns it: it is fitted to the
 * corpus and saved with the index). Others come wrapped in BatchedEmbeddings. Makes no request.
 */
export function createEmbeddings(config: EmbeddingsConfig, local: () => Embeddings, logger?: Logger): Embeddings {
  const id = embeddingsId(config);
  const batched = (inner: Embeddings) => new BatchedEmbeddings(inner, { batchSize: config.EMBEDDINGS_BATCH_SIZE });
  switch (id.provider) {
    case 'local':
      return local();
    case 'transformers': {
      const { source, family } = localModel(config);
      return batched(
        new TransformersEmbeddings({
          source,
          family,
          dtype: config.EMBEDDINGS_DTYPE,
          threads: config.ONNX_THREADS,
          maxTokens: config.EMBEDDINGS_MAX_TOKENS,
          hub: { modelsDir: modelsDir(config.dataDir), endpoint: config.HF_ENDPOINT },
          logger,
        }),
      );
    }
    case 'openai':
      return batched(
        new OpenAIEmbeddings({
          model: id.model,
          // OpenAI-compatible local servers often need no key; never read OPENAI_API_KEY behind the config.
          apiKey: config.EMBEDDINGS_API_KEY ?? 'not-needed',
          configuration: { baseURL: config.EMBEDDINGS_BASE_URL },
          // BatchedEmbeddings already sized the batch; LangChain must not split it again.
          batchSize: config.EMBEDDINGS_BATCH_SIZE,
          maxRetries: 2,
        }),
      );
    case 'ollama':
      return batched(
        new OllamaEmbeddings({
          model: id.model,
          baseUrl: config.EMBEDDINGS_BASE_URL ?? DEFAULT_OLLAMA_URL,
          headers: config.EMBEDDINGS_API_KEY ? { Authorization: `Bearer ${config.EMBEDDINGS_API_KEY}` } : undefined,
          maxRetries: 2,
        }),
      );
  }
}
