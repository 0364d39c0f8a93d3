// With a chat model, the answer is the model's wording of the same passages — and still says which
// report year it is, that plans are plans, and what the report does not state. The model is a fake
// OpenAI-compatible server (the network edge); everything else is the real core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/answer/answer-question.js';
import type { LoadedCore } from '../../../src/answer/index.js';
import { createModelAnswering } from '../../../src/answer/model/index.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai.js';
import { realCore } from '../../helpers/core.js';

let core: LoadedCore;
let fake: FakeOpenAI;
const now = new Date('2026-11-26T10:00:00Z');

beforeAll(async () => {
  ({ core } = await realCore());
  // The model words every answer from passage [1], keeping its figures (the guard checks them).
  fake = await startFakeOpenAI((request) => {
    const body = JSON.stringify(request.body ?? '');
    if (body.includes('8 次')) return { content: '开发区累计组织学习习近平法治思想和法律法规8次[1]。' };
    if (body.includes('年度目录管理制度')) return { content: '将建立重大行政决策事项年度目录管理制度[1]。' };
    if (body.includes('4家企业')) return { content: '专项执法检查共涉及20家企业，对4家企业进行了处罚[1]。' };
    return { content: '无法回答。' };
  });
});

afterAll(async () => {
  await fake?.close();
});

function withModel() {
  const config = loadConfig({}, { LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '3000', LOG_LEVEL: 'silent' });
  return { ...core.deps, model: createModelAnswering(config, silentLogger)! };
}

describe('a model answer keeps what the extractive answer says around its quotes', () => {
  it.each([
    ['今年开发区组织了几次学法？', '知识库里还没有2026年度的报告，以下是最新的2023年度报告中的内容：', '8次'],
    ['明年在重大行政决策上准备怎么做？', '（是计划，不是已完成的结果）', '年度目录管理制度'],
    ['劳动密集型企业检查罚了哪几家企业，每家罚了多少钱？', '', '报告中没有写明：每家罚了多少钱。'],
  ])('%s', async (q, before, kept) => {
    const a = await answerQuestion(q, withModel(), { now });
    expect(a.answered).toBe(true);
    // The model's own words are there (not the extractive fallback) …
    expect(a.answer).toMatch(/\[1\]。/u);
    // … inside the frame.
    if (before) expect(a.answer.startsWith(before) || a.answer.includes(before)).toBe(true);
    expect(a.answer).toContain(kept);
    expect(a.answer.split(before || '\u0000').length).toBeLessThanOrEqual(2);
  });
});
