import { describe, expect, it } from 'vitest';
import { foldDigits, parseChineseNumber, statedNumbers } from '../../../src/answer/model/numbers.js';

describe('parseChineseNumber', () => {
  it.each([
    ['八', 8],
    ['十', 10],
    ['十二', 12],
    ['三十', 30],
    ['一百四十九', 149],
    ['一百零五', 105],
    ['两千', 2000],
    ['三万', 30000],
    ['一万二千', 12000],
    ['二〇二三', 2023],
    ['一亿', 1e8],
  ])('%s → %d', (run, value) => {
    expect(parseChineseNumber(run)).toBe(value);
  });

  it.each(['十四五', '万'])('%s is not a number', (run) => {
    expect(parseChineseNumber(run)).toBeUndefined();
  });
});

describe('statedNumbers', () => {
  const values = (text: string, strict = true) => statedNumbers(text, { strict }).map((n) => [n.value, n.approx]);

  it('reads Arabic numbers with 万, decimals, percentages and full-width digits', () => {
    expect(values('发放3万余份，占比12.5%，共８次')).toEqual([
      [30000, true],
      [12.5, false],
      [8, false],
    ]);
  });

  it('ignores citation markers and thousands separators', () => {
    expect(foldDigits('30,000份')).toBe('30000份');
    expect(values('共30,000份[2]')).toEqual([[30000, false]]);
  });

  it('marks 余/多 after and 约/近 before a number as approximate', () => {
    expect(values('30000余份')).toEqual([[30000, true]]);
    expect(values('近3000人')).toEqual([[3000, true]]);
    expect(values('十多次')).toEqual([[10, true]]);
  });

  it('reads Chinese counts followed by a measure word, ordinals and written years', () => {
    expect(values('开展八次，第七条，二〇二三年')).toEqual([
      [8, false],
      [7, false],
      [2023, false],
    ]);
    expect(values('百分之九十五')).toEqual([[95, false]]);
  });

  it('does not read ordinary words as numbers in an answer', () => {
    expect(values('统一部署，进一步推进一体化建设，一是加强学习，二是完善制度')).toEqual([]);
  });

  it('reads every numeral run in a passage (leniently)', () => {
    expect(values('二是完善制度', false)).toEqual([[2, false]]);
  });

  it('keeps the written form for comparison', () => {
    expect(statedNumbers('3万余份，30,000人，一百四十九件，95％').map((n) => n.form)).toEqual(['3万', '30000', '95', '一百四十九']);
  });
});
