// A local stand-in for api.weixin.qq.com: /cgi-bin/token and /cgi-bin/message/custom/send on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  accessToken: string;
  body: { touser: string; msgtype: string; text: { content: string } };
}

export class FakeWeChatApi {
  tokenRequests: URLSearchParams[] = [];
  sent: SentMessage[] = [];
  /** errcodes the next custom/send calls answer with, first one first. */
  sendErrors: number[] = [];
  tokenError?: number;
  tokenDelayMs = 0;
  private issued = 0;
  private waiters: Array<() => void> = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves once `count` messages have been sent. */
  async waitForSent(count: number, timeoutMs = 5000): Promise<SentMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} customer-service messages, got ${this.sent.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.sent;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/token') {
      this.tokenRequests.push(url.searchParams);
      if (this.tokenDelayMs) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
      if (this.tokenError) return reply({ errcode: this.tokenError, errmsg: 'invalid appsecret' });
      this.issued++;
      return reply({ access_token: `TOKEN-${this.issued}`, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/custom/send' && req.method === 'POST') {
      const errcode = this.sendErrors.shift();
      if (errcode) return reply({ errcode, errmsg: 'refused' });
      this.sent.push({ accessToken: url.searchParams.get('access_token') ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as SentMessage['body'] });
      this.waiters.splice(0).forEach((w) => w());
      return reply({ errcode: 0, errmsg: 'ok' });
    }
    res.writeHead(404).end();
  }
}
