// Staff answers built from the structured reports: measures lists, figures tables, plans (said to be
// plans), shortcomings, and comparisons across years. Every item is cited; at most five citations.
import type { Answer, Citation, Figure, Measure, Plan, Report } from '../../domain.js';
import {
  FIGURE_ANSWER_COLUMNS,
  figureAnswerRows,
  figureText,
  quantityText,
} from '../../knowledge/report/index.js';
import { questionReading } from '../../knowledge/question-reading.js';
import { MAX_CITATIONS } from '../../limits.js';
import { topicLines } from '../report/topic-lines.js';
import { cite, summary } from './cite.js';
import { matchTopic, overlap, topicIndex, topicOf, type SectionMatch } from './topics.js';


/** Collects citations, handing out [n] markers until the limit. */
class Citations {
  readonly list: Citation[] = [];
  mark(c: Citation): string {
    const same = this.list.findIndex((x) => x.id === c.id && x.text === c.text);
    if (same >= 0) return `[${same + 1}]`;
    if (this.list.length >= MAX_CITATIONS) return '';
    this.list.push(c);
    return `[${this.list.length}]`;
  }
}

const yearsText = (reports: readonly Report[]): string =>
  [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b).map((y) => `${y}年度`).join('、') || '暂无';

/** "四、（一）持续加强法治政府建设的组织领导" → "持续加强法治政府建设的组织领导". */
const topicName = (section: string): string => section.replace(/^[一二三四五六七八九十]+、/u, '').replace(/^[（(][^）)]+[）)]/u, '');

export function suggestionsFor(reports: readonly Report[]): string[] {
  const latest = reports[0];
  if (!latest) return [];
  const out = [`${latest.year}年有哪些数据？`, `${latest.year + 1}年有什么安排？`, `${latest.year}年安全生产方面做了哪些工作？`];
  if (reports.length >= 2) out.push(`${latest.year - 1}年的计划在${latest.year}年落实了吗？`);
  return out;
}

function refusal(text: string, reports: readonly Report[]): Answer {
  return { answered: false, answer: text, citations: [], suggestions: suggestionsFor(reports) };
}

export function missingYearAnswer(asked: number, reports: readonly Report[]): Answer {
  return refusal(
    `知识库中没有${asked}年度的法治政府建设情况报告，现有的是：${yearsText(reports)}。其他年度的情况，请咨询开发区相关部门或拨打12345政务服务热线。`,
    reports,
  );
}

/** The sections a question's topic points to, among `candidates`; undefined when it names no topic. */
export function topicSections(report: Report, question: string, candidates: Iterable<string>): SectionMatch[] | undefined {
  const topic = topicOf(question);
  if (topic === '') return undefined;
  const matches = matchTopic(report, topic, new Set(candidates));
  return matches.length > 0 ? matches : undefined;
}

/**
 * A topic the report does not speak of ("法律援助有哪些措施"): not a lookup in this report, so the
 * general retrieval (regulations, FAQ) gets the question instead of a list of unrelated measures.
 */
export function namesForeignTopic(report: Report, question: string, candidates: Iterable<string>): boolean {
  return topicOf(question) !== '' && topicSections(report, question, candidates) === undefined;
}

/**
 * "安全生产方面做了哪些工作": each measure of the topic's sections as one line of its key facts, cited.
 * No topic named: the report's sections as a table of contents. The text carries the facts (WeChat
 * shows only text); the widget draws the lines as a list whose [n] open the whole measure.
 */
export function measuresAnswer(report: Report, question: string): Answer {
  const matches = topicSections(report, question, report.measures.map((m) => m.section));
  const sections = matches?.map((m) => m.section);
  const measures: Measure[] = sections
    ? sections.flatMap((s) => report.measures.filter((m) => m.section === s))
    : report.measures;
  const cites = new Citations();
  const text = sections ? topicList(report, measures, question, cites) : overview(report, measures, cites);
  return { answered: true, answer: text, citations: cites.list, suggestions: suggestionsFor([report]) };
}

function topicList(report: Report, measures: readonly Measure[], question: string, cites: Citations): string {
  const topic = topicOf(question);
  const lead = `${report.year}年度报告中，与“${topic}”有关的工作：`;
  const lines = topicLines(measures, topic, questionReading().facts.maxAnswerChars - lead.length);
  return [lead, ...lines.map((l, i) => `${i + 1}. ${l.text}${cites.mark(cite(report, l.measure.section, l.measure.text))}`)].join('\n');
}

