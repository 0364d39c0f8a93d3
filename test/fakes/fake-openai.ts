// A fake OpenAI-compatible server: /v1/chat/completions (JSON or SSE streaming) answering from a
// script, and /v1/embeddings answering deterministic vectors. Every request is recorded.
import type { ServerResponse } from 'node:http';
import { chatMessages, pickReply, pieces, sendJson, startServer, wait, type ChatMessage, type FakeReply, type FakeScript, type FakeServer, type RecordedRequest } from './http.js';
import { fakeVector } from './vectors.js';

export interface FakeOpenAI extends FakeServer {
  /** The chat requests, with their messages as plain text. */
  chats(): { request: RecordedRequest; messages: ChatMessage[]; stream: boolean }[];
  embeddingRequests(): RecordedRequest[];
}

export interface FakeOpenAIOptions {
  dimensions?: number;
}

const completion = (content: string) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 0,
  model: 'fake',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'fake',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

async function chat(reply: FakeReply, stream: boolean, res: ServerResponse): Promise<void> {
  if (reply.delayMs) await wait(reply.delayMs);
  if (reply.status && reply.status >= 400) {
    sendJson(res, reply.status, { error: { message: `scripted ${reply.status}`, type: 'server_error', code: null } });
    return;
  }
  if (!stream) {
    sendJson(res, 200, completion(pieces(reply).join('')));
    return;
  }
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }, null))}\n\n`);
  for (const piece of pieces(reply)) {
    if (reply.chunkDelayMs) await wait(reply.chunkDelayMs);
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(chunk({ content: piece }, null))}\n\n`);
  }
  res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
  res.end('data: [DONE]\n\n');
}

function embeddings(body: Record<string, unknown>, dimensions: number, res: ServerResponse): void {
  const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
  // The OpenAI SDK asks for base64 unless told otherwise; answer in the format asked for.
  const base64 = body.encoding_format === 'base64';
  const data = input.map((text, index) => {
    const v = fakeVector(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
  });
  sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
}

/** Starts the fake on 127.0.0.1 (port 0); `baseUrl` ends in /v1, as LLM_BASE_URL would. */
export async function startFakeOpenAI(script: FakeScript = [{ content: '' }], opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let chatCount = 0;
  const server = await startServer(async (request, res) => {
    if (request.path === '/v1/chat/completions') {
      await chat(pickReply(script, request, chatCount++), request.body.stream === true, res);
    } else if (request.path === '/v1/embeddings') {
      embeddings(request.body, opts.dimensions ?? 8, res);
    } else {
      sendJson(res, 404, { error: { message: `no route ${request.path}` } });
    }
  }, '/v1');
  return {
    ...server,
    chats: () =>
      server.requests
        .filter((r) => r.path === '/v1/chat/completions')
        .map((request) => ({ request, messages: chatMessages(request.body), stream: request.body.stream === true })),
    embeddingRequests: () => server.requests.filter((r) => r.path === '/v1/embeddings'),
  };
}
