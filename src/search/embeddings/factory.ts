// Which embedding turns text into vectors, chosen by EMBEDDINGS_PROVIDER:
//   local  — built in, offline (LocalEmbeddings); with EMBEDDINGS_MODEL=/path, a transformers.js model
//   openai — any OpenAI-compatible /v1/embeddings endpoint
//   ollama — Ollama's /api/embed (e.g. bge-m3)
// embeddingsId() names the choice for the index manifest: vectors from different models never mix,
// the index is rebuilt instead.
import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../../config.js';
import { BatchedEmbeddings } from './batched.js';
import { LOCAL_EMBEDDINGS_ID } from './local.js';
import { TransformersEmbeddings } from './transformers.js';

export type EmbeddingsConfig = Pick<Config, 'EMBEDDINGS_PROVIDER' | 'EMBEDDINGS_BASE_URL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_BATCH_SIZE'>;

export type EmbeddingsProvider = 'local' | 'transformers' | 'openai' | 'ollama';

export interface EmbeddingsIdentity {
  provider: EmbeddingsProvider;
  model: string;
  /** Known once a vector has been made; the index records it from its first batch. */
  dimensions?: number;
}

const DEFAULT_OPENAI_MODEL = 'text-embedding-3-small';
const DEFAULT_OLLAMA_MODEL = 'bge-m3';
const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

export function embeddingsId(config: EmbeddingsConfig): EmbeddingsIdentity {
  switch (config.EMBEDDINGS_PROVIDER) {
    case 'local':
      return config.EMBEDDINGS_MODEL ? { provider: 'transformers', model: config.EMBEDDINGS_MODEL } : { provider: 'local', model: LOCAL_EMBEDDINGS_ID };
    case 'openai':
      return { provider: 'openai', model: config.EMBEDDINGS_MODEL ?? DEFAULT_OPENAI_MODEL };
    case 'ollama':
      return { provider: 'ollama', model: config.EMBEDDINGS_MODEL ?? DEFAULT_OLLAMA_MODEL };
  }
}

/**
 * The configured embedding. `local` builds the built-in one (the caller owns it: it is fitted to the
 * corpus and saved with the index). Others come wrapped in BatchedEmbeddings. Makes no request.
 */
export function createEmbeddings(config: EmbeddingsConfig, local: () => Embeddings): Embeddings {
  const id = embeddingsId(config);
  const batched = (inner: Embeddings) => new BatchedEmbeddings(inner, { batchSize: config.EMBEDDINGS_BATCH_SIZE });
  switch (id.provider) {
    case 'local':
      return local();
    case 'transformers':
      return batched(new TransformersEmbeddings(id.model));
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
