// Which report (and which part of it) a question may be answered from, read from its years:
// explicit years ("2023年") choose their report or are declined naming the years held; relative years
// (今年/去年/前年/明年) are read against today, and when the knowledge base has no report for that year
// yet, the newest report answers and says which year it is; plan questions go to the plans part.
import type { Chunk, Report } from '../../domain.js';
import { fillPrompt, loadPrompt } from '../prompts.js';
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { YEAR_WORD } from '../../knowledge/years.js';
import { explicitYears, LATEST, resolveYear } from '../staff/year.js';
import { asksAboutLater, isPlanQuestion } from './plan-question.js';

export interface ReportScope {
  /** Which chunks may answer; laws stay allowed unless the scope is the plans part. */
  filter?: (c: Chunk) => boolean;
  /** Said before a quote from a report: which report, or that these are plans. */
  preface?: string;
  /** Decline at once, with this text. */
  refuse?: string;
  /** The plans part: a plan item is quoted whole. */
  plans?: boolean;
  /** When nothing under the scope answers: answer without it ('unscoped'), or decline with this text. */
  otherwise?: 'unscoped' | { refuse: string };
}

interface YearQuestion {
  norm: string;
  /** The question names a regulation whose text is loaded: its years are the law's, not a report's. */
  namesLoadedRegulation: boolean;
}

const yearList = (years: Iterable<number>): string => [...years].sort((a, b) => a - b).map((y) => `${y}年`).join('、') || '（暂无）';

/** prompts/refusal-year.md: no report for the years asked, and the years there are (staff lookups say it too). */
export function missingYearText(asked: number[], reports: readonly Report[]): string {
  return fillPrompt(loadPrompt('refusal-year'), { asked: yearList(asked), years: yearList(new Set(reports.map((r) => r.year))) });
}

/** The plans part of `from`: plan sections only (no laws), said to be plans. */
function planScope(from: Report, prompt: 'plan-preface' | 'latest-plan-preface'): ReportScope {
  const sections = new Set(from.plans.map((p) => p.section));
  const planYear = from.plans[0]?.forYear ?? from.year + 1;
  return {
    filter: (c) => c.kind === 'report' && c.year === from.year && sections.has(c.section ?? ''),
    preface: fillPrompt(loadPrompt(prompt), { reportYear: String(from.year), planYear: String(planYear) }),
    plans: true,
  };
}

/** One report's passages, and the laws. */
const reportFilter = (year: number) => (c: Chunk) => c.kind !== 'report' || c.year === year;

/** The reports as the scope reads them: newest first, their years, and whose plans are for a year. */
interface Held {
  reports: readonly Report[];
  newest: Report[];
  latest: Report;
  withPlans: Report | undefined;
  years: Set<number>;
  planFor: (year: number) => Report | undefined;
}

function held(reports: readonly Report[]): Held {
  const newest = [...reports].sort((a, b) => b.year - a.year);
  const planFor = (year: number) => newest.find((r) => r.plans.some((p) => p.forYear === year));
  return { reports, newest, latest: newest[0]!, withPlans: newest.find((r) => r.plans.length > 0), years: new Set(reports.map((r) => r.year)), planFor };
}

export function reportScope(q: YearQuestion, reports: readonly Report[], now: Date): ReportScope {
  if (q.namesLoadedRegulation || reports.length === 0) return {};
  const h = held(reports);
  const plan = isPlanQuestion(q.norm);
  const explicit = explicitYears(q.norm);
  if (explicit.length > 0) return explicitScope(q, explicit, plan, h);
  const ref = resolveYear(q.norm, now);
  if (ref.year !== undefined) return relativeScope(ref.year, plan, h, now);
  if (plan && h.withPlans) return { ...planScope(h.withPlans, asksAboutLater(q.norm) ? 'latest-plan-preface' : 'plan-preface'), otherwise: 'unscoped' };
  if (ref.relative === LATEST && h.years.size > 1) return { filter: reportFilter(h.latest.year) };
  return {};
}

/** Years the question writes out ("2023年"). */
function explicitScope(q: YearQuestion, explicit: number[], plan: boolean, h: Held): ReportScope {
  const asked = explicit.filter((y) => h.years.has(y));
  // "2023年度报告说明年要做什么": the plans that report states.
  const later = explicit.find((y) => !h.years.has(y) && h.planFor(y));
  if (asked.length === 1 && plan && asksAboutLater(q.norm) && !later) {
    const from = h.newest.find((r) => r.year === asked[0] && r.plans.length > 0);
    if (from) return planScope(from, 'plan-preface');
  }
  if (asked.length > 0) return { filter: (c) => c.kind !== 'report' || asked.includes(c.year ?? -1) };
  // The year after a report is in that report only as plans: whatever is asked about it.
  if (later !== undefined) return { ...planScope(h.planFor(later)!, 'plan-preface'), otherwise: { refuse: missingYearText([later], h.reports) } };
  return { refuse: missingYearText(explicit, h.reports) };
}

/** A year read against today (今年, 去年, 明年, 最近一年). */
function relativeScope(year: number, plan: boolean, h: Held, now: Date): ReportScope {
  const plansForYear = h.planFor(year);
  const future = year > now.getFullYear();
  if (plansForYear && (plan || future)) return planScope(plansForYear, 'plan-preface');
  if (h.years.has(year)) return { filter: reportFilter(year) };
  if (year < h.latest.year) return { refuse: missingYearText([year], h.reports) };
  // After the newest report (not published or not loaded yet): its plans for a plan question, its
  // results otherwise, saying plainly which year's report it is.
  if ((plan || future) && h.withPlans) return planScope(h.withPlans, 'latest-plan-preface');
  return { filter: reportFilter(h.latest.year), preface: fillPrompt(loadPrompt('latest-report'), { asked: String(year), reportYear: String(h.latest.year) }) };
}

let timeWords: RegExp | undefined;

/**
 * The question without the words the scope has read: years, 今年/去年, 最近, 明年/接下来. They choose
 * the report or its plans; as search words they would only favour passages that happen to say them.
 */
export function withoutTimeWords(question: string): string {
  if (!timeWords) {
    const { years, plans } = questionReading();
    const words = [...years.relative.flatMap((r) => r.forms), ...years.latest, ...plans.future];
    timeWords = new RegExp(`${YEAR_WORD}|${anyOf(words).source}|^(?:${anyOf(plans.futureAtStart).source})`, 'gu');
  }
  return question.replace(timeWords, ' ');
}
