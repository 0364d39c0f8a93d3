// Which chat model answers, chosen by LLM_PROVIDER. "none" (the default) means no model: answers stay
// extractive. LangChain's own retries are switched off (maxRetries: 0) because the composer owns the
// retry policy — one retry on 429/5xx inside one deadline — and stacked retries would multiply waits.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { ConfigError, type Config } from '../../config.js';

export type ChatModelConfig = Pick<Config, 'LLM_PROVIDER' | 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS'>;

const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

/** The configured chat model, or undefined when LLM_PROVIDER=none. Makes no request. */
export function createChatModel(config: ChatModelConfig): BaseChatModel | undefined {
  if (config.LLM_PROVIDER === 'none') return undefined;
  const model = config.LLM_MODEL;
  if (!model) throw new ConfigError(`LLM_MODEL: required when LLM_PROVIDER=${config.LLM_PROVIDER} (e.g. qwen2.5:7b for Ollama)`);
  // Grounded answers want the most likely wording, not variety.
  const temperature = 0;
  if (config.LLM_PROVIDER === 'openai') {
    return new ChatOpenAI({
      model,
      temperature,
      maxRetries: 0,
      timeout: config.LLM_TIMEOUT_MS,
      // Local OpenAI-compatible servers (vLLM, LM Studio, one-api) often need no key, but the SDK insists
      // on one; never fall back to OPENAI_API_KEY from the environment behind the config's back.
      apiKey: config.LLM_API_KEY ?? 'not-needed',
      configuration: { baseURL: config.LLM_BASE_URL },
    });
  }
  return new ChatOllama({
    model,
    temperature,
    maxRetries: 0,
    baseUrl: config.LLM_BASE_URL ?? DEFAULT_OLLAMA_URL,
    headers: config.LLM_API_KEY ? { Authorization: `Bearer ${config.LLM_API_KEY}` } : undefined,
  });
}

/** "openai/qwen-plus" for logs and the eval's column header. */
export function chatModelLabel(config: ChatModelConfig): string {
  return config.LLM_PROVIDER === 'none' ? 'none' : `${config.LLM_PROVIDER}/${config.LLM_MODEL ?? '?'}`;
}
