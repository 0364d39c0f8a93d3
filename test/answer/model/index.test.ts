import { afterEach, describe, expect, it } from 'vitest';
import { createModelAnswering } from '../../../src/answer/model/index.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai.js';
import { extractive, passages } from './passages.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
});

describe('createModelAnswering', () => {
  it('is undefined without a model', () => {
    expect(createModelAnswering(loadConfig({}), silentLogger)).toBeUndefined();
  });

  it('names a missing LLM_MODEL', () => {
    expect(() => createModelAnswering(loadConfig({ LLM_PROVIDER: 'ollama' }), silentLogger)).toThrow(/LLM_MODEL/);
  });

  it('shares one breaker between the rewrite and the composer', async () => {
    fake = await startFakeOpenAI([{ status: 500 }]);
    const config = loadConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'm', LLM_BREAKER_FAILURES: '1', LLM_RETRY_BACKOFF_MS: '1' });
    const m = createModelAnswering(config, silentLogger)!;
    expect(m.label).toBe('openai/m');
    const history = [{ question: '2023年学法几次？', answer: extractive }];
    expect(await m.rewrite(history, '那宣传资料呢？')).toBe('那宣传资料呢？');
    expect(await m.composer.compose('学法几次？', extractive, passages)).toBe(extractive);
    expect(fake.chats()).toHaveLength(1);
  });
});
