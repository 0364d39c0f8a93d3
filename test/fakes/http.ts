// Shared plumbing of the fake model servers: real HTTP on 127.0.0.1, port 0, every request recorded.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** One scripted chat reply. `content` is sent whole or cut into chunks when the client streams. */
export interface FakeReply {
  content?: string;
  /** Exact pieces to stream (joined when the client does not stream). */
  chunks?: string[];
  /** Non-2xx status: answered with a provider-style error body. */
  status?: number;
  /** Wait before answering (timeouts). */
  delayMs?: number;
  /** Wait between streamed pieces. */
  chunkDelayMs?: number;
}

/** Replies in order (the last one repeats), or a function of the request and its 0-based number. */
export type FakeScript = FakeReply[] | ((request: RecordedRequest, n: number) => FakeReply);

export function pickReply(script: FakeScript, request: RecordedRequest, n: number): FakeReply {
  if (typeof script === 'function') return script(request, n);
  const reply = script[Math.min(n, script.length - 1)];
  if (!reply) throw new Error('the fake server was given an empty script');
  return reply;
}

export function pieces(reply: FakeReply): string[] {
  if (reply.chunks) return reply.chunks;
  const text = reply.content ?? '';
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 4) out.push(text.slice(i, i + 4));
  return out;
}

export const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export interface FakeServer {
  /** Base URL as the client library wants it. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (request: RecordedRequest, res: ServerResponse) => Promise<void>;

export async function startServer(handler: Handler, basePath: string): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const body = await readJson(req);
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body };
        requests.push(recorded);
        await handler(recorded, res);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${basePath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Slow replies may still be pending: drop their sockets rather than wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a response unless the client has gone (a timed-out request). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The text of an OpenAI- or Ollama-style message content (string or parts). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: { text?: unknown }) => (typeof p.text === 'string' ? p.text : '')).join('');
  return '';
}

export interface ChatMessage {
  role: string;
  content: string;
}

export function chatMessages(body: Record<string, unknown>): ChatMessage[] {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  return messages.map((m) => ({ role: String(m.role), content: messageText(m.content) }));
}
