// The adapter of the channels that answer within the HTTP request: its turn pipeline (botbuilder's
// runMiddleware, rewritten as a native async function) keeps botbuilder's behaviour.
import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { LegalBot } from '../../src/bot/legalBot.js';
import { ReplyAdapter } from '../../src/bot/replyAdapter.js';

const message = (text: string, locale?: string): Partial<Activity> => ({
  type: 'message',
  text,
  locale,
  channelId: 'web',
  conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
  from: { id: 'u1', name: '' },
  recipient: { id: 'bot', name: '' },
});

describe('ReplyAdapter', () => {
  it('runs the middleware, then the logic, and returns the messages sent (typing indicators dropped)', async () => {
    const adapter = new ReplyAdapter();
    const order: string[] = [];
    adapter.use(async (context, next) => {
      order.push(`middleware:${context.activity.text}`);
      await next();
      order.push('middleware after');
    });
    const replies = await adapter.processActivity(message('你好'), async (context) => {
      order.push('logic');
      await context.sendActivities([{ type: 'typing' }, { type: 'message', text: '答复' }]);
    });
    expect(order).toEqual(['middleware:你好', 'logic', 'middleware after']);
    expect(replies.map((r) => r.text)).toEqual(['答复']);
  });

  it('takes the locale from the activity, as botbuilder does', async () => {
    let locale: string | undefined;
    await new ReplyAdapter().processActivity(message('x', 'zh-CN'), async (context) => {
      locale = context.locale;
    });
    expect(locale).toBe('zh-CN');
  });

  it('hands what the logic throws to onTurnError, with the turn still usable for an apology', async () => {
    const adapter = new ReplyAdapter();
    const seen: Error[] = [];
    adapter.onTurnError = async (context, error) => {
      seen.push(error);
      await context.sendActivities([{ type: 'message', text: '抱歉' }]);
    };
    const replies = await adapter.processActivity(message('x'), async () => {
      throw new Error('core down');
    });
    expect(seen.map((e) => e.message)).toEqual(['core down']);
    expect(replies.map((r) => r.text)).toEqual(['抱歉']);
  });

  it('without onTurnError, the failure reaches the caller', async () => {
    await expect(
      new ReplyAdapter().processActivity(message('x'), async () => {
        throw new Error('core down');
      }),
    ).rejects.toThrow('core down');
  });

  it('revokes the turn context when the turn ends: late use fails loudly', async () => {
    let kept: TurnContext | undefined;
    await new ReplyAdapter().processActivity(message('x'), async (context) => {
      kept = context;
    });
    expect(() => kept?.activity).toThrow(TypeError);
  });
});

describe('the turn path is native async', () => {
  // botbuilder's own versions are generator-based (TypeScript's __awaiter); under load their generators kept
  // each turn's objects alive until a full collection (see ReplyAdapter.runMiddleware). A refactor that goes
  // back to them would pass every other test and cost the latency silently.
  it.each([
    ['ReplyAdapter.runMiddleware', ReplyAdapter.prototype.runMiddleware],
    ['LegalBot.run', LegalBot.prototype.run],
  ])('%s', (_name, method) => {
    expect(method.constructor.name).toBe('AsyncFunction');
  });

  it('botbuilder still checks a turn the way LegalBot.run does', async () => {
    // The checks LegalBot.run copies from ActivityHandlerBase.run, compared with the original.
    const bot = new LegalBot({} as ConstructorParameters<typeof LegalBot>[0]);
    const plain = new ActivityHandler();
    for (const context of [undefined, {}, { activity: {} }] as unknown as TurnContext[]) {
      const ours = await bot.run(context).then(() => 'ok', (e: Error) => e.message);
      const theirs = await plain.run(context).then(() => 'ok', (e: Error) => e.message);
      expect(ours).toBe(theirs);
    }
  });
});
