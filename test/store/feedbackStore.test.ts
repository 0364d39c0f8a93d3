// Feedback and unanswered questions in a real SQLite file: grouping, one vote per person, persistence,
// salted user hashes, and the staff report printed by `npm run report:feedback`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createFeedbackStore, type FeedbackEntry } from '../../src/store/feedbackStore.js';
import { feedbackDatabasePath, openDatabase } from '../../src/store/sqlite.js';
import { hashUserId } from '../../src/store/userHash.js';
import { repoRoot } from '../server/harness.js';

const run = promisify(execFile);
const tempData = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qd-feedback-'));

const vote = (over: Partial<FeedbackEntry>): FeedbackEntry => ({
  answerId: 'a1',
  rating: 'down',
  question: '庭式调解做了多少起？',
  answerText: '开展庭式调解22起。',
  answered: true,
  channel: 'web',
  userHash: hashUserId('salt', 'u1'),
  ...over,
});

describe('feedback store', () => {
  it('groups unanswered questions by text, most frequent first', () => {
    const store = createFeedbackStore(openDatabase(':memory:'));
    const ask = (question: string, n: number) => {
      for (let i = 0; i < n; i++) store.recordUnanswered({ answerId: `${question}-${i}`, question, channel: 'web', userHash: null });
    };
    ask('开发区有多少常住人口？', 3);
    ask('怎么办理护照？', 1);
    ask(' 给我讲个笑话 ', 2);
    expect(store.frequentUnanswered(10).map((q) => [q.question, q.count])).toEqual([
      ['开发区有多少常住人口？', 3],
      ['给我讲个笑话', 2],
      ['怎么办理护照？', 1],
    ]);
    expect(store.frequentUnanswered(1)).toHaveLength(1);
    expect(store.counts()).toEqual({ unanswered: 6, up: 0, down: 0 });
  });

  it('counts one vote per person and answer; a second click changes it', () => {
    const store = createFeedbackStore(openDatabase(':memory:'));
    store.recordFeedback(vote({ rating: 'down' }));
    store.recordFeedback(vote({ rating: 'down' }));
    expect(store.counts()).toMatchObject({ up: 0, down: 1 });
    store.recordFeedback(vote({ rating: 'up' }));
    expect(store.counts()).toMatchObject({ up: 1, down: 0 });
    store.recordFeedback(vote({ rating: 'down', userHash: hashUserId('salt', 'u2') }));
    store.recordFeedback(vote({ rating: 'down', userHash: null }));
    const [down] = store.downvotedAnswers(5);
    expect(down).toMatchObject({ answerId: 'a1', downVotes: 2, question: '庭式调解做了多少起？', answered: true });
  });

  it('keeps what it knew of the question when a later vote arrives without it', () => {
    const store = createFeedbackStore(openDatabase(':memory:'));
    store.recordFeedback(vote({ rating: 'up' }));
    store.recordFeedback(vote({ rating: 'down', question: null, answerText: null, answered: null }));
    expect(store.downvotedAnswers(5)[0]).toMatchObject({ question: '庭式调解做了多少起？', answerText: '开展庭式调解22起。' });
  });

  it('persists in DATA_DIR across reopenings', () => {
    const file = feedbackDatabasePath(tempData());
    const first = createFeedbackStore(openDatabase(file));
    first.recordUnanswered({ answerId: 'x', question: '2020年的普法活动有哪些？', channel: 'msteams', userHash: null });
    first.close();
    const again = createFeedbackStore(openDatabase(file));
    expect(again.frequentUnanswered(5).map((q) => q.question)).toEqual(['2020年的普法活动有哪些？']);
    again.close();
  });
});

describe('user id hashes', () => {
  it('are salted, stable, and never the id itself', () => {
    const a = hashUserId('salt-1', 'oUser123');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).toBe(hashUserId('salt-1', 'oUser123'));
    expect(a).not.toBe(hashUserId('salt-2', 'oUser123'));
    expect(a).not.toContain('oUser123');
    expect(hashUserId('salt-1', undefined)).toBeNull();
  });
});

describe('npm run report:feedback', () => {
  const cli = path.join(repoRoot, 'src/cli/feedback-report.ts');
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

  it('prints the most frequent unanswered questions and the 👎 answers', async () => {
    const dataDir = tempData();
    const store = createFeedbackStore(openDatabase(feedbackDatabasePath(dataDir)));
    for (let i = 0; i < 3; i++) store.recordUnanswered({ answerId: `p${i}`, question: '开发区有多少常住人口？', channel: 'web', userHash: null });
    store.recordUnanswered({ answerId: 'q', question: '怎么办理护照？', channel: 'web', userHash: null });
    store.recordFeedback(vote({}));
    store.close();

    const { stdout } = await run(tsx, [cli], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } });
    expect(stdout).toContain('未能回答 4 次，👍 0，👎 1');
    expect(stdout.indexOf('开发区有多少常住人口？  ×3')).toBeGreaterThan(-1);
    expect(stdout.indexOf('开发区有多少常住人口？')).toBeLessThan(stdout.indexOf('怎么办理护照？'));
    expect(stdout).toContain('问：庭式调解做了多少起？');
    expect(stdout).toContain('答：开展庭式调解22起。');

    const json = await run(tsx, [cli, '--json', '--limit', '1'], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } });
    const report = JSON.parse(json.stdout) as { unanswered: Array<{ question: string; count: number }>; downvoted: unknown[] };
    expect(report.unanswered).toEqual([expect.objectContaining({ question: '开发区有多少常住人口？', count: 3 })]);
    expect(report.downvoted).toHaveLength(1);
  });

  it('says so when there is no feedback yet', async () => {
    const { stdout } = await run(tsx, [cli], { cwd: repoRoot, env: { ...process.env, DATA_DIR: tempData() } });
    expect(stdout).toContain('还没有反馈记录');
  });
});
