// The SSE writer over a real HTTP server on loopback, read with fetch as the widget would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerStreamEvent } from '../../src/domain.js';
import { sseFrame, STREAM_APOLOGY, wantsEventStream, writeAnswerStream } from '../../src/channels/sse.js';
import type { Answer } from '../../src/domain.js';

const answer: Answer = { answered: true, answer: '学法8次[1]。', citations: [], suggestions: ['还有呢？'] };

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(events: () => AsyncGenerator<AnswerStreamEvent>, extra?: Record<string, unknown>): Promise<string> {
  server = http.createServer((_req, res) => void writeAnswerStream(res, events(), { extra }));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function parse(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as unknown;
      return { event, data };
    });
}

describe('writeAnswerStream', () => {
  it('writes token events in order, then the answer with extra fields last', async () => {
    const url = await serve(async function* () {
      yield { type: 'token', text: '学法' };
      yield { type: 'token', text: '8次[1]。' };
      yield { type: 'answer', answer };
    }, { conversationId: 'c1' });
    const res = await fetch(url, { method: 'POST', headers: { accept: 'text/event-stream' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(parse(await res.text())).toEqual([
      { event: 'token', data: { text: '学法' } },
      { event: 'token', data: { text: '8次[1]。' } },
      { event: 'answer', data: { ...answer, conversationId: 'c1' } },
    ]);
  });

  it('ends a broken stream with a fixed apology, never the error', async () => {
    const url = await serve(async function* () {
      yield { type: 'token', text: '学法' };
      throw new Error('ECONNREFUSED 10.0.0.1:11434 secret-internal');
    });
    const body = await (await fetch(url)).text();
    expect(body).not.toContain('secret-internal');
    expect(parse(body).at(-1)).toEqual({ event: 'error', data: { message: STREAM_APOLOGY } });
  });

  it('stops the events when the reader disconnects', async () => {
    let finished = false;
    const url = await serve(async function* () {
      try {
        for (let i = 0; i < 1000; i++) {
          yield { type: 'token', text: `${i}` };
          await new Promise((r) => setTimeout(r, 10));
        }
      } finally {
        finished = true;
      }
    });
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(() => finished, { timeout: 2000 }).toBe(true);
  });

  it('recognises a request for a stream', () => {
    expect(wantsEventStream('text/event-stream')).toBe(true);
    expect(wantsEventStream(['application/json', 'text/event-stream'])).toBe(true);
    expect(wantsEventStream('application/json')).toBe(false);
    expect(wantsEventStream(undefined)).toBe(false);
    expect(sseFrame('token', { text: 'a\nb' })).toBe('event: token\ndata: {"text":"a\\nb"}\n\n');
  });
});
