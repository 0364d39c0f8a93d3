// The screen's Naive Bayes: class A as a mixture of its sources, so one source growing does not redefine A.
import { describe, expect, it } from 'vitest';
import { fitNaiveBayesMixture, meanLogOdds } from '../../src/search/learn/naive-bayes.js';

const times = (n: number, doc: string[]) => Array.from({ length: n }, () => doc);

describe('fitNaiveBayesMixture', () => {
  const off = [...times(10, ['天气', '下雨']), ...times(10, ['快递'])];
  const casual = times(10, ['罚款', '分期']);

  it("keeps a small source's features in class A however large another source grows", () => {
    const small = fitNaiveBayesMixture([casual, times(10, ['复议'])], off);
    const grown = fitNaiveBayesMixture([casual, times(1000, ['复议'])], off);
    expect(Math.abs(grown.weights['分期']! - small.weights['分期']!)).toBeLessThan(0.2);
    expect(meanLogOdds(grown, ['罚款', '分期'])).toBeGreaterThan(0);
    // Pooled into one source, the grown source drowns the casual one's features.
    const pooled = fitNaiveBayesMixture([[...casual, ...times(1000, ['复议'])]], off);
    expect(pooled.weights['分期']!).toBeLessThan(grown.weights['分期']! - 1);
  });

  it('gives off-topic features negative log-odds and drops features seen fewer than minCount times', () => {
    const t = fitNaiveBayesMixture([casual, [['只一次']]], off);
    expect(t.weights['天气']!).toBeLessThan(0);
    expect(t.weights['只一次']).toBeUndefined();
  });
});
