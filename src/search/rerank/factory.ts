// The reranker RERANK_PROVIDER names, wrapped in the guard (timeouts, retry, breaker), or none.
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { modelsDir } from '../embeddings/factory.js';
import { modelSource } from '../embeddings/runtime.js';
import { GuardedReranker } from './guarded.js';
import { HttpReranker, type RerankApi } from './http.js';
import { LocalReranker } from './local.js';
import { RerankCache, type RerankStage } from './stage.js';

export type RerankConfig = Pick<
  Config,
  | 'RERANK_PROVIDER'
  | 'RERANK_MODEL'
  | 'RERANK_BASE_URL'
  | 'RERANK_API_KEY'
  | 'RERANK_TOP_N'
  | 'RERANK_API'
  | 'RERANK_DTYPE'
  | 'RERANK_TIMEOUT_MS'
  | 'RERANK_RETRY_BACKOFF_MS'
  | 'RERANK_BREAKER_FAILURES'
  | 'RERANK_BREAKER_COOLDOWN_MS'
  | 'RERANK_MAX_TOKENS'
  | 'ONNX_THREADS'
  | 'HF_ENDPOINT'
  | 'dataDir'
>;

export class RerankConfigError extends Error {
  override name = 'RerankConfigError';
}

/** tei unless a model is named: TEI serves one model and takes none; the others need its name. */
export function rerankApi(config: Pick<Config, 'RERANK_API' | 'RERANK_MODEL'>): RerankApi {
  if (config.RERANK_API !== 'auto') return config.RERANK_API;
  return config.RERANK_MODEL ? 'jina' : 'tei';
}

/**
 * The reranking stage, or undefined with RERANK_PROVIDER=none. A local model is loaded here, so the first
 * question does not wait for it; if it cannot be (package or files missing), the error says how to fix it
 * and the bot answers in the fused order rather than not at all.
 */
export async function createRerankStage(config: RerankConfig, logger: Logger): Promise<RerankStage | undefined> {
  if (config.RERANK_PROVIDER === 'none') return undefined;
  const guard = {
    timeoutMs: config.RERANK_TIMEOUT_MS,
    backoffMs: config.RERANK_RETRY_BACKOFF_MS,
    breakerFailures: config.RERANK_BREAKER_FAILURES,
    breakerCooldownMs: config.RERANK_BREAKER_COOLDOWN_MS,
  };
  if (config.RERANK_PROVIDER === 'http') {
    if (!config.RERANK_BASE_URL) throw new RerankConfigError('RERANK_PROVIDER=http needs RERANK_BASE_URL (the server root; /rerank is appended)');
    const inner = new HttpReranker({ baseUrl: config.RERANK_BASE_URL, api: rerankApi(config), model: config.RERANK_MODEL, apiKey: config.RERANK_API_KEY });
    logger.info({ reranker: inner.label, topN: config.RERANK_TOP_N }, 'reranking with a server');
    return { reranker: new GuardedReranker(inner, guard), topN: config.RERANK_TOP_N, logger, cache: new RerankCache() };
  }
  if (!config.RERANK_MODEL) throw new RerankConfigError('RERANK_PROVIDER=local needs RERANK_MODEL (a folder or a hub id such as BAAI/bge-reranker-base)');
  const local = new LocalReranker({
    source: modelSource(config.RERANK_MODEL, modelsDir(config.dataDir)),
    dtype: config.RERANK_DTYPE,
    threads: config.ONNX_THREADS,
    maxTokens: config.RERANK_MAX_TOKENS,
    hub: { modelsDir: modelsDir(config.dataDir), endpoint: config.HF_ENDPOINT },
    logger,
  });
  try {
    await local.warm();
  } catch (err) {
    // The whole message: it names the folder to fill or the command to run.
    logger.error({ reason: err instanceof Error ? err.message : String(err) }, 'the local reranker cannot be loaded: answering in the fused order');
    return undefined;
  }
  return { reranker: new GuardedReranker(local, guard), topN: config.RERANK_TOP_N, logger, cache: new RerankCache() };
}
