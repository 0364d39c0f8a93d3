// A fake Ollama server: /api/chat (NDJSON streaming or one JSON object) answering from a script, and
// /api/embed answering deterministic vectors. Every request is recorded.
import type { ServerResponse } from 'node:http';
import { chatMessages, pickReply, pieces, sendJson, startServer, wait, type ChatMessage, type FakeReply, type FakeScript, type FakeServer, type RecordedRequest } from './http.js';
import { fakeVector } from './vectors.js';

export interface FakeOllama extends FakeServer {
  chats(): { request: RecordedRequest; messages: ChatMessage[]; stream: boolean }[];
  embedRequests(): RecordedRequest[];
}

export interface FakeOllamaOptions {
  dimensions?: number;
}

const message = (model: unknown, content: string, done: boolean) => ({
  model,
  created_at: new Date(0).toISOString(),
  message: { role: 'assistant', content },
  done,
  ...(done ? { done_reason: 'stop', total_duration: 1, prompt_eval_count: 1, eval_count: 1 } : {}),
});

async function chat(reply: FakeReply, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
  if (reply.delayMs) await wait(reply.delayMs);
  if (reply.status && reply.status >= 400) {
    sendJson(res, reply.status, { error: `scripted ${reply.status}` });
    return;
  }
  // Ollama streams unless told stream: false.
  if (body.stream === false) {
    sendJson(res, 200, message(body.model, pieces(reply).join(''), true));
    return;
  }
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const piece of pieces(reply)) {
    if (reply.chunkDelayMs) await wait(reply.chunkDelayMs);
    if (res.destroyed) return;
    res.write(`${JSON.stringify(message(body.model, piece, false))}\n`);
  }
  res.end(`${JSON.stringify(message(body.model, '', true))}\n`);
}

/** Starts the fake on 127.0.0.1 (port 0); `baseUrl` is the host root, as ChatOllama's baseUrl wants. */
export async function startFakeOllama(script: FakeScript = [{ content: '' }], opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  let chatCount = 0;
  const server = await startServer(async (request, res) => {
    if (request.path === '/api/chat') {
      await chat(pickReply(script, request, chatCount++), request.body, res);
    } else if (request.path === '/api/embed') {
      const input = Array.isArray(request.body.input) ? (request.body.input as string[]) : [String(request.body.input)];
      sendJson(res, 200, { model: request.body.model, embeddings: input.map((t) => fakeVector(t, opts.dimensions ?? 12)) });
    } else {
      sendJson(res, 404, { error: `no route ${request.path}` });
    }
  }, '');
  return {
    ...server,
    chats: () =>
      server.requests
        .filter((r) => r.path === '/api/chat')
        .map((request) => ({ request, messages: chatMessages(request.body), stream: request.body.stream !== false })),
    embedRequests: () => server.requests.filter((r) => r.path === '/api/embed'),
  };
}
