// The standalone question a follow-up became is remembered from the core's own word (Answer.resolved):
// with a chat model configured, the model's rewrite of a follow-up is what the next follow-up builds on,
// not the rules' guess. The model is a fake OpenAI-compatible server (the network edge); the core, the
// index, the bot and its conversation state are real.
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/service.js';
import { TurnEndConversationState } from '../../src/bot/conversation.js';
import { Guide } from '../../src/bot/guide.js';
import { LegalBot } from '../../src/bot/legalBot.js';
import type { AnswerChannelData } from '../../src/bot/render.js';
import { loadBotTexts } from '../../src/bot/texts.js';
import type { Answer } from '../../src/domain.js';
import { silentLogger } from '../../src/logger.js';
import { createFeedbackStore } from '../../src/store/feedbackStore.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { chatMessages } from '../fakes/http.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/fake-openai.js';
import { appConfig, realService } from '../server/harness.js';

/** What the fake model makes of each follow-up it is asked to rewrite. */
const REWRITES: Record<string, string> = {
  '那宣传资料呢？': '2023年开发区发放了多少份法治宣传资料？',
  // After a declined question the rules have nothing to build on, so the model rewrites even this one.
  '那2024年呢': '2024年开发区组织了几次学法？',
};

/** Is this chat request the follow-up rewrite (prompts/follow-up.md)? Then the follow-up it rewrites. */
function followUpAsked(body: Record<string, unknown>): string | undefined {
  const text = chatMessages(body).map((m) => m.content).join('\n');
  if (!text.includes('改写成一个完整')) return undefined;
  return Object.keys(REWRITES).find((q) => text.includes(`追问：${q}`) || text.endsWith(q) || text.includes(q));
}

let fake: FakeOpenAI;
let service: AnswerService;

beforeAll(async () => {
  fake = await startFakeOpenAI((request) => {
    const asked = followUpAsked(request.body);
    // The composer gets a reply without [n] markers: its guard falls back to the extractive answer.
    return { content: asked ? REWRITES[asked]! : '好的。' };
  });
  service = await realService(appConfig({ LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'fake', LLM_RETRY_BACKOFF_MS: '1' }));
});

afterAll(async () => {
  await fake.close();
});

function conversation(): TestAdapter {
  const texts = loadBotTexts();
  const bot = new LegalBot({
    service,
    conversationState: new TurnEndConversationState(new MemoryStorage()),
    feedback: createFeedbackStore(openDatabase(':memory:')),
    guide: new Guide(texts, () => service.stats()),
    texts,
    hashSalt: 'test-salt',
    logger: silentLogger,
  });
  return new TestAdapter((context) => bot.run(context), { channelId: 'test', locale: 'zh-CN' });
}

const answerOf = (reply: Partial<Activity>): Answer => (reply.channelData as AnswerChannelData).answer;

/** A fresh conversation: say something, and the Answers of the replies so far. */
function talk(): { say: (text: string) => Promise<void>; replies: Answer[] } {
  const adapter = conversation();
  const replies: Answer[] = [];
  const say = async (text: string) => {
    await adapter.send(text).assertReply((reply) => {
      replies.push(answerOf(reply));
    });
  };
  return { say, replies };
}
/** The <问题> of the newest request to the composer (prompts/answer.md). */
const lastComposedQuestion = () =>
  fake
    .chats()
    .map((c) => /<问题>\n([\s\S]*?)\n<\/问题>/u.exec(c.messages.map((m) => m.content).join('\n'))?.[1])
    .filter((q) => q !== undefined)
    .at(-1);
const rewritesAsked = () => fake.chats().filter((c) => followUpAsked(c.request.body) !== undefined).length;

describe('a follow-up resolved by the model is remembered', () => {
  it('"还有呢" after a follow-up the model rewrote builds on the model\'s rewrite', async () => {
    const { say, replies } = talk();
    const before = rewritesAsked();
    await say('开发区组织了几次学法？');
    // The rules leave "那宣传资料呢？" alone: the model rewrites it.
    await say('那宣传资料呢？');
    expect(rewritesAsked() - before).toBe(1);
    expect(replies[1]!.resolved).toBe(REWRITES['那宣传资料呢？']);
    expect(replies[1]!.answer.replace(/\s+/g, '')).toContain('30000余份');
    // "还有呢" is the rules' (other passages of the question before): that question is the model's rewrite.
    await say('还有呢');
    expect(rewritesAsked() - before).toBe(1);
    expect(replies[2]!.resolved).toBe(REWRITES['那宣传资料呢？']);
    // What the next follow-up searched and had worded: the rewrite, not "那宣传资料呢？".
    expect(lastComposedQuestion()).toBe(REWRITES['那宣传资料呢？']);
    const shown = new Set(replies[1]!.citations.slice(0, 2).map((c) => c.id));
    expect(replies[2]!.citations.some((c) => shown.has(c.id))).toBe(false);
  });

  it('"那2024年呢" is the rules\' before any model; "还有呢" builds on what it became', async () => {
    const { say, replies } = talk();
    const before = rewritesAsked();
    await say('2023年信访总量是多少？');
    await say('那2024年呢');
    await say('还有呢');
    expect(rewritesAsked() - before).toBe(0);
    expect(replies.map((a) => a.resolved)).toEqual([undefined, '2024年信访总量是多少？', '2024年信访总量是多少？']);
  });

  it('the model rewrites "那2024年呢" after a declined question, and "还有呢" builds on the rewrite', async () => {
    const { say, replies } = talk();
    const before = rewritesAsked();
    // No 2022 report: declined, so the rules have no earlier question for "那2024年呢" and leave it alone.
    await say('2022年开发区组织了几次学法？');
    expect(replies[0]!.answered).toBe(false);
    await say('那2024年呢');
    expect(rewritesAsked() - before).toBe(1);
    expect(replies[1]!.resolved).toBe(REWRITES['那2024年呢']);
    // The 2023 report's plans for 2024 answer the year the rewrite asks about.
    expect(replies[1]!.answer).toContain('对2024年的安排');
    // Before the fix the bot remembered no rewrite; "那2024年呢" alone was no question to build on, so
    // "还有呢" went to the model as a follow-up of nothing. Now the rules take the remembered rewrite.
    await say('还有呢');
    expect(rewritesAsked() - before).toBe(1);
    expect(replies[2]!.resolved).toBe(REWRITES['那2024年呢']);
    // Past the plans already shown there is no 2024 report to go on to: the answer is still about 2024.
    expect(replies[2]!.answer).toContain('没有2024年');
  });
});
