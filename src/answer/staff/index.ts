// Staff lookups answered from the structured reports (issue 6). answerQuestion calls this before
// retrieval; undefined means "not a staff lookup", and the general retrieval answers.
import type { Answer, Plan, Report } from '../../domain.js';
import {
  compareFiguresAnswer,
  comparePlansAnswer,
  figuresAnswer,
  measuresAnswer,
  missingYearAnswer,
  namesForeignTopic,
  plansAnswer,
  shortcomingsAnswer,
} from './answers.js';
import { refusal, staffText, yearsText } from './reply.js';
import { fillPrompt, loadPrompt } from '../prompts.js';
import { detectIntent } from './intent.js';
import { explicitYears, resolveYear } from './year.js';

export { resolveYear, explicitYears, type YearReference } from './year.js';
export { detectIntent, type StaffIntent } from './intent.js';
export { matchTopic, topicOf } from './topics.js';

export interface StaffOptions {
  now: Date;
}

const newestFirst = (reports: readonly Report[]): Report[] => [...reports].sort((a, b) => b.year - a.year);

export function answerStaffQuestion(question: string, reports: Report[], opts: StaffOptions): Answer | undefined {
  const answer = lookup(question, reports, opts);
  if (!answer) return undefined;
  // Never suggest the question just asked.
  const asked = comparable(question);
  return { ...answer, suggestions: answer.suggestions.filter((s) => comparable(s) !== asked) };
}

const comparable = (text: string): string => text.replace(/[\s？?。！!]/gu, '');

function lookup(question: string, reports: Report[], opts: StaffOptions): Answer | undefined {
  const years = explicitYears(question);
  const intent = detectIntent(question, years.length);
  if (!intent) return undefined;
  const all = newestFirst(reports);
  if (all.length === 0) return undefined;
  const ref = resolveYear(question, opts.now);

  if (intent === 'compare-figures') return compareFigures(question, all, years, ref.span);
  if (intent === 'compare-plans') return comparePlans(question, all, years);
  if (intent === 'plans') return plans(question, all, ref.year, ref.relative);

  const held = ref.year === undefined ? all[0] : all.find((r) => r.year === ref.year);
  // 今年/去年 after the newest report: that report answers, saying which year it is.
  const newest = !held && ref.relative !== undefined && ref.year !== undefined && ref.year > all[0]!.year ? all[0] : undefined;
  const report = held ?? newest;
  if (!report) return missingYearAnswer(ref.year ?? 0, all);
  const candidates = intent === 'figures' ? report.figures.map((f) => f.section) : report.measures.map((m) => m.section);
  if (intent !== 'shortcomings' && namesForeignTopic(report, question, candidates)) return undefined;
  const answer = intent === 'figures' ? figuresAnswer(report, question) : intent === 'shortcomings' ? shortcomingsAnswer(report) : measuresAnswer(report, question);
  return newest ? withYearNote(answer, ref.year!, newest) : answer;
}

/** "知识库里还没有2025年度的报告，以下是最新的2023年度报告中的内容：" before the answer. */
function withYearNote(answer: Answer, asked: number, newest: Report): Answer {
  const note = fillPrompt(loadPrompt('latest-report'), { asked: String(asked), reportYear: String(newest.year) });
  return { ...answer, answer: `${note}\n${answer.answer}` };
}

function plans(question: string, all: Report[], year: number | undefined, relative: string | undefined): Answer | undefined {
  if (year === undefined || relative === '最近一年') {
    const from = all.find((r) => r.plans.length > 0);
    if (from && namesForeignTopic(from, question, from.plans.map((p) => p.section))) return undefined;
    return from ? plansAnswer(from, from.plans, question) : missingPlans(all);
  }
  const forYear: Plan[] = all.flatMap((r) => r.plans.filter((p) => p.forYear === year));
  const from = all.find((r) => r.year === forYear[0]?.reportYear);
  if (from && forYear.length > 0) {
    return namesForeignTopic(from, question, forYear.map((p) => p.section)) ? undefined : plansAnswer(from, forYear, question);
  }
  // "2023年有什么安排" with only the 2023 report: its plans are for 2024, not for 2023.
  const same = all.find((r) => r.year === year && r.plans.length > 0);
  if (same && /下一年|下年度|明年|下一步|报告/u.test(question)) return plansAnswer(same, same.plans, question);
  // 明年/今年 after the newest plans: the newest plans, saying whose they are.
  const latest = all.find((r) => r.plans.length > 0);
  if (relative !== undefined && latest && year > latest.year) {
    if (namesForeignTopic(latest, question, latest.plans.map((p) => p.section))) return undefined;
    const lead = fillPrompt(loadPrompt('latest-plan-preface'), { reportYear: String(latest.year), planYear: String(latest.plans[0]!.forYear) });
    return plansAnswer(latest, latest.plans, question, lead);
  }
  const known = [...new Set(all.flatMap((r) => r.plans.map((p) => `${p.forYear}年（见${p.reportYear}年度报告）`)))].join('、');
  return refusal(staffText('no-plans-for-year', { year, reportYear: year - 1, known: known || '暂无' }), all);
}

function missingPlans(all: Report[]): Answer {
  return refusal(staffText('no-plans', {}), all);
}

/** "2023年的计划在2024年落实了吗": the plans of one report beside what the next report says. */
function comparePlans(question: string, all: Report[], years: number[]): Answer {
  const byYear = (y: number | undefined) => all.find((r) => r.year === y);
  let earlier: Report | undefined;
  let laterYear: number | undefined;
  if (years.length >= 2) {
    earlier = byYear(Math.min(...years));
    laterYear = Math.max(...years);
  } else if (years.length === 1 && years[0] !== undefined) {
    // One year: the report that states it, or the report whose plans are for it.
    earlier = byYear(years[0]) ?? all.find((r) => r.plans.some((p) => p.forYear === years[0]));
    laterYear = earlier && earlier.year === years[0] ? years[0] + 1 : years[0];
  } else {
    earlier = all[1];
    laterYear = all[0]?.year;
  }
  const later = byYear(laterYear);
  if (!earlier || !later || earlier === later) {
    const missing = !earlier ? (years[0] ?? laterYear ?? 0) : (laterYear ?? 0);
    return refusal(staffText('compare-plans-one-year', { missing, years: yearsText(all), nextYear: (all[0]?.year ?? 0) + 1 }), all);
  }
  return comparePlansAnswer(earlier, later, question);
}

/** "近两年信访量变化", "2023年和2024年上访总量对比": the same figures side by side, oldest first. */
function compareFigures(question: string, all: Report[], years: number[], span: number | undefined): Answer {
  const chosen = years.length >= 2 ? all.filter((r) => years.includes(r.year)) : all.slice(0, span ?? 2);
  if (chosen.length < 2) {
    return refusal(staffText('compare-figures-one-year', { years: yearsText(all), year: all[0]?.year ?? '' }), all);
  }
  return compareFiguresAnswer(chosen, question);
}
