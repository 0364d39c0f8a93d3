// The one place that reads the environment. Every variable is listed in .env.example.
import path from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
/** JSON text → object (empty text → {}); left as text when it is not JSON, so zod names the variable in its error. */
const parseJsonObject = (v: unknown) => {
  if (typeof v !== 'string') return v;
  if (v.trim() === '') return {};
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
};

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  LAWS_DIR: optionalString,
  /** JSONL of questions linked to the articles that answer them ({"q", "gold": [{"law", "article"}]}); read at index build. */
  LINKED_QUESTIONS_FILE: optionalString,
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LLM_PROVIDER: z.enum(['none', 'openai', 'ollama']).default('none'),
  LLM_BASE_URL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** First retry after a 429/5xx waits this long (one retry only). */
  LLM_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(500),
  /** Consecutive failed model calls that open the circuit breaker… */
  LLM_BREAKER_FAILURES: z.coerce.number().int().positive().default(3),
  /** …and how long it stays open before one trial call. */
  LLM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai', 'ollama']).default('local'),
  EMBEDDINGS_BASE_URL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  EMBEDDINGS_MODEL: optionalString,
  /** Texts per embedding request when the index is built. */
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().positive().default(64),
  /** A model inside the bot (local with EMBEDDINGS_MODEL): onnx/model.onnx (fp32) or onnx/model_quantized.onnx (q8). */
  EMBEDDINGS_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  /** For a model of no known family (src/search/embeddings/families.ts), or to override its family: cls | mean. */
  EMBEDDINGS_POOLING: z.preprocess(emptyToUndefined, z.enum(['cls', 'mean']).optional()),
  /** Put before each question / each passage, exactly as given (e5: "query: " and "passage: "). */
  EMBEDDINGS_QUERY_PREFIX: optionalString,
  EMBEDDINGS_PASSAGE_PREFIX: optionalString,
  /** Texts are cut to this many tokens (or the model's own limit, when lower). */
  EMBEDDINGS_MAX_TOKENS: z.coerce.number().int().positive().default(512),
  /** Threads of onnxruntime per inference of a model inside the bot; 0: one per core (its default). */
  ONNX_THREADS: z.coerce.number().int().min(0).default(0),
  /** Where hub ids (EMBEDDINGS_MODEL, RERANK_MODEL) are downloaded from, once, into DATA_DIR/models. */
  HF_ENDPOINT: z.preprocess(emptyToUndefined, z.string().url().default('https://huggingface.co')),
  /** A reranking stage over the top RERANK_TOP_N fused candidates: none | local (ONNX cross-encoder) | http (a /rerank API). */
  RERANK_PROVIDER: z.enum(['none', 'local', 'http']).default('none'),
  /** local: a folder or hub id; http: the model name the server expects (Jina, Xinference, vLLM). */
  RERANK_MODEL: optionalString,
  RERANK_BASE_URL: optionalString,
  RERANK_API_KEY: optionalString,
  RERANK_TOP_N: z.coerce.number().int().positive().max(500).default(30),
  /** Request shape of http: tei ({query, texts}) or jina ({model, query, documents, top_n}); auto: jina when RERANK_MODEL is set. */
  RERANK_API: z.enum(['auto', 'tei', 'jina']).default('auto'),
  RERANK_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  /** local: question and passage together are cut to this many tokens. */
  RERANK_MAX_TOKENS: z.coerce.number().int().positive().default(512),
  /** Reranking that takes longer is dropped for the fused order (one question's budget, retries included). */
  RERANK_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  RERANK_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(200),
  RERANK_BREAKER_FAILURES: z.coerce.number().int().positive().default(3),
  RERANK_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.string().default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  WECHAT_TOKEN: z.string().default(''),
  WECHAT_ENCODING_AES_KEY: z.string().default(''),
  WECHAT_APP_ID: z.string().default(''),
  WECHAT_APP_SECRET: z.string().default(''),
  WECHAT_API_BASE: z.string().default('https://api.weixin.qq.com'),
  /** A passive reply must leave within 5 s; answers not ready by then go out through the customer-service API. */
  WECHAT_REPLY_TIMEOUT_MS: z.coerce.number().int().positive().max(4800).default(4000),
  /** Custom-menu CLICK EventKey → the question it asks, as JSON: {"LAW_PUNISH":"行政处罚法第七条是什么？"}. */
  WECHAT_MENU: z.preprocess(parseJsonObject, z.record(z.string(), z.string())).default({}),
  ALLOWED_ORIGINS: z.string().default(''),
  ADMIN_TOKEN: z.string().default(''),
  HASH_SALT: z.preprocess(emptyToUndefined, z.string().default('qidong-legal-bot')),
  STATE_STORE: z.enum(['memory', 'sqlite', 'redis']).default('sqlite'),
  REDIS_URL: optionalString,
  /** Conversations untouched this many days are forgotten (SQLite prune, Redis TTL). */
  STATE_TTL_DAYS: z.coerce.number().positive().default(30),
  /** Questions per minute one client (hashed WeChat openid, else IP) may ask on /api/chat and /api/wechat; 0 turns limits off. */
  RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(120),
  /** How many a client may ask at once before the per-minute rate applies. */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(60),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry. */
  TRUST_PROXY: z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes'].includes(v.trim().toLowerCase()) : v), z.boolean()).default(false),
  /** A request not answered within this time gets a 503 (WeChat has its own shorter limit). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Rebuild the index when files under KNOWLEDGE_DIR or LAWS_DIR change (POST /admin/reindex does it on request). */
  WATCH_KNOWLEDGE: z.preprocess((v) => (typeof v === 'string' ? ['1', 'true', 'yes'].includes(v.trim().toLowerCase()) : v), z.boolean()).default(false),
  /** First questions of a conversation whose Answers are kept (per index build and day); 0 turns the cache off. */
  ANSWER_CACHE_SIZE: z.coerce.number().int().min(0).default(2000),
});

export type Config = z.infer<typeof configSchema> & {
  /** Absolute paths, resolved once. */
  knowledgeDir: string;
  lawsDir: string | undefined;
  linkedQuestionsFile: string | undefined;
  dataDir: string;
};

export class ConfigError extends Error {}

/** Parses an environment (process.env by default); names the variable that is wrong. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<string, string>> = {}): Config {
  const parsed = configSchema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration — ${problems}`);
  }
  const c = parsed.data;
  return {
    ...c,
    knowledgeDir: path.resolve(c.KNOWLEDGE_DIR),
    lawsDir: c.LAWS_DIR ? path.resolve(c.LAWS_DIR) : undefined,
    linkedQuestionsFile: c.LINKED_QUESTIONS_FILE ? path.resolve(c.LINKED_QUESTIONS_FILE) : undefined,
    dataDir: path.resolve(c.DATA_DIR),
  };
}