/** No topic named: the sections as a table of contents, each with its number of measures. */
function overview(report: Report, measures: readonly Measure[], cites: Citations): string {
  const sections = [...new Set(measures.map((m) => m.section))];
  const lines = sections.map((s, i) => {
    const first = measures.find((m) => m.section === s);
    const count = measures.filter((m) => m.section === s).length;
    return `${i + 1}. ${s}（${count}项）${first ? cites.mark(cite(report, s, first.text)) : ''}`;
  });
  return `${report.year}年度报告的工作措施分${sections.length}个方面，共${measures.length}项（可以接着问某一方面，例如“安全生产方面做了哪些工作”）：\n${lines.join('\n')}`;
}

/** Figures of one sentence and label read together: "本年度全区上访总量：149批、451人次". */
function groupFigures(figures: readonly Figure[]): Figure[][] {
  const groups: Figure[][] = [];
  for (const f of figures) {
    const last = groups[groups.length - 1];
    if (last?.[0] && last[0].sentence === f.sentence && last[0].label === f.label) last.push(f);
    else groups.push([f]);
  }
  return groups;
}

export function figuresAnswer(report: Report, question: string): Answer {
  const matches = topicSections(report, question, report.figures.map((f) => f.section));
  const sections = matches?.map((m) => m.section);
  const figures = sections ? report.figures.filter((f) => sections.includes(f.section)) : report.figures;
  if (figures.length === 0) {
    return refusal(`${report.year}年度报告中没有找到可以列出的数据。`, [report]);
  }
  // Cite the sentences that carry the most figures first, so the five citations cover the most rows.
  const groups = groupFigures(figures);
  const bySentence = new Map<string, number>();
  for (const f of figures) bySentence.set(f.sentence, (bySentence.get(f.sentence) ?? 0) + 1);
  const cited = new Set([...bySentence].sort((a, b) => b[1] - a[1]).slice(0, MAX_CITATIONS).map(([s]) => s));
  const cites = new Citations();
  for (const g of groups) if (g[0] && cited.has(g[0].sentence)) cites.mark(cite(report, g[0].section, g[0].sentence));
  const lines = groups.map((g) => {
    const head = g[0];
    if (!head) return '';
    const marker = cited.has(head.sentence) ? cites.mark(cite(report, head.section, head.sentence)) : '';
    return `- ${head.label}：${g.map(figureText).join('、')}${marker}`;
  });
  const lead = sections
    ? `${report.year}年度报告中与“${topicOf(question)}”有关的数据（共${figures.length}项）：`
    : `${report.year}年度报告中的数据（共${figures.length}项）：`;
  return {
    answered: true,
    answer: `${lead}\n${lines.join('\n')}`,
    citations: cites.list,
    suggestions: suggestionsFor([report]),
    table: { columns: FIGURE_ANSWER_COLUMNS, rows: figureAnswerRows(figures) },
  };
}

/** `lead` replaces the opening line (it must say that these are plans). */
export function plansAnswer(from: Report, plans: readonly Plan[], question: string, lead?: string): Answer {
  const forYear = plans[0]?.forYear ?? from.year + 1;
  const matches = topicSections(from, question, plans.map((p) => p.section));
  const chosen = matches ? plans.filter((p) => matches.some((m) => m.section === p.section)) : plans;
  const cites = new Citations();
  const lines = chosen.map((p, i) => {
    const name = topicName(p.section);
    const text = p.text.startsWith(name) ? p.text : `${name}：${p.text}`;
    return `${i + 1}. ${text}${cites.mark(cite(from, p.section, p.text))}`;
  });
  return {
    answered: true,
    answer: `${lead ?? `以下是${from.year}年度报告中提出的${forYear}年工作安排（是计划，不是已完成的结果）：`}\n${lines.join('\n')}`,
    citations: cites.list,
    suggestions: suggestionsFor([from]),
  };
}

export function shortcomingsAnswer(report: Report): Answer {
  if (report.shortcomings.length === 0) return refusal(`${report.year}年度报告中没有找到“存在不足”一节。`, [report]);
  const cites = new Citations();
  const lines = report.shortcomings.map((s, i) => `${i + 1}. ${s.text}${cites.mark(cite(report, s.section, s.text))}`);
  return {
    answered: true,
    answer: `${report.year}年度报告列出的不足：\n${lines.join('\n')}`,
    citations: cites.list,
    suggestions: suggestionsFor([report]),
  };
}

/** The later report's measure closest to a plan: same topic section first, then the closest wording. */
function counterpart(later: Report, plan: Plan): Measure | undefined {
  const sections = matchTopic(later, `${topicName(plan.section)}${plan.text}`, new Set(later.measures.map((m) => m.section)), { anyWording: true });
  const pool = sections.length > 0 ? later.measures.filter((m) => m.section === sections[0]?.section) : [];
  const { idf } = topicIndex(later);
  let best: Measure | undefined;
  let bestScore = 0;
  for (const m of pool) {
    const s = overlap(plan.text, m.text, idf) + overlap(topicName(plan.section), m.text, idf);
    if (s > bestScore) {
      best = m;
      bestScore = s;
    }
  }
  return best;
}

