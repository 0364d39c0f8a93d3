// What the server refuses, and how: bad input gets a JSON 4xx and leaves the server standing, with no
// stack logged at error level; with MicrosoftAppId set, /api/messages wants a token.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { appConfig, capturingLogger, emulatorMessage, postJson, realService, startApp, type RunningApp } from './harness.js';

let service: AnswerService;
let running: RunningApp;
let lines: Array<Record<string, unknown>>;

beforeAll(async () => {
  const config = appConfig();
  service = await realService(config);
  const captured = await capturingLogger();
  lines = captured.lines;
  running = await startApp(config, service, { logger: captured.logger });
});

afterAll(async () => {
  await running?.close();
});

const raw = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${running.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('bad input', () => {
  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    ['not JSON', () => raw('/api/chat', '{"text": "学法'), 400, 'invalid_json'],
    ['wrong content type', () => raw('/api/chat', '{"text":"学法几次"}', 'text/plain'), 400, 'unsupported_content_type'],
    ['form-encoded', () => raw('/api/chat', 'text=学法', 'application/x-www-form-urlencoded'), 400, 'unsupported_content_type'],
    ['body over 16 KB', () => raw('/api/chat', JSON.stringify({ text: '问'.repeat(6000) })), 413, 'body_too_large'],
    ['text missing', () => postJson(`${running.baseUrl}/api/chat`, { question: '学法几次' }), 400, 'invalid_text'],
    ['text not a string', () => postJson(`${running.baseUrl}/api/chat`, { text: ['学法'] }), 400, 'invalid_text'],
    ['text empty', () => postJson(`${running.baseUrl}/api/chat`, { text: '   ' }), 400, 'empty_text'],
    ['body an array', () => postJson(`${running.baseUrl}/api/chat`, [{ text: '学法' }]), 400, 'invalid_body'],
    ['bad conversationId', () => postJson(`${running.baseUrl}/api/chat`, { text: '学法', conversationId: '../../etc' }), 400, 'invalid_conversationId'],
    ['activity without type', () => postJson(`${running.baseUrl}/api/messages`, { text: 'hi' }), 400, 'invalid_activity'],
    ['activity not JSON', () => raw('/api/messages', '<xml/>'), 400, 'invalid_json'],
    ['unknown route', () => fetch(`${running.baseUrl}/api/nothing-here`), 404, 'not_found'],
  ];

  it.each(cases)('%s → %i with a JSON error', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe(code);
    expect(body.message.length).toBeGreaterThan(0);
    // Fixed words, not parser or stack internals.
    expect(body.message).not.toMatch(/Unexpected|SyntaxError|at \w+ \(|node_modules/);
  });

  it('a streamed body that passes 16 KB without Content-Length is cut off with 413', async () => {
    const url = new URL(running.baseUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = `{"text":"${'a'.repeat(20_000)}`;
        socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', (e) => (data ? resolve(data) : reject(e)));
      setTimeout(() => socket.destroy(), 3000);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(reply).toContain('body_too_large');
  });

  it('none of it takes the server down or logs a stack at error level', async () => {
    const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
    expect(res.status).toBe(200);
    const errors = lines.filter((l) => Number(l.level) >= 50);
    expect(errors).toEqual([]);
    // Each refusal was logged once, briefly, with its request id.
    const refused = lines.filter((l) => l.msg === 'request refused');
    expect(refused.length).toBeGreaterThanOrEqual(cases.length - 1);
    expect(refused.every((l) => typeof l.reqId === 'string' && l.err === undefined)).toBe(true);
  });
});

describe('Bot Framework authentication (MicrosoftAppId set)', () => {
  let secured: RunningApp;

  beforeAll(async () => {
    const config = appConfig({ MicrosoftAppId: '00000000-1111-2222-3333-444444444444', MicrosoftAppPassword: 'not-a-real-secret' });
    secured = await startApp(config, service);
  });

  afterAll(async () => {
    await secured?.close();
  });

  it('refuses an unauthenticated post with 401 and does not run the bot', async () => {
    const res = await postJson(`${secured.baseUrl}/api/messages`, { deliveryMode: 'expectReplies', ...emulatorMessage('今晚有什么好看的电影？', 'no-token') });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized', message: '未授权的请求。' });
    expect(secured.app.feedback.counts().unanswered).toBe(0);
  });

  it('refuses a malformed bearer token with 401', async () => {
    const res = await postJson(`${secured.baseUrl}/api/messages`, emulatorMessage('hi', 'bad-token'), { authorization: 'Bearer not.a.jwt' });
    expect(res.status).toBe(401);
  });

  it('still serves the widget channel, which has no Bot Framework token', async () => {
    const res = await postJson(`${secured.baseUrl}/api/chat`, { text: '法治宣传资料发了多少份？' });
    expect(res.status).toBe(200);
  });
});
