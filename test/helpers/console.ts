// What the staff console's tests share: signing in over HTTP, a question the bot really declines today (asked,
// never assumed), waiting for the rebuild that covers a link, and a log of many questions for the load figures.
import fs from 'node:fs';
import path from 'node:path';
import type { FeedbackStore } from '../../src/store/feedbackStore.js';
import { knowledgeDir, tempDir } from './paths.js';

/**
 * Residents' odd wordings of questions whose article is loaded. The tests ask them through /api/chat and use the
 * first the bot declines at that moment; if the answering core learns to answer all of them, add new wordings here.
 */
export const DECLINED_CANDIDATES = [
  { q: '违法的事过了两年还能罚吗', law: '行政处罚法', article: '第三十六条' },
  { q: '两年前的违章现在还罚我合理吗', law: '行政处罚法', article: '第三十六条' },
  { q: '我家小孩十三岁打了人要不要罚', law: '行政处罚法', article: '第三十条' },
  { q: '罚款单上写的钱过了十五天还没交会怎样', law: '行政处罚法', article: '第七十二条' },
];

export type Candidate = (typeof DECLINED_CANDIDATES)[number];

export interface ChatAnswer {
  answered: boolean;
  answer: string;
  citations: { kind: string; title: string; article?: string }[];
}

export async function ask(baseUrl: string, text: string): Promise<ChatAnswer> {
  const res = await fetch(`${baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  if (!res.ok) throw new Error(`/api/chat answered ${res.status}`);
  return (await res.json()) as ChatAnswer;
}

export async function pickDeclined(baseUrl: string): Promise<Candidate> {
  for (const c of DECLINED_CANDIDATES) if (!(await ask(baseUrl, c.q)).answered) return c;
  throw new Error(`the bot answers every candidate in DECLINED_CANDIDATES now; add wordings it declines (test/helpers/console.ts)`);
}

export const cites = (a: ChatAnswer, c: Pick<Candidate, 'law' | 'article'>) =>
  a.citations.some((x) => x.kind === 'regulation' && x.title.endsWith(c.law) && x.article === c.article);

/** A copy of the repository's knowledge/ to write staff links into (the repository's own is never written). */
export function knowledgeCopy(): string {
  const dir = path.join(tempDir('qd-console-knowledge-'), 'knowledge');
  fs.cpSync(knowledgeDir, dir, { recursive: true });
  return dir;
}

export interface ConsoleSession {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function signIn(baseUrl: string, token: string, name?: string): Promise<ConsoleSession> {
  const res = await fetch(`${baseUrl}/admin/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, name }) });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf } = (await res.json()) as { csrf: string };
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Waits until the rebuild numbered `generation` (or a later one) has finished. */
export async function waitForRebuild(baseUrl: string, session: ConsoleSession, generation: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = (await (await fetch(`${baseUrl}/admin/api/index`, { headers: { cookie: session.cookie } })).json()) as { completed: number; failed: number };
    if (s.completed >= generation) return;
    if (s.failed >= generation) throw new Error('the rebuild failed');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the rebuild did not finish in time');
}

/**
 * `n` questions over the `days` days before today, as the bot logs them (through the same store, masked): about
 * 70 % answered across 12 topics, 25 % declined over a few hundred wordings, and some 👎.
 */
export function seedQuestions(store: FeedbackStore, n: number, days = 30): void {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const topics = ['行政处罚法', '行政复议法', '行政诉讼法', '法律援助法', '消防法', '禁毒法', '人民调解法', '信访工作条例', '安全生产法', '反电信网络诈骗法', '2023年报告·规范行政执法', '2023年报告·强化法治宣传工作'];
  const subjects = ['罚款', '拆迁', '社保', '护照', '户口', '工伤', '驾照', '低保', '宅基地', '物业', '停车', '噪音', '养老金', '公积金', '学区'];
  const asks = ['怎么办', '找谁', '要多久', '要花钱吗', '去哪里办', '合法吗', '有什么规定', '能投诉吗'];
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    // Within the last `days` days (the console's default range is the last 30 China dates, today included).
    const at = new Date(now - random() * (days - 1) * 86_400_000);
    const r = random();
    const answered = r < 0.72;
    const question = answered
      ? `${topics[Math.floor(random() * topics.length)]}里${asks[Math.floor(random() * asks.length)]}`
      : `${subjects[Math.floor(random() * subjects.length)]}的事${asks[Math.floor(random() * asks.length)]}${r < 0.8 ? '？' : ''}${Math.floor(random() * 40)}`;
    const answerId = `seed-${i}`;
    store.recordQuestion({
      answerId,
      question,
      channel: random() < 0.2 ? 'wechat' : 'web',
      userHash: null,
      answered,
      topic: answered ? topics[Math.floor(random() * topics.length)]! : null,
      cited: answered ? '行政处罚法 第三十六条' : null,
      answerText: answered ? null : '抱歉，知识库里没有能回答这个问题的内容。',
      at,
    });
    if (answered && random() < 0.04) {
      store.recordFeedback({ answerId, rating: 'down', question, answerText: '……', answered: true, channel: 'web', userHash: `u${i}`, at });
    }
  }
  store.flush();
}
