import { afterEach, describe, expect, it } from 'vitest';
import { rewriteFollowUp, standaloneFrom } from '../../../src/answer/model/follow-up.js';
import { createChatModel } from '../../../src/answer/model/provider.js';
import { CircuitBreaker } from '../../../src/answer/model/resilience.js';
import { loadConfig } from '../../../src/config.js';
import type { Turn } from '../../../src/domain.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import type { FakeScript, FakeServer } from '../../fakes/http.js';
import { extractive } from './passages.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function model(provider: 'openai' | 'ollama', script: FakeScript) {
  const fake = provider === 'openai' ? await startFakeOpenAI(script) : await startFakeOllama(script);
  servers.push(fake);
  const m = createChatModel(loadConfig({ LLM_PROVIDER: provider, LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'fake-model' }));
  if (!m) throw new Error('expected a model');
  return { fake, model: m };
}

const history: Turn[] = [{ question: '2023年开发区组织了几次学法？', resolved: '2023年开发区组织了几次学法？', answer: extractive }];

describe.each(['openai', 'ollama'] as const)('rewriteFollowUp with a fake %s server', (provider) => {
  it('sends the earlier turns and the follow-up, and returns the standalone question', async () => {
    const { fake, model: m } = await model(provider, [{ content: '“2022年开发区组织了几次学法？”' }]);
    expect(await rewriteFollowUp(m, history, '那2022年呢？')).toBe('2022年开发区组织了几次学法？');
    const sent = fake.chats()[0]!.messages.map((x) => x.content).join('\n');
    expect(sent).toContain('那2022年呢？');
    expect(sent).toContain('2023年开发区组织了几次学法？');
    expect(sent).toContain(extractive.answer);
  });

  it('keeps the question on a provider error', async () => {
    const { model: m } = await model(provider, [{ status: 500 }]);
    expect(await rewriteFollowUp(m, history, '那2022年呢？')).toBe('那2022年呢？');
  });

  it('keeps the question when the provider is too slow', async () => {
    const { model: m } = await model(provider, [{ content: '2022年开发区组织了几次学法？', delayMs: 1000 }]);
    expect(await rewriteFollowUp(m, history, '那2022年呢？', { timeoutMs: 150 })).toBe('那2022年呢？');
  });
});

describe('rewriteFollowUp', () => {
  it('does not call the model without history', async () => {
    const { fake, model: m } = await model('openai', [{ content: 'x' }]);
    expect(await rewriteFollowUp(m, [], '申请行政复议要交钱吗？')).toBe('申请行政复议要交钱吗？');
    expect(fake.requests).toHaveLength(0);
  });

  it('does not call the model while the shared breaker is open', async () => {
    const { fake, model: m } = await model('openai', [{ content: 'x' }]);
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    breaker.recordFailure();
    expect(await rewriteFollowUp(m, history, '那2022年呢？', { breaker })).toBe('那2022年呢？');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['改写后的问题：2022年开发区组织了几次学法？', '2022年开发区组织了几次学法？'],
    ['<think>想</think>\n2022年学法几次？\n解释：补全了年份', '2022年学法几次？'],
    ['', undefined],
    ['2022年开发区共组织集中学法10次，比上一年增加2次，主要围绕习近平法治思想、民法典、行政处罚法等内容开展，参加人数达到三百余人次，覆盖全部机关干部。', undefined],
  ])('standaloneFrom(%j)', (reply, expected) => {
    expect(standaloneFrom(reply, '那2022年呢？')).toBe(expected);
  });
});
