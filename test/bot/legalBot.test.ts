// Conversations with the bot through botbuilder's TestAdapter, driven from a table: welcome, cited
// answer, follow-up resolution, feedback, help, refusal — with the real answer service and real SQLite.
import { MemoryStorage, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { TurnEndConversationState } from '../../src/bot/conversation.js';
import { Guide } from '../../src/bot/guide.js';
import { LegalBot } from '../../src/bot/legalBot.js';
import type { AnswerChannelData } from '../../src/bot/render.js';
import { loadBotTexts } from '../../src/bot/texts.js';
import { createTurnErrorHandler } from '../../src/bot/turnError.js';
import type { Answer } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { createFeedbackStore, type FeedbackStore } from '../../src/store/feedbackStore.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { appConfig, realService } from '../server/harness.js';

const texts = loadBotTexts();
let service: AnswerService;

beforeAll(async () => {
  service = await realService(appConfig());
});

interface Harness {
  adapter: TestAdapter;
  feedback: FeedbackStore;
}

function harness(channelId = 'test', storage: Storage = new MemoryStorage()): Harness {
  const feedback = createFeedbackStore(openDatabase(':memory:'));
  const bot = new LegalBot({
    service,
    conversationState: new TurnEndConversationState(storage),
    feedback,
    guide: new Guide(texts, () => service.stats()),
    texts,
    hashSalt: 'test-salt',
    logger: silentLogger,
  });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId, locale: 'zh-CN' });
  adapter.onTurnError = createTurnErrorHandler(silentLogger, texts.error);
  return { adapter, feedback };
}

const answerOf = (reply: Partial<Activity>): Answer => {
  const data = reply.channelData as AnswerChannelData | undefined;
  expect(data?.answer).toBeDefined();
  return data!.answer;
};
const compact = (s: string | undefined) => (s ?? '').replace(/\s+/g, '');

/** One user turn and what the bot's single reply must show. `said` gives later steps the earlier replies. */
interface Step {
  send: string | Partial<Activity> | ((said: Partial<Activity>[]) => Partial<Activity>);
  expect: (reply: Partial<Activity>, h: Harness) => void;
}

const welcome: Partial<Activity> = { type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'User' }] };

