// SSE with a chat model (a fake OpenAI-compatible server on loopback): /api/chat streams the model's
// tokens as the bot receives them, then the final Answer; the turn is remembered like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.js';
import { appConfig, postJson, realService, startApp, type RunningApp } from './harness.js';

let model: FakeOpenAI;
let running: RunningApp;

beforeAll(async () => {
  model = await startFakeOpenAI([{ content: '开发区先后召开党工委会议15次[1]。', chunkDelayMs: 5 }]);
  const config = appConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: model.baseUrl, LLM_MODEL: 'fake-chat', LLM_API_KEY: 'test-key' });
  running = await startApp(config, await realService(config));
});

afterAll(async () => {
  await running?.close();
  await model?.close();
});

describe('POST /api/chat as a stream, with a model', () => {
  it('sends the model tokens first, then the final Answer with its ids', async () => {
    const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？', conversationId: 'model-sse' }, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await res.text();
    const events = body
      .split('\n\n')
      .filter((b) => b.trim())
      .map((b) => ({ event: /^event: (.*)$/m.exec(b)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(b)?.[1] ?? 'null') as unknown }));
    const kinds = events.map((e) => e.event);
    expect(kinds.filter((k) => k === 'token').length).toBeGreaterThan(1);
    expect(kinds.at(-1)).toBe('answer');
    expect(kinds.indexOf('answer')).toBe(kinds.length - 1);
    const tokens = events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text).join('');
    expect(tokens).toContain('15');
    const final = events.at(-1)!.data as Answer & { conversationId: string; answerId: string };
    expect(final.answered).toBe(true);
    expect(final.answer.replace(/\s+/g, '')).toContain('15次');
    expect(final.conversationId).toBe('model-sse');
    expect(final.answerId).toBeTruthy();
    expect(model.chats().some((c) => c.stream)).toBe(true);
  });
});
