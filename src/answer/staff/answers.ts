// Staff answers from one structured report: its measures (by topic, or as a table of contents), its
// figures, its plans (said to be plans) and its shortcomings. Every item is cited; at most five citations.
import type { Answer, Figure, Measure, Plan, Report } from '../../domain.js';
import { FIGURE_ANSWER_COLUMNS, figureAnswerRows, figureText } from '../../knowledge/report/index.js';
import { questionReading } from '../../knowledge/question-reading.js';
import { MAX_CITATIONS } from '../../limits.js';
import { topicLines } from '../report/topic-lines.js';
import { cite } from './cite.js';
import { Citations, groupFigures, refusal, staffAnswer, staffText, topicName, topicSections } from './reply.js';
import { topicOf } from './topics.js';

export { missingYearAnswer, namesForeignTopic } from './reply.js';
export { compareFiguresAnswer, comparePlansAnswer } from './compare.js';

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
  return staffAnswer(text, cites, [report]);
}

function topicList(report: Report, measures: readonly Measure[], question: string, cites: Citations): string {
  const topic = topicOf(question);
  const lead = staffText('measures-topic', { year: report.year, topic });
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
  return `${staffText('measures', { year: report.year, sections: sections.length, measures: measures.length })}\n${lines.join('\n')}`;
}

export function figuresAnswer(report: Report, question: string): Answer {
  const matches = topicSections(report, question, report.figures.map((f) => f.section));
  const sections = matches?.map((m) => m.section);
  const figures = sections ? report.figures.filter((f) => sections.includes(f.section)) : report.figures;
  if (figures.length === 0) return refusal(staffText('no-figures', { year: report.year }), [report]);
  const cites = new Citations();
  const lines = figureLines(report, figures, cites);
  const lead = sections
    ? staffText('figures-topic', { year: report.year, topic: topicOf(question), count: figures.length })
    : staffText('figures', { year: report.year, count: figures.length });
  return staffAnswer(`${lead}\n${lines.join('\n')}`, cites, [report], { columns: FIGURE_ANSWER_COLUMNS, rows: figureAnswerRows(figures) });
}

/** One line per label; the sentences that carry the most figures are cited first, so the citations cover the most rows. */
function figureLines(report: Report, figures: readonly Figure[], cites: Citations): string[] {
  const groups = groupFigures(figures);
  const bySentence = new Map<string, number>();
  for (const f of figures) bySentence.set(f.sentence, (bySentence.get(f.sentence) ?? 0) + 1);
  const cited = new Set([...bySentence].sort((a, b) => b[1] - a[1]).slice(0, MAX_CITATIONS).map(([s]) => s));
  for (const g of groups) if (g[0] && cited.has(g[0].sentence)) cites.mark(cite(report, g[0].section, g[0].sentence));
  return groups.map((g) => {
    const head = g[0];
    if (!head) return '';
    const marker = cited.has(head.sentence) ? cites.mark(cite(report, head.section, head.sentence)) : '';
    return `- ${head.label}：${g.map(figureText).join('、')}${marker}`;
  });
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
  return staffAnswer(`${lead ?? staffText('plans', { year: from.year, forYear })}\n${lines.join('\n')}`, cites, [from]);
}

export function shortcomingsAnswer(report: Report): Answer {
  if (report.shortcomings.length === 0) return refusal(staffText('no-shortcomings', { year: report.year }), [report]);
  const cites = new Citations();
  const lines = report.shortcomings.map((s, i) => `${i + 1}. ${s.text}${cites.mark(cite(report, s.section, s.text))}`);
  return staffAnswer(`${staffText('shortcomings', { year: report.year })}\n${lines.join('\n')}`, cites, [report]);
}