export function comparePlansAnswer(earlier: Report, later: Report, question: string): Answer {
  const plans = earlier.plans;
  const matches = topicSections(earlier, question, plans.map((p) => p.section));
  const chosen = matches ? plans.filter((p) => matches.some((m) => m.section === p.section)) : plans;
  const cites = new Citations();
  const lines = chosen.map((p, i) => {
    const m = counterpart(later, p);
    const name = topicName(p.section);
    const planLine = `${i + 1}. ${name}\n   ${earlier.year}年度报告的安排：${summary(p.text, 80)}${cites.mark(cite(earlier, p.section, p.text))}`;
    const laterLine = m
      ? `   ${later.year}年度报告（${m.section}）：${summary(m.text, 80)}${cites.mark(cite(later, m.section, m.text))}`
      : `   ${later.year}年度报告中没有找到同一主题的内容。`;
    return `${planLine}\n${laterLine}`;
  });
  return {
    answered: true,
    answer: `${earlier.year}年度报告对${later.year}年的安排，与${later.year}年度报告中同一主题的内容对照如下（是否落实，请对照原文判断）：\n${lines.join('\n')}`,
    citations: cites.list,
    suggestions: suggestionsFor([later, earlier]),
  };
}

/** The figures of a report on a topic: the topic's sections, narrowed to the labels that share its words. */
function topicFigures(report: Report, topic: string): Figure[] {
  const sections = matchTopic(report, topic, new Set(report.figures.map((f) => f.section))).map((m) => m.section);
  const pool = report.figures.filter((f) => sections.includes(f.section));
  const chars = new Set([...topic].filter((c) => /[\u4e00-\u9fff]/u.test(c)));
  const score = (f: Figure) => [...new Set(f.label)].filter((c) => chars.has(c)).length;
  const best = Math.max(0, ...pool.map(score));
  return best > 0 ? pool.filter((f) => score(f) === best) : pool;
}

/** Two years' figures count the same thing when their labels share at least this much wording. */
const MIN_LABEL_OVERLAP = 0.5;

function change(a: Figure, b: Figure): string {
  const diff = b.number - a.number;
  const pct = a.number === 0 ? '' : `，${diff >= 0 ? '+' : ''}${((diff / a.number) * 100).toFixed(1)}%`;
  return `${figureText(a)} → ${figureText(b)}（${diff >= 0 ? '+' : ''}${diff}${b.unit}${pct}）`;
}

export function compareFiguresAnswer(reports: readonly Report[], question: string): Answer {
  const topic = topicOf(question);
  const ordered = [...reports].sort((a, b) => a.year - b.year);
  const perYear = ordered.map((r) => ({ report: r, figures: topicFigures(r, topic) }));
  const found = perYear.filter((y) => y.figures.length > 0);
  if (found.length === 0) {
    return refusal(`${yearsText(reports)}报告中没有找到与“${topic}”有关的数据。`, reports);
  }
  const cites = new Citations();
  const rows: string[][] = [];
  const lines = found.map(({ report, figures }) => {
    const groups = groupFigures(figures);
    for (const f of figures) rows.push([String(report.year), f.label, quantityText(f), f.unit]);
    return `${report.year}年：${groups
      .map((g) => `${g[0]?.label ?? ''} ${g.map(figureText).join('、')}${g[0] ? cites.mark(cite(report, g[0].section, g[0].sentence)) : ''}`)
      .join('；')}`;
  });
  // Pair each figure with the next year's figure of the same unit and the closest label.
  const changes: string[] = [];
  for (let i = 1; i < found.length; i++) {
    const prev = found[i - 1];
    const next = found[i];
    if (!prev || !next) continue;
    const used = new Set<Figure>();
    for (const a of prev.figures) {
      const b = next.figures
        .filter((f) => f.unit === a.unit && !used.has(f) && overlap(a.label, f.label) >= MIN_LABEL_OVERLAP)
        .sort((x, y) => overlap(a.label, y.label) - overlap(a.label, x.label))[0];
      if (!b) continue;
      used.add(b);
      changes.push(`${a.label}（${prev.report.year}→${next.report.year}）：${change(a, b)}`);
    }
  }
  const missing = perYear.filter((y) => y.figures.length === 0).map((y) => `${y.report.year}年度报告中没有找到相关数据。`);
  const body = [...lines, ...(changes.length ? ['变化：', ...changes.map((c) => `- ${c}`)] : []), ...missing].join('\n');
  return {
    answered: true,
    answer: `“${topic}”在各年度报告中的数据：\n${body}`,
    citations: cites.list,
    suggestions: suggestionsFor(reports),
    table: { columns: ['年度', ...FIGURE_ANSWER_COLUMNS], rows },
  };
}