const conversations: Array<[string, Step[]]> = [
  [
    'welcome: what it knows and 4–6 tappable questions',
    [
      {
        send: welcome,
        expect: (reply) => {
          expect(reply.text).toContain('您好');
          expect(reply.text).toContain('2023');
          expect(reply.text).toContain(`${service.stats().regulations.length} 部`);
          const actions = reply.suggestedActions?.actions ?? [];
          expect(actions.length).toBeGreaterThanOrEqual(4);
          expect(actions.length).toBeLessThanOrEqual(6);
          expect(actions.every((a) => a.type === 'imBack')).toBe(true);
        },
      },
    ],
  ],
  [
    'cited answer from a report, sources as numbered text on a plain channel',
    [
      {
        send: '法治宣传资料发了多少份？',
        expect: (reply) => {
          const answer = answerOf(reply);
          expect(answer.answered).toBe(true);
          expect(compact(answer.answer)).toContain('30000余份');
          expect(reply.text).toContain('出处：');
          expect(reply.text).toMatch(/\n\[1\] 启东经济开发区2023年度法治政府建设情况报告/);
          expect(reply.attachments).toBeUndefined();
        },
      },
    ],
  ],
  [
    'cited answer from a regulation',
    [
      {
        send: '对行政处罚享有哪些权利？',
        expect: (reply) => {
          const answer = answerOf(reply);
          expect(answer.citations.some((c) => c.title.includes('行政处罚法') && c.article === '第七条')).toBe(true);
          expect(reply.text).toContain('行政处罚法》第七条');
        },
      },
    ],
  ],
  [
    'follow-up: an article of the law just cited',
    [
      { send: '申请行政复议需要交费吗？', expect: (reply) => expect(answerOf(reply).citations[0]?.title).toContain('行政复议法') },
      {
        send: '第二十条具体怎么说',
        expect: (reply) => {
          const first = answerOf(reply).citations[0];
          expect(first?.title).toContain('行政复议法');
          expect(first?.article).toBe('第二十条');
        },
      },
    ],
  ],
  [
    'follow-up: another year, refused for lack of a report, then back to a year it has',
    [
      { send: '2023年信访总量是多少？', expect: (reply) => expect(compact(answerOf(reply).answer)).toContain('149批451人次') },
      {
        send: '那2024年呢',
        expect: (reply) => {
          const answer = answerOf(reply);
          expect(answer.answered).toBe(false);
          expect(answer.answer).toContain('2024');
        },
      },
      { send: '那2023年呢', expect: (reply) => expect(compact(answerOf(reply).answer)).toContain('149批451人次') },
    ],
  ],
  [
    'feedback: 👎 on an answer is stored with its question',
    [
      { send: '党工委会议开了几次？', expect: (reply) => expect(answerOf(reply).answered).toBe(true) },
      {
        send: (said) => ({ type: 'message', value: { feedback: 'down', answerId: (said[0]?.channelData as AnswerChannelData).answerId } }),
        expect: (reply, h) => {
          expect(reply.text).toBe(texts.feedbackDown);
          const [down] = h.feedback.downvotedAnswers(10);
          expect(down).toMatchObject({ question: '党工委会议开了几次？', answered: true, downVotes: 1 });
          expect(h.feedback.counts()).toEqual({ unanswered: 0, up: 0, down: 1 });
        },
      },
    ],
  ],
  [
    'help and about',
    [
      {
        send: '帮助',
        expect: (reply) => {
          expect(reply.text).toContain('12348');
          expect(reply.text).toContain('那2024年呢');
          expect(reply.suggestedActions?.actions.length).toBeGreaterThan(0);
        },
      },
      { send: '/help', expect: (reply) => expect(reply.text).toContain('使用方法') },
      {
        send: '关于',
        expect: (reply) => {
          expect(reply.text).toContain('2023年度法治政府建设情况报告');
          expect(reply.text).toContain('行政复议法');
        },
      },
    ],
  ],
  [
    'refusal: out of scope, referred on, recorded as unanswered',
    [
      {
        send: '给我讲个笑话',
        expect: (reply, h) => {
          const answer = answerOf(reply);
          expect(answer.answered).toBe(false);
          expect(reply.text).toMatch(/12348|12345/);
          expect(h.feedback.frequentUnanswered(5).map((q) => q.question)).toEqual(['给我讲个笑话']);
        },
      },
    ],
  ],
];

describe('LegalBot conversations (TestAdapter)', () => {
  it.each(conversations)('%s', async (_name, steps) => {
    const h = harness();
    const said: Partial<Activity>[] = [];
    for (const step of steps) {
      const activity = typeof step.send === 'function' ? step.send(said) : step.send;
      await h.adapter.send(activity).assertReply((reply) => {
        said.push(reply);
        step.expect(reply, h);
      });
    }
    // One reply per turn, nothing left over.
    expect(h.adapter.activeQueue).toHaveLength(0);
  });

  it('in Teams: strips the @mention, answers with a sources card and 👍/👎 actions', async () => {
    const h = harness('msteams');
    await h.adapter
      .send({
        type: 'message',
        text: '<at>法治小助手</at> 党工委会议开了几次？',
        entities: [{ type: 'mention', text: '<at>法治小助手</at>', mentioned: { id: 'bot', name: '法治小助手' } }],
      })
      .assertReply((reply) => {
        const answer = answerOf(reply);
        expect(answer.answered).toBe(true);
        expect(compact(answer.answer)).toContain('15次');
        expect(reply.text).not.toContain('出处：');
        const card = reply.attachments?.[0];
        expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
        const content = card?.content as { body: Array<{ type: string }>; actions: Array<{ type: string; data: { feedback: string } }> };
        expect(content.body.filter((b) => b.type === 'Container')).toHaveLength(answer.citations.length);
        expect(content.actions.map((a) => [a.type, a.data.feedback])).toEqual([
          ['Action.Submit', 'up'],
          ['Action.Submit', 'down'],
        ]);
      });
  });

  it('when a turn fails, says the fixed apology and nothing of the cause', async () => {
    const broken: Storage = {
      read: () => Promise.reject(new Error('state store down at /srv/secret/state.db')),
      write: () => Promise.resolve(),
      delete: () => Promise.resolve(),
    };
    const h = harness('test', broken);
    await h.adapter.send('党工委会议开了几次？').assertReply((reply) => {
      expect(reply.text).toBe(texts.error);
      expect(JSON.stringify(reply)).not.toContain('/srv/secret');
    });
  });
});
