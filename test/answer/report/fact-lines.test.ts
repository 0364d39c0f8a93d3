// A measure's key facts, in the report's own words, within a length: tested over the real report.
import { describe, expect, it } from 'vitest';
import { clauseScore, measureFacts, renderLine } from '../../../src/answer/report/fact-lines.js';
import { topicLines } from '../../../src/answer/report/topic-lines.js';
import { grams } from '../../../src/answer/staff/topics.js';
import { compact } from '../../../src/search/text.js';
import { report2023 } from '../staff/reports.js';

const measure = (section: string, marker?: string) => report2023.measures.find((m) => m.section.startsWith(section) && m.marker === marker)!;

describe('measureFacts', () => {
  it.each([
    ['一、（七）', '一是', '完善突发事件应对制度'],
    ['一、（七）', '三是', '严守安全生产底线'],
    ['一、（四）', '二是', '及时对园区行政规范性文件进行清理'],
    ['一、（八）', '一是', '细化制度建设，切实夯实基层基础'],
  ])('%s %s has the headline %s', (section, marker, headline) => {
    expect(measureFacts(measure(section, marker).text, []).headline).toBe(headline);
  });

  it('has no headline for a paragraph without 一是, or whose first sentence is long', () => {
    expect(measureFacts(measure('一、（二）').text, []).headline).toBeUndefined();
    expect(measureFacts(measure('一、（六）', '一是').text, []).headline).toBeUndefined();
  });
});

describe('clauseScore: what was done, not what it is for', () => {
  it.each([
    ['增强公众风险防范意识'],
    ['切实夯实基层基础'],
    ['注重提升依法预防突发事件、先期处置和快速反应能力'],
    ['有效提升信访工作的针对性和前瞻性'],
    ['为法治政府建设提供了强有力的政治保障和组织保障'],
  ])('%s scores below zero', (clause) => {
    expect(clauseScore(clause, [])).toBeLessThan(0);
  });

  it.each([
    ['共涉及20家企业', 3],
    ['全面夯实滚动排查、研判会商、领导包案、信息联动、应急处置、督查问效六大工作机制', 1],
    ['开展“三级复查复核”、园区企业安全生产隐患大排查大检查', 2],
    ['未发生行政败诉案件', 1],
    ['注重源头预防', 0],
    ['切实履行生效裁判', 0],
  ])('%s scores at least %d', (clause, min) => {
    expect(clauseScore(clause, [])).toBeGreaterThanOrEqual(min);
  });

  it('counts the question\'s words', () => {
    const topic = [...new Set(grams('消防'))];
    expect(clauseScore('组建消防安全教育讲师团', topic)).toBeGreaterThan(clauseScore('组建消防安全教育讲师团', []));
  });
});

describe('renderLine', () => {
  it('joins kept clauses with the report\'s marks, a gap as "，", sentences apart as "；"', () => {
    const facts = measureFacts(measure('一、（七）', '三是').text, []);
    const pick = (...texts: string[]) => new Set(facts.clauses.filter((c) => texts.includes(c.text)));
    expect(renderLine(facts, pick('开展全区劳动密集型工业企业专项执法检查', '共涉及20家企业', '对4家企业进行处罚', '排查隐患568条全部闭环整改到位'))).toBe(
      '严守安全生产底线：开展全区劳动密集型工业企业专项执法检查，共涉及20家企业，对4家企业进行处罚；排查隐患568条全部闭环整改到位。',
    );
    expect(renderLine(facts, new Set())).toBe('严守安全生产底线。');
  });
});

describe('topicLines', () => {
  const sections = [...new Set(report2023.measures.map((m) => m.section))];

  it.each(sections.flatMap((s) => [150, 300, 560].map((budget) => [s, budget] as const)))('%s within %d characters, in the report\'s words', (section, budget) => {
    const measures = report2023.measures.filter((m) => m.section === section);
    const lines = topicLines(measures, '', budget);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.reduce((n, l) => n + compact(l.text).length + 7, 0)).toBeLessThanOrEqual(budget);
    for (const l of lines) {
      for (const piece of l.text.split(/[：；，。]/u).filter((p) => p !== '')) expect(l.measure.text).toContain(piece);
    }
  });

  it('gives the room to figures first when room is short', () => {
    const measures = report2023.measures.filter((m) => m.section.startsWith('一、（七）'));
    const text = topicLines(measures, '安全生产', 260).map((l) => l.text).join('');
    for (const fact of ['264家', '368条', '568条']) expect(text).toContain(fact);
  });
});
