// Against a real model, on request only (vitest excludes *.int.test.ts by default):
//   LLM_PROVIDER=ollama LLM_MODEL=qwen2.5:7b npx vitest run test/answer/model/provider.int.test.ts
// A real model's wording varies, so this checks the contract, not the words: the answer is the
// model's when it passes the guard, else the extractive one — never an error, never a made-up figure.
import { describe, expect, it } from 'vitest';
import { createModelAnswering } from '../../../src/answer/model/index.js';
import { guardAnswer } from '../../../src/answer/model/guard.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { extractive, passages } from './passages.js';

describe('a real chat model', () => {
  const config = loadConfig(process.env);
  const m = createModelAnswering(config, createLogger('info'));
  if (!m) throw new Error('set LLM_PROVIDER, LLM_MODEL (and LLM_BASE_URL) to run this test against a real model');

  it('answers from the passages or falls back', async () => {
    const answer = await m.composer.compose('2023年开发区组织了几次集中学法？', extractive, passages);
    if (answer !== extractive) expect(guardAnswer(answer.answer, answer.citations)).toEqual({ ok: true });
    expect(answer.answer).toContain('8');
  }, 60_000);

  it('streams tokens and ends with the answer', async () => {
    const events = [];
    for await (const e of m.composer.stream('2023年开发区组织了几次集中学法？', extractive, passages)) events.push(e);
    expect(events.at(-1)?.type).toBe('answer');
  }, 60_000);

  it('rewrites a follow-up into a standalone question', async () => {
    const q = await m.rewrite([{ question: '2023年开发区组织了几次集中学法？', answer: extractive }], '那宣传资料发了多少？');
    expect(q.length).toBeGreaterThan(4);
  }, 60_000);
});
