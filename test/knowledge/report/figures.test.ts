import { describe, expect, it } from 'vitest';
import type { Figure } from '../../../src/domain.js';
import { extractFigures, repairParagraphs, textLines } from '../../../src/knowledge/report/index.js';
import { report2023, report2023Text } from './report-fixture.js';

// [value, unit, approx, what it counts (a part of the label), a phrase of its sentence]
const EXPECTED_2023: Array<[string, string, string | undefined, string, string]> = [
  ['8', '次', undefined, '累计组织学习习近平法治思想和法律法规', '今年以来'],
  ['20', '场', '余', '组织开展各类法治宣传活动', '扎实开展普法宣传活动'],
  ['30000', '份', '余', '发放各类法治宣传资料', '扎实开展普法宣传活动'],
  ['9', '名', undefined, '工作人员通过法治教育网进行网络培训', '二是严格落实行政执法人员培训'],
  ['264', '家', undefined, '企业安全生产风险报告系统填报', '组织工贸企业较大风险辨识填报'],
  ['20', '家', undefined, '共涉及', '劳动密集型工业企业专项执法检查'],
  ['4', '家', undefined, '进行处罚', '劳动密集型工业企业专项执法检查'],
  ['368', '条', undefined, '闭环整改隐患', '重点行业领域安全生产专项整治行动'],
  ['568', '条', undefined, '排查隐患', '冬季安全生产专项治理'],
  ['149', '批', undefined, '上访总量', '本年度全区上访总量'],
  ['451', '人次', undefined, '上访总量', '本年度全区上访总量'],
  ['19', '批', undefined, '集访', '本年度全区上访总量'],
  ['251', '人次', undefined, '集访', '本年度全区上访总量'],
  ['1', '批', undefined, '到南通上访', '无赴京访'],
  ['2', '人次', undefined, '到南通上访', '无赴京访'],
  ['15', '批', undefined, '到市上访', '无赴京访'],
  ['31', '人次', undefined, '到市上访', '无赴京访'],
  ['71', '起', undefined, '简易调解', '简易调解'],
  ['22', '起', undefined, '庭式调解', '庭式调解'],
  ['2', '件', undefined, '化解行政诉讼案件', '未发生行政败诉案件'],
  ['4', '次', undefined, '在线庭审观摩', '带头领学习近平法治思想'],
  ['1', '次', undefined, '法治建设调研', '带头领学习近平法治思想'],
  ['15', '次', undefined, '召开党工委会议', '先后召开党工委会议'],
  ['100', '个', '余', '重大事项', '先后召开党工委会议'],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** The figure as it stands in its sentence: "149 批", "30000 余份". */
const writtenForm = (f: Figure) => new RegExp(`${escapeRe(f.value)}\\s*${f.approx === '余' || f.approx === '多' ? `${f.approx}\\s*` : ''}${escapeRe(f.unit)}`, 'u');

/** The label is the sentence's own words with the figures taken out: its characters appear there in order. */
function isSubsequence(label: string, sentence: string): boolean {
  let at = 0;
  for (const ch of label) {
    at = sentence.indexOf(ch, at);
    if (at < 0) return false;
    at += ch.length;
  }
  return true;
}

describe('figures of the 2023 report', () => {
  it('extracts every figure, in order, with unit, what it counts and its sentence', () => {
    expect(EXPECTED_2023.length).toBeGreaterThan(20);
    expect(report2023.figures).toHaveLength(EXPECTED_2023.length);
    EXPECTED_2023.forEach(([value, unit, approx, label, phrase], i) => {
      const f = report2023.figures[i];
      expect(f, `figure ${i}: ${value}${unit}`).toBeDefined();
      expect([f?.value, f?.unit, f?.approx]).toEqual([value, unit, approx]);
      expect(f?.number).toBe(Number(value));
      expect(f?.label).toContain(label);
      expect(f?.sentence).toContain(phrase);
      expect(f?.year).toBe(2023);
    });
  });

  it('invents nothing: each figure stands in its sentence, and each sentence in the repaired report', () => {
    const repaired = repairParagraphs(textLines(report2023Text)).join('');
    for (const f of report2023.figures) {
      expect(f.sentence, `${f.value}${f.unit}`).toMatch(writtenForm(f));
      expect(repaired).toContain(f.sentence);
      expect(f.sentence).toMatch(/[。！？]$/u);
      expect(f.label.length).toBeGreaterThan(1);
      expect(isSubsequence(f.label, f.sentence), f.label).toBe(true);
    }
  });

  it('names what a continuing clause counts with its sentence\'s opening action', () => {
    const label = (value: string, unit: string) => report2023.figures.find((f) => f.value === value && f.unit === unit)?.label;
    expect(label('20', '家')).toBe('开展全区劳动密集型工业企业专项执法检查，共涉及企业');
    expect(label('4', '家')).toBe('开展全区劳动密集型工业企业专项执法检查，对企业进行处罚');
    expect(label('568', '条')).toBe('开展全区冬季安全生产专项治理，排查隐患全部闭环整改到位');
    // Not after an opener that states a result, holds a figure itself, or only sets the time.
    expect(label('1', '批')).toBe('到南通上访');
    expect(label('19', '批')).toBe('其中集访');
    expect(label('8', '次')).toBe('累计组织学习习近平法治思想和法律法规');
    // Not across a clause of its own in between.
    expect(label('368', '条')).toBe('闭环整改隐患');
  });

  it('ties figures to their sections', () => {
    const at = (value: string, unit: string) => report2023.figures.filter((f) => f.value === value && f.unit === unit).map((f) => f.section);
    expect(at('368', '条')).toEqual(['一、（七）建立应急预案，依法应对重大突发事件情况']);
    expect(at('8', '次')).toEqual(['一、（二）突出政治引领，深入学习宣传习近平法治思想']);
    expect(at('15', '次')).toEqual(['二、（三）坚持依法行政，严格执行重大行政决策法定程序']);
  });

  it('takes no years, dates, hotline numbers or ordinals for figures', () => {
    const values = report2023.figures.map((f) => f.value);
    for (const notAFigure of ['2023', '2024', '2021', '2025', '12345', '26']) expect(values).not.toContain(notAFigure);
    expect(report2023.figures.some((f) => f.sentence.includes('4·15') && f.value === '15')).toBe(false);
    expect(report2023.figures.some((f) => f.sentence.includes('12·4') && f.value === '4' && f.unit !== '次')).toBe(false);
  });
});

describe('extractFigures', () => {
  const values = (text: string) => extractFigures(text, 2024, '正文').map((f) => [f.value, f.unit, f.approx ?? '', f.number]);

  it('reads approximate forms before and after the number', () => {
    expect(values('受理咨询近200人次，发放资料50多份，投入约3.5万元。')).toEqual([
      ['200', '人次', '近', 200],
      ['50', '份', '多', 50],
      ['3.5万', '元', '约', 35_000],
    ]);
  });

  it('reads 万 as a multiplier before a counting unit and keeps thousands separators', () => {
    expect(values('发放宣传册1.2万余份，覆盖群众12,000人。')).toEqual([
      ['1.2万', '份', '余', 12_000],
      ['12,000', '人', '', 12_000],
    ]);
  });

  it('ignores years, ranges, dates, ordinals and numbers without a unit', () => {
    expect(values('2024年，按照《纲要（2021-2025年）》，结合“6·26 禁毒日”开展第3次活动，拨打12348 热线。')).toEqual([]);
  });

  it('splits two figures of one clause and names what they count', () => {
    const [a, b] = extractFigures('全年受理信访 12 批 30 人次。', 2024, '正文');
    expect([a?.label, b?.label]).toEqual(['全年受理信访', '全年受理信访']);
    expect([a?.unit, b?.unit]).toEqual(['批', '人次']);
  });
});
