import { describe, expect, it } from 'vitest';
import { explicitYears, resolveYear } from '../../../src/answer/staff/index.js';

const now = new Date('2024-03-15T08:00:00Z');

describe('resolveYear', () => {
  it.each([
    ['2023年安全生产方面做了哪些工作', { year: 2023 }],
    ['二〇二三年有哪些数据', { year: 2023 }],
    ['23年度报告有哪些指标', { year: 2023 }],
    ['今年有什么安排', { year: 2024, relative: '今年' }],
    ['去年信访量是多少', { year: 2023, relative: '去年' }],
    ['前年做了哪些工作', { year: 2022, relative: '前年' }],
    ['明年有什么计划', { year: 2025, relative: '明年' }],
    ['最近一年有哪些数据', { relative: '最近一年' }],
    ['近两年信访量变化', { relative: '近两年', span: 2 }],
    ['近三年调解数量变化', { relative: '近三年', span: 3 }],
    ['安全生产方面做了哪些工作', {}],
    ['拨打12345热线', {}],
  ])('%s', (question, expected) => {
    expect(resolveYear(question, now)).toEqual(expected);
  });

  it('lists every explicit year in order', () => {
    expect(explicitYears('2023年的计划在2024年落实了吗')).toEqual([2023, 2024]);
    expect(explicitYears('2024年和2023年对比')).toEqual([2024, 2023]);
  });
});
