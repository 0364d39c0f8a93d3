import { describe, expect, it } from 'vitest';
import { answerStaffQuestion } from '../../../src/answer/staff/index.js';
import type { Answer, Report } from '../../../src/domain.js';
import { reportChunks } from '../../../src/knowledge/report/index.js';
import { compact } from '../../../src/search/text.js';
import { fictional2024, report2023 } from './reports.js';

const now = new Date('2024-06-01T00:00:00Z');
const only2023: Report[] = [report2023];
const both: Report[] = [fictional2024, report2023];

function ask(question: string, reports: Report[] = only2023): Answer {
  const a = answerStaffQuestion(question, reports, { now });
  if (!a) throw new Error(`not recognised as a staff lookup: ${question}`);
  return a;
}

/** Every [n] in the text points at a citation, and every citation is used. */
function expectWellCited(a: Answer): void {
  const markers = [...a.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
  expect(a.citations.length).toBeLessThanOrEqual(5);
  for (const n of markers) expect(n).toBeLessThanOrEqual(a.citations.length);
  for (let n = 1; n <= a.citations.length; n++) expect(markers).toContain(n);
  const chunkIds = new Set([...reportChunks(report2023), ...reportChunks(fictional2024)].map((c) => c.id));
  for (const c of a.citations) {
    expect(c).toMatchObject({ kind: 'report', score: 1 });
    expect(chunkIds.has(c.id), c.id).toBe(true);
  }
}

// Staff questions in their own words → the sections whose measures must be listed.
const TOPICS: Array<[string, string[]]> = [
  ['2023年安全生产方面做了哪些工作', ['一、（七）建立应急预案，依法应对重大突发事件情况']],
  ['应急管理做了哪些工作？', ['一、（七）建立应急预案，依法应对重大突发事件情况']],
  ['信访方面有哪些措施', ['一、（八）健全矛盾调处化解体系，促进社会公平正义']],
  ['矛盾纠纷化解做了哪些工作', ['一、（八）健全矛盾调处化解体系，促进社会公平正义']],
  ['行政诉讼方面做了哪些工作', ['一、（八）健全矛盾调处化解体系，促进社会公平正义']],
  ['普法宣传做了哪些工作', ['二、（四）深化普法宣传，营造良好法治环境', '一、（三）铸牢法治理念，认真抓好学法普法工作']],
  ['行政执法方面有哪些举措', ['一、（六）规范行政执法，加强园区行政执法队伍管理']],
  ['规范性文件方面做了哪些工作', ['一、（四）健全依法行政制度体系，加强文件制定监督管理']],
  ['重大行政决策做了哪些工作', ['二、（三）坚持依法行政，严格执行重大行政决策法定程序', '一、（五）健全依法决策机制，有效防范法律风险']],
  ['组织领导方面做了哪些工作', ['一、（一）加强组织领导，全面依法履行政府职能', '二、（一）注重率先垂范，加强法治建设组织领导']],
  ['法律顾问有哪些措施', ['一、（五）健全依法决策机制，有效防范法律风险', '二、（三）坚持依法行政，严格执行重大行政决策法定程序']],
  ['消防方面采取了哪些措施', ['一、（七）建立应急预案，依法应对重大突发事件情况']],
  ['营商环境方面做了什么', ['二、（四）深化普法宣传，营造良好法治环境']],
  ['禁毒做了哪些工作', ['一、（三）铸牢法治理念，认真抓好学法普法工作']],
];

/** The lines of a measures answer after its lead line, without "1. " and "[1]". */
function measureLines(a: Answer): string[] {
  return a.answer.split('\n').slice(1).map((l) => l.replace(/^\d+\. /u, '').replace(/(\[\d+\])+$/u, ''));
}

describe('topic questions answer with the key facts of the right section\'s measures', () => {
  it.each(TOPICS)('%s', (question, sections) => {
    const a = ask(question);
    expect(a.answered).toBe(true);
    // Measures are a list in the text, not a table of whole paragraphs.
    expect(a.table).toBeUndefined();
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations.every((c) => c.section !== undefined && sections.includes(c.section))).toBe(true);
    expect(a.citations[0]?.section).toBe(sections[0]);
    // One line per cited measure, numbered, each in the report's own words: every clause of the line
    // is a piece of the measure its citation quotes whole.
    const lines = measureLines(a);
    expect(lines).toHaveLength(a.citations.length);
    a.answer.split('\n').slice(1).forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\. .+\\[${i + 1}\\]$`, 'u')));
    lines.forEach((line, i) => {
      const measure = a.citations[i]!.text;
      expect(report2023.measures.some((m) => m.text === measure)).toBe(true);
      for (const piece of line.split(/[：；，。]/u).filter((p) => p.trim() !== '')) expect(measure, line).toContain(piece);
    });
    expect(compact(a.answer).length).toBeLessThan(600);
    expectWellCited(a);
  });

  it('gives 安全生产 as what was done, with its figures, not as headlines', () => {
    const a = ask('2023年安全生产方面做了哪些工作');
    expect(a.answer).toMatch(/^2023年度报告中，与“安全生产”有关的工作：\n1\. 完善突发事件应对制度：建立健全安全生产隐患排查、风险管控等安全体系。\[1\]\n2\. 提高突发事件依法处置能力：/u);
    const text = compact(a.answer);
    for (const fact of ['264家企业', '共涉及20家企业', '对4家企业进行处罚', '闭环整改隐患368条', '排查隐患568条', '“三级复查复核”', '组建消防安全教育讲师团', '粉尘爆炸及危险化学品火灾应急演练']) {
      expect(text).toContain(fact);
    }
    // What a measure is for is not what was done.
    expect(text).not.toContain('增强公众风险防范意识');
    expect(text).not.toContain('注重提升依法预防突发事件');
    expect(a.citations.map((c) => c.id)).toEqual(['report-2023-1-7-1', 'report-2023-1-7-2', 'report-2023-1-7-3']);
    expect(a.citations[2]?.text).toContain('排查隐患568条全部闭环整改到位');
    expect(a.citations.every((c) => c.year === 2023 && c.title === report2023.title)).toBe(true);
  });

  it.each([
    ['信访方面有哪些措施', ['六大工作机制', '未发生赴京上访事件', '不推诿、敷衍、拖延']],
    ['行政诉讼方面做了哪些工作', ['行政机关负责人出庭应诉制度', '化解行政诉讼案件2件', '未发生行政败诉案件']],
    ['普法宣传做了哪些工作', ['“谁执法谁普法”', '20余场', '30000余份']],
    ['规范性文件方面做了哪些工作', ['合法性审核', '《江苏省行政规范性文件管理规定》', '未发现不符合市场经济']],
    ['信访维稳这块情况怎么样', ['149批451人次', '未发生赴京上访事件', '71起简易调解']],
    ['开发区普法工作开展得怎么样', ['20余场', '30000余份', '“谁执法谁普法”']],
    ['安全生产取得了哪些成效', ['264家企业', '对4家企业进行处罚', '排查隐患568条']],
    ['行政执法队伍建设做了哪些事', ['逢会必讲', '执法人员资格管理制度', '9名工作人员']],
  ])('%s states the facts in the text', (question, facts) => {
    const text = compact(ask(question).answer);
    for (const fact of facts) expect(text).toContain(fact);
  });

  it('leaves out a measure of the section that is not about the question', () => {
    const a = ask('行政诉讼方面做了哪些工作');
    expect(a.citations.map((c) => c.text.slice(0, 2))).toEqual(['三是']);
  });

  it('gives an overview by section when no topic is named', () => {
    expect(ask('2023年都做了哪些工作？').answer).toContain('12个方面');
    const a = ask('2023年做了哪些工作');
    expect(a.answer).toContain('12个方面');
    expectWellCited(a);
  });

  it('never suggests the question just asked', () => {
    const a = ask('2023年安全生产方面做了哪些工作？');
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.suggestions).not.toContain('2023年安全生产方面做了哪些工作？');
  });

});

describe('figures, plans and shortcomings', () => {
  it('answers "有哪些数据/指标" with the figures table', () => {
    const a = ask('2023年有哪些数据？');
    // Three columns a 375 px panel can show: what is counted, the number, the unit.
    expect(a.table?.columns).toEqual(['指标', '数值', '单位']);
    expect(a.table?.rows).toHaveLength(report2023.figures.length);
    expect(a.table?.rows).toContainEqual(['发放各类法治宣传资料', '30000余', '份']);
    expect(a.answer).toContain('本年度全区上访总量：149批、451人次');
    expectWellCited(a);
  });

  it('narrows the figures table to a topic', () => {
    const a = ask('2023年安全生产方面有哪些指标');
    expect(a.table?.rows.map((r) => `${r[1]}${r[2]}`)).toEqual(['264家', '20家', '4家', '368条', '568条']);
  });

  it('answers "2024年有什么安排" with the 2023 report\'s plans, said to be plans', () => {
    const a = ask('2024年有什么安排？');
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/^以下是2023年度报告中提出的2024年工作安排（是计划，不是已完成的结果）/u);
    expect(a.citations).toHaveLength(4);
    expect(a.citations.every((c) => c.section?.startsWith('四、'))).toBe(true);
    expectWellCited(a);
  });

  it.each([['2024年开发区要做什么'], ['2024年准备干些什么？']])('answers "%s" with all the plans for that year', (q) => {
    const a = ask(q);
    expect(a.answer).toMatch(/^以下是2023年度报告中提出的2024年工作安排（是计划，不是已完成的结果）/u);
    expect(a.citations).toHaveLength(report2023.plans.length);
  });

  it('narrows plans to a topic', () => {
    const a = ask('2024年法治政府建设的组织领导有什么安排？');
    expect(a.citations.map((c) => c.section)).toEqual(['四、（一）持续加强法治政府建设的组织领导']);
    expect(a.answer).toContain('常态化学法制度');
  });

  it('says there are no plans for a year no report covers, naming the ones it has', () => {
    const a = ask('2023年有什么安排');
    expect(a.answered).toBe(false);
    expect(a.answer).toContain('2024年（见2023年度报告）');
  });

  it('lists the shortcomings', () => {
    const a = ask('2023年存在哪些不足？');
    expect(a.citations.map((c) => c.text.slice(0, 2))).toEqual(['一是', '二是', '三是']);
  });
});

describe('years', () => {
  it('answers false naming the years it has, for a year without a report', () => {
    for (const q of ['2022年有哪些数据', '前年安全生产方面做了哪些工作']) {
      const a = ask(q);
      expect(a.answered).toBe(false);
      // One text for a year without a report, whichever way the question came (prompts/refusal-year.md).
      expect(a.answer).toContain('没有2022年的法治政府建设情况报告，目前收录的是2023年的报告');
      expect(a.citations).toEqual([]);
    }
  });

  it('reads 去年/今年/最近一年 against the current date and the reports held', () => {
    const figuresOf = (q: string, reports: Report[]) => answerStaffQuestion(q, reports, { now })?.answer.match(/^(?:.*\n)?(\d{4})年度报告中的数据/u)?.[1];
    expect(figuresOf('去年有哪些数据', only2023)).toBe('2023');
    // 今年 is 2024, after the newest report: that report answers, saying which year it is.
    const thisYear = answerStaffQuestion('今年有哪些数据', only2023, { now });
    expect(thisYear?.answered).toBe(true);
    expect(thisYear?.answer).toMatch(/^知识库里还没有2024年度的报告，以下是最新的2023年度报告中的内容：\n2023年度报告中的数据/u);
    expect(figuresOf('今年有哪些数据', only2023)).toBe('2023');
    expect(figuresOf('最近一年有哪些数据', both)).toBe('2024');
    expect(figuresOf('有哪些数据', both)).toBe('2024');
  });

  it('answers 明年 after the newest plans from them, saying whose plans they are', () => {
    const later = new Date('2026-11-26T10:00:00Z');
    const a = answerStaffQuestion('明年有什么计划', only2023, { now: later })!;
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/^知识库里最新的是2023年度报告，以下是其中对2024年的安排（是计划，不是已完成的结果）：\n1\. /u);
    expect(a.citations.every((c) => c.section?.startsWith('四、'))).toBe(true);
    const measures = answerStaffQuestion('去年安全生产方面做了哪些工作', only2023, { now: later })!;
    expect(measures.answer).toMatch(/^知识库里还没有2025年度的报告，以下是最新的2023年度报告中的内容：\n/u);
    expect(compact(measures.answer)).toContain('排查隐患568条');
  });

  it('leaves single-figure and how-questions to the general retrieval', () => {
    for (const q of ['隐患整改了多少条', '2023年信访总量是多少？', '信访事项是怎么依法处理的？', '开发区搞了哪些宣传月活动？', '我被罚款了不服怎么办？', '三重一大决策规则明确了哪些内容？', '法律援助有哪些措施？', '劳动仲裁有哪些数据', '2024年公积金有什么安排']) {
      expect(answerStaffQuestion(q, both, { now }), q).toBeUndefined();
    }
  });
});

describe('across years (with the fictional 2024 report)', () => {
  it('puts the 2023 plans beside what the 2024 report says on the same topic, cited on both sides', () => {
    const a = ask('2023年的计划在2024年落实了吗', both);
    expect(a.answered).toBe(true);
    expect(a.answer).toContain('是否落实，请对照原文判断');
    const [plan, later] = a.citations;
    expect([plan?.year, later?.year]).toEqual([2023, 2024]);
    expect(plan?.section).toBe('四、（一）持续加强法治政府建设的组织领导');
    expect(later?.text).toMatch(/^一是建立领导干部常态化学法制度/u);
    expect(a.citations[3]?.section).toBe('一、（二）规范重大行政决策程序');
    // Every plan of 2023 has its line; the whole texts are in the citations, not in a table.
    expect(a.table).toBeUndefined();
    expect(a.answer.match(/^\d+\. /gmu)).toHaveLength(report2023.plans.length);
    expectWellCited(a);
  });

  it('cannot compare plans with one report, and says which years exist', () => {
    const a = ask('2023年的计划在2024年落实了吗', only2023);
    expect(a.answered).toBe(false);
    expect(a.answer).toContain('没有2024年度的报告');
  });

  it('compares the same figures across years', () => {
    const a = ask('近两年信访量变化', both);
    expect(a.answer).toContain('149批 → 120批（-29批，-19.5%）');
    expect(a.answer).toContain('451人次 → 380人次（-71人次，-15.7%）');
    expect(a.citations.map((c) => c.year)).toEqual([2023, 2024]);
    expect(a.citations.every((c) => c.text.includes('上访总量'))).toBe(true);
    expectWellCited(a);
    const b = ask('2023年和2024年调解数量对比', both);
    expect(b.answer).toContain('22起 → 18起');
  });

  it('cannot compare with one year only', () => {
    expect(ask('近两年信访量变化').answered).toBe(false);
  });
});

describe('speed', () => {
  it('answers a lookup in at most 5 ms', () => {
    const questions = ['2023年安全生产方面做了哪些工作', '2023年有哪些数据', '2024年有什么安排', '近两年信访量变化', '2023年的计划在2024年落实了吗'];
    for (const q of questions) answerStaffQuestion(q, both, { now }); // warm the per-report caches
    // The machine is shared: take each question's best of several batches, so other processes' load
    // does not count, while a lookup that redoes parsing or chunking on every call still fails.
    for (const q of questions) {
      const batches = Array.from({ length: 5 }, () => {
        const t = performance.now();
        for (let i = 0; i < 10; i++) answerStaffQuestion(q, both, { now });
        return (performance.now() - t) / 10;
      });
      expect(Math.min(...batches), q).toBeLessThan(5);
    }
  });
});
