// The widget's channel: POST /api/chat and /api/feedback run the same bot through a ReplyAdapter (one code
// path with Teams and the Emulator) and return the Answer it rendered as JSON — or, with
// "Accept: text/event-stream", as SSE: the model's tokens as they come, then the same Answer. GET /api/welcome says hello.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';
import type { Guide } from '../bot/guide.js';
import { NEW_CONVERSATION, TOKEN_SINK, TURN_LOGGER, type LegalBot } from '../bot/legalBot.js';
import type { AnswerChannelData } from '../bot/render.js';
import type { ReplyAdapter } from '../bot/replyAdapter.js';
import { badRequest, HttpError, isRecord, readJsonBody, route } from '../http/json.js';
import { requestLogger } from '../http/requestLog.js';
import { MAX_MESSAGE_CHARS } from '../limits.js';
import type { AnswerStreamEvent } from '../domain.js';
import { wantsEventStream, writeAnswerStream } from './sse.js';

export const WEB_CHANNEL_ID = 'web';
/** The widget sends a question and two ids; 16 KB is far more than any of that needs. */
export const WEB_BODY_LIMIT = 16 * 1024;
const ID_PATTERN = /^[\w.:@-]{1,128}$/;

export interface WebChannelDeps {
  bot: LegalBot;
  adapter: ReplyAdapter;
  guide: Guide;
  logger: Logger;
}

export interface ChatRequest {
  text: string;
  conversationId?: string;
  userId?: string;
}

function optionalId(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw badRequest(`invalid_${field}`, `${field} 须为 1–128 个字母、数字或 ._:@- 字符。`);
  }
  return value;
}

export function parseChatRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw badRequest('invalid_body', '请求内容须为 JSON 对象。');
  const { text } = body;
  if (typeof text !== 'string') throw badRequest('invalid_text', 'text 须为字符串。');
  if (text.trim() === '') throw badRequest('empty_text', '请输入问题。');
  if (text.length > MAX_MESSAGE_CHARS) throw badRequest('text_too_long', `问题请控制在 ${MAX_MESSAGE_CHARS} 字以内。`);
  return { text, conversationId: optionalId(body, 'conversationId'), userId: optionalId(body, 'userId') };
}

function incoming(conversationId: string, userId: string | undefined, fields: Partial<Activity>): Partial<Activity> {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: WEB_CHANNEL_ID,
    // Replies go back in the HTTP response, never to a service URL.
    serviceUrl: '',
    timestamp: new Date(),
    locale: 'zh-CN',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    // Without a user id the conversation stands for its one visitor.
    from: { id: userId ?? `visitor:${conversationId}`, name: '' },
    recipient: { id: 'bot', name: '法治小助手' },
    ...fields,
  };
}

export function registerWebRoutes(server: Server, deps: WebChannelDeps): void {
  const { bot, adapter, guide, logger } = deps;

  const runTurn = (req: Request, activity: Partial<Activity>, options: { onToken?: (text: string) => void; newConversation?: boolean } = {}) =>
    adapter.processActivity(
      activity,
      (context) => bot.run(context),
      (context) => {
        context.turnState.set(TURN_LOGGER, requestLogger(req, logger));
        if (options.onToken) context.turnState.set(TOKEN_SINK, options.onToken);
        if (options.newConversation) context.turnState.set(NEW_CONVERSATION, true);
      },
    );

  const answerOf = (replies: Partial<Activity>[]): AnswerChannelData | undefined => {
    const data = replies.map((r) => r.channelData as Partial<AnswerChannelData> | undefined).find((d) => d?.answer !== undefined);
    return data?.answer && data.answerId ? { answer: data.answer, answerId: data.answerId } : undefined;
  };

  /** SSE: tokens while the bot answers, then the Answer (with its ids); a failed turn ends in an "error" event. */
  const streamChat = async (req: Request, res: Response, activity: Partial<Activity>, conversationId: string, newConversation: boolean) => {
    const events = new EventQueue<AnswerStreamEvent>();
    runTurn(req, activity, { onToken: (text) => events.push({ type: 'token', text }), newConversation }).then(
      (replies) => {
        const data = answerOf(replies);
        if (!data) return events.fail(new Error('the bot turn failed; its apology was sent instead of an answer'));
        events.push({ type: 'answer', answer: { ...data.answer, conversationId, answerId: data.answerId } as typeof data.answer });
        events.end();
      },
      (error: unknown) => events.fail(error),
    );
    await writeAnswerStream(res, events, { onError: (error) => requestLogger(req, logger).warn({ err: error }, 'chat stream ended without an answer') });
  };

  server.post(
    '/api/chat',
    route(logger, async (req: Request, res: Response) => {
      const chat = parseChatRequest(await readJsonBody(req, WEB_BODY_LIMIT));
      // No id: a new visitor, whose conversation begins here under an id nobody could have used before.
      const newConversation = chat.conversationId === undefined;
      const conversationId = chat.conversationId ?? randomUUID();
      const activity = incoming(conversationId, chat.userId, { text: chat.text });
      if (wantsEventStream(req.headers.accept)) {
        await streamChat(req, res, activity, conversationId, newConversation);
        return;
      }
      const replies = await runTurn(req, activity, { newConversation });
      const data = answerOf(replies);
      if (!data) {
        // The bot's turn failed and it sent its apology; the widget shows this message.
        throw new HttpError(500, 'internal', replies[0]?.text ?? '服务暂时不可用，请稍后再试。');
      }
      res.send(200, { ...data.answer, conversationId, answerId: data.answerId });
    }),
  );

  server.post(
    '/api/feedback',
    route(logger, async (req: Request, res: Response) => {
      const body = await readJsonBody(req, WEB_BODY_LIMIT);
      if (!isRecord(body)) throw badRequest('invalid_body', '请求内容须为 JSON 对象。');
      const { rating, answerId } = body;
      if (rating !== 'up' && rating !== 'down') throw badRequest('invalid_rating', "rating 须为 'up' 或 'down'。");
      if (typeof answerId !== 'string' || !ID_PATTERN.test(answerId)) throw badRequest('invalid_answerId', 'answerId 无效。');
      const conversationId = optionalId(body, 'conversationId');
      if (!conversationId) throw badRequest('invalid_conversationId', '缺少 conversationId。');
      await runTurn(req, incoming(conversationId, optionalId(body, 'userId'), { value: { feedback: rating, answerId } }));
      res.send(204);
    }),
  );

  server.get(
    '/api/welcome',
    route(logger, async (_req: Request, res: Response) => {
      res.send(200, guide.welcome());
    }),
  );
}

/** Events pushed by one side (the bot's turn), read in order by the other (the SSE writer). */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly buffered: T[] = [];
  private waiting: (() => void) | undefined;
  private done = false;
  private error: unknown;
  private failed = false;

  push(item: T): void {
    this.buffered.push(item);
    this.wake();
  }

  end(): void {
    this.done = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.error = error;
    this.failed = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.buffered.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.failed) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
