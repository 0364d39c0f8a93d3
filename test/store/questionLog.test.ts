// Every question is logged (answered too), masked, in batches off the chat path; the console's figures per day,
// topics, declined and 👎 questions come from those rows; marks and the audit log are kept beside them.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskingFeedbackStore } from '../../src/privacy/feedback.js';
import { summarizeAnswer, sectionTopic } from '../../src/bot/asked.js';
import { createConsoleStore, daysOf } from '../../src/store/consoleStore.js';
import { chinaDay, createFeedbackStore, QUESTION_FLUSH_MS, type AskedEntry } from '../../src/store/feedbackStore.js';
import { feedbackDatabasePath, openDatabase } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/paths.js';

const asked = (over: Partial<AskedEntry>): AskedEntry => ({
  answerId: `a-${Math.random().toString(36).slice(2)}`,
  question: '违法的事过了两年还能罚吗',
  channel: 'web',
  userHash: null,
  answered: false,
  topic: null,
  cited: null,
  answerText: '抱歉，知识库里没有能回答这个问题的内容。',
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('question log', () => {
  it('writes in batches: nothing on the chat path, everything within the flush time or before a read', () => {
    vi.useFakeTimers();
    const db = openDatabase(':memory:');
    const store = createFeedbackStore(db);
    const rows = () => (db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n;
    store.recordQuestion(asked({}));
    store.recordQuestion(asked({ answered: true, topic: '行政处罚法', cited: '行政处罚法 第三十六条', answerText: null }));
    expect(rows()).toBe(0);
    vi.advanceTimersByTime(QUESTION_FLUSH_MS);
    expect(rows()).toBe(2);
    store.recordQuestion(asked({}));
    // Declined questions are what `npm run report:feedback` counts as unanswered.
    expect(store.counts().unanswered).toBe(2);
    expect(store.frequentUnanswered(5)).toMatchObject([{ question: '违法的事过了两年还能罚吗', count: 2 }]);
    expect(rows()).toBe(3);
  });

  it('masks personal numbers in the question and the reply before they are stored', () => {
    const db = openDatabase(':memory:');
    const store = maskingFeedbackStore(createFeedbackStore(db));
    store.recordQuestion(asked({ question: '我电话13812345678，身份证110101199003071234，罚款过期了怎么办', answerText: '请拨打 13812345678' }));
    store.flush();
    const row = db.prepare('SELECT question, answer_text FROM questions').get() as { question: string; answer_text: string };
    expect(row.question).toBe('我电话[手机号]，身份证[身份证号]，罚款过期了怎么办');
    expect(row.answer_text).toBe('请拨打 [手机号]');
    expect(JSON.stringify(store.frequentUnanswered(5))).not.toContain('13812345678');
  });

  it('writes what waits when the store closes', () => {
    const file = feedbackDatabasePath(tempDir('qd-questions-'));
    const store = createFeedbackStore(openDatabase(file));
    store.recordQuestion(asked({}));
    store.close();
    const again = new Database(file);
    expect((again.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n).toBe(1);
    again.close();
  });

  it('brings the declined questions logged before the question log along (migration 2)', () => {
    const file = feedbackDatabasePath(tempDir('qd-questions-'));
    const old = new Database(file);
    old.exec(`CREATE TABLE unanswered (id INTEGER PRIMARY KEY AUTOINCREMENT, answer_id TEXT NOT NULL, question TEXT NOT NULL, channel TEXT NOT NULL, user_hash TEXT, created_at TEXT NOT NULL);
      CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, answer_id TEXT NOT NULL, rating TEXT NOT NULL, question TEXT, answer_text TEXT, answered INTEGER, channel TEXT NOT NULL, user_hash TEXT, created_at TEXT NOT NULL);
      INSERT INTO unanswered (answer_id, question, channel, user_hash, created_at) VALUES ('a1', '怎么办理护照', 'web', NULL, '2026-11-30T17:00:00.000Z');`);
    old.pragma('user_version = 1');
    old.close();
    const console = createConsoleStore(openDatabase(file));
    expect(console.days({ from: '2026-12-01', to: '2026-12-01' })).toEqual([{ day: '2026-12-01', questions: 1, answered: 0, declined: 1, down: 0 }]);
  });
});

describe('console store', () => {
  it('counts per China day, with empty days, topics of answered questions, and 👎 on the day they were cast', () => {
    const db = openDatabase(':memory:');
    const store = createFeedbackStore(db);
    const console = createConsoleStore(db, () => store.flush());
    // 2026-11-30 23:30 in China is 15:30 UTC.
    store.recordQuestion(asked({ at: new Date('2026-11-30T15:30:00Z') }));
    store.recordQuestion(asked({ at: new Date('2026-11-30T16:30:00Z'), answered: true, topic: '行政处罚法', answerText: null }));
    store.recordQuestion(asked({ at: new Date('2026-12-02T01:00:00Z'), answered: true, topic: '行政处罚法', answerText: null }));
    store.recordQuestion(asked({ at: new Date('2026-12-02T02:00:00Z'), answered: true, topic: '消防法', answerText: null, answerId: 'fire' }));
    store.recordFeedback({ answerId: 'fire', rating: 'down', question: '楼道堆东西犯法吗', answerText: '……', answered: true, cited: '消防法 第二十八条', channel: 'web', userHash: 'u', at: new Date('2026-12-02T03:00:00Z') });
    const range = { from: '2026-11-30', to: '2026-12-02' };
    expect(console.days(range)).toEqual([
      { day: '2026-11-30', questions: 1, answered: 0, declined: 1, down: 0 },
      { day: '2026-12-01', questions: 1, answered: 1, declined: 0, down: 0 },
      { day: '2026-12-02', questions: 2, answered: 2, declined: 0, down: 1 },
    ]);
    expect(console.topics(range, 10)).toEqual([
      { topic: '行政处罚法', count: 2 },
      { topic: '消防法', count: 1 },
    ]);
    expect(console.declined(range, 10)).toEqual([{ question: '违法的事过了两年还能罚吗', count: 1, lastAt: '2026-11-30T15:30:00.000Z', answerText: '抱歉，知识库里没有能回答这个问题的内容。' }]);
    expect(console.downvoted(range, 10)).toEqual([{ answerId: 'fire', question: '楼道堆东西犯法吗', downVotes: 1, lastAt: '2026-12-02T03:00:00.000Z', answerText: '……', answered: true, cited: '消防法 第二十八条' }]);
    expect(console.downvoted({ from: '2026-12-03', to: '2026-12-03' }, 10)).toEqual([]);
  });

  it('keeps marks until they are withdrawn, and an audit line for each action, newest first', () => {
    const db = openDatabase(':memory:');
    const console = createConsoleStore(db);
    const mark = console.addMark({ questionKey: '怎么办理护照', question: '怎么办理护照？', note: '出入境业务', staffHash: 's1' });
    expect(console.marks()).toMatchObject([{ id: mark.id, note: '出入境业务' }]);
    expect(console.removeMark(mark.id)?.question).toBe('怎么办理护照？');
    expect(console.removeMark(mark.id)).toBeUndefined();
    expect(console.marks()).toEqual([]);
    console.logAudit({ staffHash: 's1', action: 'mark', question: 'q', target: null, ref: '1', note: 'n' });
    console.logAudit({ staffHash: 's1', action: 'unmark', question: 'q', target: null, ref: '1', note: 'n' });
    expect(console.audit(10).map((e) => e.action)).toEqual(['unmark', 'mark']);
  });

  it('lists every day of a range', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(chinaDay(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});

describe('what the log keeps of an answer', () => {
  it('the topic and first citation of an answered question; the reply of a declined one', () => {
    const cite = { id: 'x', kind: 'regulation' as const, title: '中华人民共和国行政处罚法', article: '第三十六条', text: '…', score: 1 };
    expect(summarizeAnswer({ answered: true, answer: '…', citations: [cite], suggestions: [] })).toEqual({ topic: '行政处罚法', cited: '行政处罚法 第三十六条', answerText: null });
    expect(summarizeAnswer({ answered: false, answer: '抱歉', citations: [], suggestions: [] })).toEqual({ topic: null, cited: null, answerText: '抱歉' });
    const report = { id: 'r', kind: 'report' as const, title: '报告', year: 2023, section: '一、（六）规范行政执法，加强园区行政执法队伍管理', text: '…', score: 1 };
    expect(summarizeAnswer({ answered: true, answer: '…', citations: [report], suggestions: [] }).topic).toBe('2023年报告·规范行政执法');
  });

  it.each([
    ['一、（六）规范行政执法，加强园区行政执法队伍管理', '规范行政执法'],
    ['三、存在不足和原因', '存在不足和原因'],
    ['引言', '引言'],
  ])('report section %s → topic %s', (section, topic) => expect(sectionTopic(section)).toBe(topic));
});
