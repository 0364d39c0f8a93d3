import { describe, expect, it } from 'vitest';
import { parseReport, reportChunks, sectionLabel } from '../../../src/knowledge/report/index.js';
import { REPORT_2023_SOURCE, report2023 } from './report-fixture.js';

const SAFETY = '一、（七）建立应急预案，依法应对重大突发事件情况';
const STUDY = '一、（二）突出政治引领，深入学习宣传习近平法治思想';

describe('parseReport on the 2023 report', () => {
  it('reads title, year and source', () => {
    expect(report2023.year).toBe(2023);
    expect(report2023.title).toBe('启东经济开发区2023年度法治政府建设情况报告');
    expect(report2023.source).toBe(REPORT_2023_SOURCE);
    expect(report2023.warnings).toEqual([]);
  });

  it('builds the section tree with paths and ordinals', () => {
    const labels = report2023.sections.map(sectionLabel);
    expect(labels[0]).toBe('引言');
    expect(labels).toContain(SAFETY);
    expect(labels).toContain('三、存在不足和原因');
    const safety = report2023.sections.find((s) => sectionLabel(s) === SAFETY);
    expect(safety?.path).toEqual(['一、本年度推进法治政府建设的主要举措和成效', '（七）建立应急预案，依法应对重大突发事件情况']);
    expect(safety?.ordinals).toEqual([1, 7]);
    expect(report2023.sections.filter((s) => s.path.length === 1).map((s) => s.ordinals[0])).toEqual([0, 1, 2, 3, 4]);
    expect(report2023.sections.filter((s) => s.path[0]?.startsWith('一、') && s.path.length === 2)).toHaveLength(8);
  });

  it('splits a heading sentence from body text on the same line', () => {
    const s = report2023.sections.find((x) => x.ordinals[0] === 2 && x.ordinals[1] === 1);
    expect(s?.heading).toBe('（一）注重率先垂范，加强法治建设组织领导');
    expect(s?.paragraphs).toHaveLength(1);
    expect(s?.paragraphs[0]).toMatch(/^主要负责人带头/u);
    expect(s?.paragraphs[0]).toContain('始终坚持重大问题亲自过问'); // page break repaired inside it
  });

  it('places passages in their sections', () => {
    const chunks = reportChunks(report2023);
    const sectionOf = (phrase: string) => chunks.filter((c) => c.text.includes(phrase)).map((c) => c.section);
    expect(sectionOf('闭环整改隐患368条')).toEqual([SAFETY]);
    expect(sectionOf('累计组织学习习近平法治思想和法律法规 8 次')).toEqual([STUDY]);
    expect(sectionOf('上访总量 149 批 451 人次')).toEqual(['一、（八）健全矛盾调处化解体系，促进社会公平正义']);
    expect(sectionOf('现汇报如下')).toEqual(['引言']);
  });

  it('lists measures by their markers, each keeping it', () => {
    const safety = report2023.measures.filter((m) => m.section === SAFETY);
    expect(safety.map((m) => m.marker)).toEqual(['一是', '二是', '三是']);
    expect(safety.every((m) => m.text.startsWith(m.marker ?? '∅'))).toBe(true);
    expect(safety[2]?.text).toContain('排查隐患568条全部闭环整改到位');
    // A paragraph without markers is one measure; its lead-in before 一是 is not a measure.
    expect(report2023.measures.filter((m) => m.section === STUDY)).toHaveLength(1);
    expect(report2023.measures.some((m) => m.text.startsWith('启东经济开发区高度重视'))).toBe(false);
    expect(report2023.measures.every((m) => m.year === 2023)).toBe(true);
    expect(report2023.measures.some((m) => m.section.startsWith('三、') || m.section.startsWith('四、'))).toBe(false);
  });

  it('lists the shortcomings of the 不足 section', () => {
    expect(report2023.shortcomings.map((s) => s.marker)).toEqual(['一是', '二是', '三是']);
    expect(report2023.shortcomings[2]?.text).toContain('专业人员数量');
    expect(report2023.shortcomings.every((s) => s.section === '三、存在不足和原因')).toBe(true);
  });

  it('lists the plans for 2024, one per item of the 下一年度 section', () => {
    expect(report2023.plans).toHaveLength(4);
    expect(report2023.plans.every((p) => p.forYear === 2024 && p.reportYear === 2023)).toBe(true);
    expect(report2023.plans[0]?.section).toBe('四、（一）持续加强法治政府建设的组织领导');
    expect(report2023.plans[0]?.text).toContain('常态化学法制度');
    // A one-sentence item: its first clause is the heading, the sentence is the plan.
    expect(report2023.plans[2]?.section).toBe('四、（三）持续巩固主题教育成果');
    expect(report2023.plans[2]?.text).toMatch(/^持续巩固主题教育成果，加强行政执法规范化建设.*提供坚实保障。$/u);
    const chunk = reportChunks(report2023).find((c) => c.section === '四、（三）持续巩固主题教育成果');
    expect(chunk?.text).toMatch(/^（三）持续巩固主题教育成果，加强行政执法规范化建设/u);
    expect(report2023.plans.some((p) => p.text.startsWith('2024年，启东经济开发区将'))).toBe(false);
  });
});

describe('parseReport on other reports', () => {
  it('takes the year from the file name when the title lacks it, and plans for the year the section states', () => {
    const text = [
      '示例开发区法治政府建设情况报告',
      '一、主要举措',
      '（一）加强学法。一是组织学法6次。二是开展培训3场。',
      '二、存在的问题',
      '一是人员不足。二是经费不足。',
      '三、下一步工作安排',
      '2026年，示例开发区将继续推进。',
      '一是加强队伍建设。二是完善制度。',
    ].join('\n');
    const r = parseReport(text, 'reports/示例开发区2024年度报告.txt');
    expect(r.year).toBe(2024);
    expect(r.measures.map((m) => m.marker)).toEqual(['一是', '二是']);
    expect(r.shortcomings).toHaveLength(2);
    expect(r.plans.map((p) => [p.forYear, p.text])).toEqual([
      [2026, '2026年，示例开发区将继续推进。'],
      [2026, '一是加强队伍建设。'],
      [2026, '二是完善制度。'],
    ]);
    expect(r.figures.map((f) => `${f.value}${f.unit}`)).toEqual(['6次', '3场']);
  });

  it('still yields chunks, with a warning naming the file, when no heading can be found', () => {
    const text = '这是一份没有标题结构的材料。开展普法活动12场。\n\n第二段继续说明情况，\n\n跨页的句子在这里结束。';
    const r = parseReport(text, 'reports/无结构2022年材料.txt');
    expect(r.year).toBe(2022);
    expect(r.warnings.some((w) => w.includes('reports/无结构2022年材料.txt') && w.includes('no section headings'))).toBe(true);
    const chunks = reportChunks(r);
    expect(chunks.map((c) => c.text)).toEqual(['这是一份没有标题结构的材料。开展普法活动12场。', '第二段继续说明情况，跨页的句子在这里结束。']);
    expect(chunks.every((c) => c.section === '正文' && c.year === 2022)).toBe(true);
    expect(r.figures).toHaveLength(1);
    expect(r.measures).toEqual([]);
  });
});
