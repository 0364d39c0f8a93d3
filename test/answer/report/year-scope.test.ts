// Years read against today: explicit years choose their report or are declined; relative years after
// the newest report are answered from it, saying which year it is; plan questions go to the plans.
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/domain.js';
import { reportScope, withoutTimeWords } from '../../../src/answer/report/year-scope.js';
import { isPlanQuestion } from '../../../src/answer/report/plan-question.js';
import { reportChunks } from '../../../src/knowledge/report/index.js';
import { normalize } from '../../../src/search/text.js';
import { report2023 } from '../staff/reports.js';

const chunks = reportChunks(report2023);
const measure = chunks.find((c) => c.section?.startsWith('一、（八）'))!;
const plan = chunks.find((c) => c.section?.startsWith('四、（二）'))!;
const law: Chunk = { id: 'reg-x', kind: 'regulation', title: '中华人民共和国行政诉讼法', text: '第三条 …', article: '第三条', source: 'x.md' };
const afterReports = new Date('2026-11-26T10:00:00Z');
const reportYear = new Date('2024-03-15T08:00:00Z');

const scope = (q: string, now = afterReports, namesLoadedRegulation = false) => reportScope({ norm: normalize(q), namesLoadedRegulation }, [report2023], now);
/** Which of a measure passage, a plan passage and a law article the scope lets answer. */
const allows = (q: string, now = afterReports) => {
  const s = scope(q, now);
  return [measure, plan, law].map((c) => (s.filter ? s.filter(c) : true));
};

describe('relative years after the newest report are answered from it, saying which year it is', () => {
  it.each([
    ['今年开发区上访的人多不多', '2026'],
    ['去年开发区搞了多少场普法活动？', '2025'],
    ['前年园区企业安全风险填报完成了多少家', '2024'],
    ['本年度开了几次党工委会议', '2026'],
  ])('%s', (q, asked) => {
    const s = scope(q);
    expect(s.refuse).toBeUndefined();
    expect(s.preface).toContain(`还没有${asked}年度的报告`);
    expect(s.preface).toContain('最新的2023年度报告');
    expect(allows(q)).toEqual([true, true, true]);
  });

  it('declines a relative year before the reports held, naming the years it has', () => {
    const s = scope('前年开发区开了几次党工委会议', reportYear);
    expect(s.refuse).toContain('2022年');
    expect(s.refuse).toContain('2023年');
  });

  it('reads a relative year that has a report as that report', () => {
    expect(scope('去年开发区开了几次党工委会议', reportYear).preface).toBeUndefined();
    expect(allows('去年开发区开了几次党工委会议', reportYear)).toEqual([true, true, true]);
  });
});

describe('explicit years', () => {
  it.each([['2020年开发区开展了哪些普法活动？'], ['启东经济开发区2025年法治政府建设报告说了什么？'], ['二〇一九年上访多少人']])('declines %s naming the years held', (q) => {
    expect(scope(q).refuse).toMatch(/目前收录的是2023年/u);
  });

  it('keeps a named report year', () => {
    expect(scope('2023年开发区上访了多少人').refuse).toBeUndefined();
    expect(allows('2023年开发区上访了多少人')).toEqual([true, true, true]);
  });

  it('answers any question about the year after a report from its plans, and declines when they do not answer', () => {
    const s = scope('2024年开发区在普法方面怎么做');
    expect(s.plans).toBe(true);
    expect(s.preface).toBe('以下是2023年度报告中对2024年的安排（是计划，不是已完成的结果）：');
    expect(allows('2024年开发区在普法方面怎么做')).toEqual([false, true, false]);
    expect(s.otherwise).toEqual({ refuse: expect.stringContaining('2024年') });
  });
});

describe('plan questions', () => {
  it.each([
    ['明年在重大行政决策上准备怎么做？', true],
    ['接下来领导干部学法要建什么制度', true],
    ['以后没经过合法性审查的事项，还会拿去集体审议吗', true],
    ['开发区将来要营造一个什么样的法治环境', true],
    ['下一年度要锻造什么样的作风', true],
    ['今后普法工作有什么打算', true],
    ['重大行政决策有什么安排', true],
    ['开发区准备怎么推进法治宣传', true],
    ['法治政府建设的组织领导是怎么安排的', false],
    ['被罚款以后还能申请复议吗', false],
    ['开发区制定了什么普法计划', false],
    ['2023年安全生产方面做了哪些工作', false],
    ['我被罚款了不服怎么办', false],
    // A one-character cue read inside another word is not said: "拟" in "虚拟", "过" in "通过".
    ['网上买的虚拟货币能不能退', false],
    ['开发区拟出台哪些新规定', true],
  ])('%s → %s', (q, expected) => {
    expect(isPlanQuestion(normalize(q))).toBe(expected);
  });

  it('answers "明年" from the newest report\'s plans and says they are plans of that report', () => {
    const s = scope('明年法治建设要发挥哪些人的带头作用');
    expect(s.plans).toBe(true);
    expect(s.preface).toBe('知识库里最新的是2023年度报告，以下是其中对2024年的安排（是计划，不是已完成的结果）：');
    expect(allows('明年法治建设要发挥哪些人的带头作用')).toEqual([false, true, false]);
  });

  it('prefers the plans for a plan question without a year, but may answer elsewhere', () => {
    const s = scope('接下来领导干部学法要建什么制度');
    expect(s.plans).toBe(true);
    expect(s.otherwise).toBe('unscoped');
  });

  it('answers "今年有什么安排" in the year the plans are for from those plans', () => {
    const s = scope('今年有什么安排', reportYear);
    expect(s.preface).toBe('以下是2023年度报告中对2024年的安排（是计划，不是已完成的结果）：');
  });

  it('leaves a question naming a loaded law to the law', () => {
    expect(reportScope({ norm: normalize('2024年行政处罚法第七条'), namesLoadedRegulation: true }, [report2023], afterReports)).toEqual({});
  });
});

describe('time words are read, not searched for', () => {
  it.each([
    ['最新的法治报告里说明年重大决策要建什么制度', '重大决策要建什么制度'],
    ['去年开发区搞了多少场普法活动', '开发区搞了多少场普法活动'],
    ['以后没经过合法性审查的事项还会拿去集体审议吗', '没经过合法性审查的事项还会拿去集体审议吗'],
    ['被罚款以后还能申请复议吗', '被罚款以后还能申请复议吗'],
  ])('%s', (q, rest) => {
    expect(withoutTimeWords(q).replace(/\s+/gu, '')).toContain(rest);
  });
});
