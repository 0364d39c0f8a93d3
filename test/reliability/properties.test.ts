// Property-based tests (fast-check) on every parser that faces input, alone and through the real server:
// never a throw that escapes as a 5xx. bench:load runs the same properties 10,000 times each.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { appConfig, realService, startApp, type RunningApp } from '../server/harness.js';
import { chatBodyProperty, postChatNever5xx, postWeChatNever5xx, questionProperty, rawChatRequest, wechatBody, wechatContentProperty, wechatXmlProperty } from './input-properties.js';

const RUNS = 300;

describe('parsers alone', () => {
  it('the question normaliser', () => fc.assert(questionProperty, { numRuns: RUNS }));
  it('the WeChat XML reader', () => fc.assert(wechatXmlProperty, { numRuns: RUNS }));
  it('the WeChat XML reader keeps any Content', () => fc.assert(wechatContentProperty, { numRuns: RUNS }));
  it('the /api/chat body', () => fc.assert(chatBodyProperty, { numRuns: RUNS }));
});

describe('through the real server', () => {
  const TOKEN = 'fuzz-token';
  let running: RunningApp;
  beforeAll(async () => {
    const config = appConfig({ STATE_STORE: 'memory', RATE_LIMIT_PER_MIN: '0', WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wx-fuzz' });
    running = await startApp(config, await realService(config));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('POST /api/chat never answers 5xx', () =>
    fc.assert(fc.asyncProperty(rawChatRequest, (input) => postChatNever5xx(running.baseUrl, input).then(() => undefined)), { numRuns: 60 }));

  it('POST /api/wechat never answers 5xx', () =>
    fc.assert(fc.asyncProperty(wechatBody, (body) => postWeChatNever5xx(running.baseUrl, TOKEN, body).then(() => undefined)), { numRuns: 40 }));
});
