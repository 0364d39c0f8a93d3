// The real server on port 0 with the real answer service: the /api/chat contract, /api/messages with
// expectReplies (no auth), the welcome and feedback endpoints, health, static files and CORS.
import http from 'node:http';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import type { Answer } from '../../src/domain.js';
import { appConfig, emulatorMessage, postJson, realService, startApp, type RunningApp } from './harness.js';

type ChatReply = Answer & { conversationId: string; answerId: string };
type Activity = { type: string; text?: string; channelData?: { answer?: Answer; answerId?: string }; attachments?: Array<{ contentType: string; content: unknown }>; suggestedActions?: { actions: Array<{ type: string; value: string }> } };

const compact = (s: string) => s.replace(/\s+/g, '');

class CountingStorage extends MemoryStorage {
  reads = 0;
  writes = 0;
  override read(keys: string[]): Promise<StoreItems> {
    this.reads++;
    return super.read(keys);
  }
  override write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

let service: AnswerService;
let running: RunningApp;

beforeAll(async () => {
  const config = appConfig();
  service = await realService(config);
  running = await startApp(config, service);
});

afterAll(async () => {
  await running?.close();
});

async function chat(body: Record<string, unknown>): Promise<ChatReply> {
  const res = await postJson(`${running.baseUrl}/api/chat`, body);
  expect(res.status).toBe(200);
  return (await res.json()) as ChatReply;
}

async function expectReplies(activity: Record<string, unknown>): Promise<Activity[]> {
  const res = await postJson(`${running.baseUrl}/api/messages`, { deliveryMode: 'expectReplies', ...activity });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { activities: Activity[] };
  return body.activities;
}

describe('POST /api/chat', () => {
  it('answers with the Answer object, a conversationId and an answerId', async () => {
    const res = await postJson(`${running.baseUrl}/api/chat`, { text: '党工委会议开了几次？' });
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const reply = (await res.json()) as ChatReply;
    expect(reply.answered).toBe(true);
    expect(compact(reply.answer)).toContain('15次');
    expect(reply.citations.length).toBeGreaterThan(0);
    expect(reply.citations.length).toBeLessThanOrEqual(5);
    for (const c of reply.citations) {
      expect(['report', 'regulation', 'faq']).toContain(c.kind);
      expect(typeof c.title).toBe('string');
      expect(c.text.length).toBeGreaterThan(0);
    }
    expect(Array.isArray(reply.suggestions)).toBe(true);
    expect(reply.conversationId).toMatch(/^[\w-]+$/);
    expect(reply.answerId).toMatch(/^[\w-]+$/);
  });

  it('resolves a follow-up from the same conversation', async () => {
    const conversationId = 'follow-up-1';
    const first = await chat({ text: '申请行政复议需要交费吗？', conversationId });
    expect(first.citations.some((c) => c.title.includes('行政复议法'))).toBe(true);
    const second = await chat({ text: '第二十条具体怎么说', conversationId });
    expect(second.answered).toBe(true);
    expect(second.citations[0]).toMatchObject({ kind: 'regulation', article: '第二十条' });
    expect(second.citations[0]?.title).toContain('行政复议法');
  });

  it('starts a new visitor\'s conversation without reading the store; its id then carries the follow-up', async () => {
    const storage = new CountingStorage();
    const own = await startApp(appConfig(), service, { storage });
    try {
      const res = await postJson(`${own.baseUrl}/api/chat`, { text: '申请行政复议需要交费吗？' });
      const first = (await res.json()) as ChatReply;
      expect(storage.reads).toBe(0);
      expect(storage.writes).toBe(1);
      const next = await postJson(`${own.baseUrl}/api/chat`, { text: '第二十条具体怎么说', conversationId: first.conversationId });
      const second = (await next.json()) as ChatReply;
      expect(storage.reads).toBe(1);
      expect(second.citations[0]).toMatchObject({ kind: 'regulation', article: '第二十条' });
      expect(second.citations[0]?.title).toContain('行政复议法');
    } finally {
      await own.close();
    }
  });

  it('keeps conversations apart', async () => {
    await chat({ text: '申请行政复议需要交费吗？', conversationId: 'apart-a' });
    const other = await chat({ text: '第二十条具体怎么说', conversationId: 'apart-b' });
    // Without the history there is no law to take article 20 from.
    expect(other.citations[0]?.title.includes('行政复议法') && other.citations[0]?.article === '第二十条').toBe(false);
  });

  it('refuses what the knowledge base does not hold and records it as unanswered', async () => {
    const reply = await chat({ text: '今晚有什么好看的电影？', userId: 'resident-42' });
    expect(reply.answered).toBe(false);
    expect(reply.answer).toMatch(/12348|12345/);
    const frequent = running.app.feedback.frequentUnanswered(50);
    expect(frequent.map((q) => q.question)).toContain('今晚有什么好看的电影？');
  });

  it('answers 帮助 and 关于 with the fixed texts, filled', async () => {
    const help = await chat({ text: '帮助' });
    expect(help.answer).toContain('12348');
    expect(help.answer).not.toMatch(/\{\{/);
    const about = await chat({ text: '关于' });
    expect(about.answer).toContain('2023年度法治政府建设情况报告');
    expect(about.answer).toContain('行政处罚法');
  });
});

/** Reads an SSE body into its events. */
async function readEvents(res: Response): Promise<Array<{ event: string; data: unknown }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('POST /api/chat with Accept: text/event-stream', () => {
  it('streams the same Answer, with its ids, as the last event (no model: no tokens)', async () => {
    const text = '2023年信访总量是多少？';
    const res = await postJson(`${running.baseUrl}/api/chat`, { text, conversationId: 'sse-1' }, { accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(['answer']);
    const streamed = events[0]!.data as ChatReply;
    expect(streamed.conversationId).toBe('sse-1');
    expect(streamed.answerId).toMatch(/^[\w-]+$/);
    const json = await chat({ text, conversationId: 'sse-2' });
    const strip = ({ conversationId: _c, answerId: _a, ...answer }: ChatReply) => answer;
    expect(strip(streamed)).toEqual(strip(json));
  });

  it('remembers the streamed turn for a follow-up', async () => {
    const first = await postJson(`${running.baseUrl}/api/chat`, { text: '申请行政复议需要交费吗？', conversationId: 'sse-follow' }, { accept: 'text/event-stream' });
    await first.text();
    const second = await chat({ text: '第二十条具体怎么说', conversationId: 'sse-follow' });
    expect(second.citations[0]).toMatchObject({ kind: 'regulation', article: '第二十条' });
  });
});

describe('POST /api/messages (Bot Framework, local mode)', () => {
  it('returns the replies in the body with expectReplies: text, sources card, suggested actions', async () => {
    const activities = await expectReplies(emulatorMessage('法治宣传资料发了多少份？', 'emu-1'));
    const messages = activities.filter((a) => a.type === 'message');
    expect(messages).toHaveLength(1);
    const reply = messages[0]!;
    expect(reply.channelData?.answer?.answered).toBe(true);
    expect(compact(reply.text ?? '')).toContain('30000余份');
    const card = reply.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    expect(card).toBeDefined();
    const actions = (card!.content as { actions: Array<{ type: string; data: unknown }> }).actions;
    expect(actions.map((a) => a.data)).toEqual([
      { feedback: 'up', answerId: reply.channelData?.answerId },
      { feedback: 'down', answerId: reply.channelData?.answerId },
    ]);
  });

  it('welcomes a member added with what it knows and tappable questions', async () => {
    const activities = await expectReplies({
      ...emulatorMessage('', 'emu-welcome'),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: 'bot-1' }, { id: 'user-1' }],
    });
    expect(activities).toHaveLength(1);
    expect(activities[0]?.text).toContain('2023');
    const questions = activities[0]?.suggestedActions?.actions ?? [];
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.length).toBeLessThanOrEqual(6);
    expect(questions.every((a) => a.type === 'imBack' && a.value.length > 0)).toBe(true);
  });

  it('gives the same Answer as /api/chat for the same question (one code path)', async () => {
    const questions = ['开发区2023年学法一共组织了多少次？', '同一个违法行为能罚两次款吗？', '给我讲个笑话', '2023年信访总量是多少？'];
    for (const [i, text] of questions.entries()) {
      const web = await chat({ text, conversationId: `same-web-${i}` });
      const [message] = await expectReplies(emulatorMessage(text, `same-emu-${i}`));
      const { conversationId: _c, answerId: _a, ...webAnswer } = web;
      expect(message?.channelData?.answer).toEqual(webAnswer);
    }
  });

  it('takes 👍/👎 from the card and stores it with the question', async () => {
    const [answer] = await expectReplies(emulatorMessage('党工委会议开了几次？', 'emu-feedback'));
    const answerId = answer?.channelData?.answerId;
    expect(answerId).toBeTruthy();
    const [thanks] = await expectReplies(emulatorMessage('', 'emu-feedback', { text: undefined, value: { feedback: 'down', answerId } }));
    expect(thanks?.text).toBeTruthy();
    const down = running.app.feedback.downvotedAnswers(100).find((a) => a.answerId === answerId);
    expect(down).toMatchObject({ question: '党工委会议开了几次？', answered: true, downVotes: 1 });
  });
});

describe('web endpoints', () => {
  it('GET /api/welcome says what is loaded', async () => {
    const res = await fetch(`${running.baseUrl}/api/welcome`);
    expect(res.status).toBe(200);
    const welcome = (await res.json()) as { text: string; suggestions: string[]; reportYears: number[]; regulations: string[] };
    expect(welcome.reportYears).toEqual([2023]);
    expect(welcome.regulations.length).toBe(service.stats().regulations.length);
    expect(welcome.regulations.length).toBeGreaterThanOrEqual(15);
    expect(welcome.text).toContain(String(welcome.regulations.length));
    expect(welcome.suggestions.length).toBeGreaterThanOrEqual(4);
    expect(welcome.suggestions.join('')).not.toMatch(/\{\{/);
  });

  it('POST /api/feedback stores the rating for the answer and returns 204', async () => {
    const reply = await chat({ text: '庭式调解做了多少起？', conversationId: 'web-feedback', userId: 'visitor-7' });
    const res = await postJson(`${running.baseUrl}/api/feedback`, { conversationId: 'web-feedback', answerId: reply.answerId, rating: 'down', userId: 'visitor-7' });
    expect(res.status).toBe(204);
    // A second click changes nothing in the count: one vote per person and answer.
    await postJson(`${running.baseUrl}/api/feedback`, { conversationId: 'web-feedback', answerId: reply.answerId, rating: 'down', userId: 'visitor-7' });
    const down = running.app.feedback.downvotedAnswers(100).find((a) => a.answerId === reply.answerId);
    expect(down).toMatchObject({ question: '庭式调解做了多少起？', downVotes: 1 });
    expect(down?.answerText).toBe(reply.answer);
  });

  it('POST /api/feedback refuses a rating that is not up or down', async () => {
    const res = await postJson(`${running.baseUrl}/api/feedback`, { conversationId: 'x', answerId: 'y', rating: 'meh' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_rating' });
  });

  it('GET /healthz reports what is loaded', async () => {
    const res = await fetch(`${running.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { status: string; chunks: number; reportYears: number[]; regulations: string[] };
    expect(health.status).toBe('ok');
    expect(health.chunks).toBeGreaterThan(100);
    expect(health.reportYears).toEqual([2023]);
    expect(health.regulations.length).toBeGreaterThanOrEqual(15);
  });

  it('serves the widget and the demo page from memory, with revalidation', async () => {
    const widget = await fetch(`${running.baseUrl}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    const etag = widget.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await widget.text()).length).toBeGreaterThan(1000);
    const again = await fetch(`${running.baseUrl}/widget.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    const page = await fetch(`${running.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('widget.js');
  });
});

describe('CORS (ALLOWED_ORIGINS empty: same origin and localhost)', () => {
  const preflight = (origin: string) =>
    fetch(`${running.baseUrl}/api/chat`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  it('lets a localhost page call the API', async () => {
    const res = await preflight('http://localhost:5173');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    const post = await postJson(`${running.baseUrl}/api/chat`, { text: '帮助' }, { origin: 'http://127.0.0.1:8080' });
    expect(post.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
  });

  it('gives another site no CORS headers', async () => {
    const res = await preflight('https://elsewhere.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('close()', () => {
  it('lets a request in flight finish before the server stops', async () => {
    const config = appConfig();
    const own = await startApp(config, service);
    const url = new URL(`${own.baseUrl}/api/chat`);
    const body = JSON.stringify({ text: '党工委会议开了几次？' });
    // close() once the server has the request (headers in, body still coming).
    const arrived = new Promise((resolve) => own.app.server.server.once('request', resolve));
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Half the body now; the rest after close() has begun.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 150);
    });
    await arrived;
    const closed = own.close();
    const result = await response;
    await closed;
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body) as Answer).answered).toBe(true);
    expect(own.app.server.server.listening).toBe(false);
  });
});
