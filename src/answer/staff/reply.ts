// What every staff answer shares: [n] markers handed out up to the citation limit, the texts people read
// (prompts/staff-*.md, the missing-year refusal prompts/refusal-year.md, one text for both ways in),
// the suggestions under an answer, and which of a report's sections a question's topic points to.
import type { Answer, Citation, Figure, Report } from '../../domain.js';
import { MAX_CITATIONS } from '../../limits.js';
import { fillPrompt, loadPrompt } from '../prompts.js';
import { missingYearText } from '../report/year-scope.js';
import { matchTopic, topicOf, type SectionMatch } from './topics.js';

/** Collects citations, handing out [n] markers until the limit. */
export class Citations {
  readonly list: Citation[] = [];
  mark(c: Citation): string {
    const same = this.list.findIndex((x) => x.id === c.id && x.text === c.text);
    if (same >= 0) return `[${same + 1}]`;
    if (this.list.length >= MAX_CITATIONS) return '';
    this.list.push(c);
    return `[${this.list.length}]`;
  }
}

/** prompts/staff-NAME.md with its placeholders filled (numbers as digits). */
export function staffText(name: string, values: Record<string, string | number>): string {
  return fillPrompt(loadPrompt(`staff-${name}`), Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
}

export const yearsText = (reports: readonly Report[]): string =>
  [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b).map((y) => `${y}年度`).join('、') || '暂无';

/** "四、（一）持续加强法治政府建设的组织领导" → "持续加强法治政府建设的组织领导". */
export const topicName = (section: string): string => section.replace(/^[一二三四五六七八九十]+、/u, '').replace(/^[（(][^）)]+[）)]/u, '');

export function suggestionsFor(reports: readonly Report[]): string[] {
  const latest = reports[0];
  if (!latest) return [];
  const out = [`${latest.year}年有哪些数据？`, `${latest.year + 1}年有什么安排？`, `${latest.year}年安全生产方面做了哪些工作？`];
  if (reports.length >= 2) out.push(`${latest.year - 1}年的计划在${latest.year}年落实了吗？`);
  return out;
}

export function refusal(text: string, reports: readonly Report[]): Answer {
  return { answered: false, answer: text, citations: [], suggestions: suggestionsFor(reports) };
}

/** A year no report is loaded for: the same refusal as the passages' year scope gives. */
export function missingYearAnswer(asked: number, reports: readonly Report[]): Answer {
  return refusal(missingYearText([asked], reports), reports);
}

/** An answer from the report's own items, with its citations and the report's suggestions. */
export function staffAnswer(text: string, cites: Citations, reports: readonly Report[], table?: Answer['table']): Answer {
  return { answered: true, answer: text, citations: cites.list, suggestions: suggestionsFor(reports), ...(table ? { table } : {}) };
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

/** Figures of one sentence and label read together: "本年度全区上访总量：149批、451人次". */
export function groupFigures(figures: readonly Figure[]): Figure[][] {
  const groups: Figure[][] = [];
  for (const f of figures) {
    const last = groups[groups.length - 1];
    if (last?.[0] && last[0].sentence === f.sentence && last[0].label === f.label) last.push(f);
    else groups.push([f]);
  }
  return groups;
}
