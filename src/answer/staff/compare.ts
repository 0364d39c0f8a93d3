// Staff answers across years: one report's plans beside what the next report says on the same topic,
// and the same figures side by side, oldest first, with how much they changed.
import type { Answer, Figure, Measure, Plan, Report } from '../../domain.js';
import { FIGURE_ANSWER_COLUMNS, figureText, quantityText } from '../../knowledge/report/index.js';
import { cite, summary } from './cite.js';
import { Citations, groupFigures, refusal, staffAnswer, staffText, topicName, topicSections, yearsText } from './reply.js';
import { matchTopic, overlap, topicIndex, topicOf } from './topics.js';

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
      : `   ${staffText('no-counterpart', { year: later.year })}`;
    return `${planLine}\n${laterLine}`;
  });
  return staffAnswer(`${staffText('compare-plans', { earlier: earlier.year, later: later.year })}\n${lines.join('\n')}`, cites, [later, earlier]);
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

/**
 * Two years' figures count the same thing when their labels share at least this much wording. Hand-set:
 * the comparisons in test/answer/staff/answer-staff.test.ts
 * (信访, 调解 across two years) pair at it; with one report loaded there is nothing to fit it on.
 */
const MIN_LABEL_OVERLAP = 0.5;

function change(a: Figure, b: Figure): string {
  const diff = b.number - a.number;
  const pct = a.number === 0 ? '' : `，${diff >= 0 ? '+' : ''}${((diff / a.number) * 100).toFixed(1)}%`;
  return `${figureText(a)} → ${figureText(b)}（${diff >= 0 ? '+' : ''}${diff}${b.unit}${pct}）`;
}

interface YearFigures {
  report: Report;
  figures: Figure[];
}

/** Each figure paired with the next year's figure of the same unit and the closest label. */
function changes(found: readonly YearFigures[]): string[] {
  const out: string[] = [];
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
      out.push(`${a.label}（${prev.report.year}→${next.report.year}）：${change(a, b)}`);
    }
  }
  return out;
}

/** "2023年：上访总量 149批、451人次[1]；…", one line per year, and the table rows beside. */
function yearLine({ report, figures }: YearFigures, cites: Citations, rows: string[][]): string {
  for (const f of figures) rows.push([String(report.year), f.label, quantityText(f), f.unit]);
  return `${report.year}年：${groupFigures(figures)
    .map((g) => `${g[0]?.label ?? ''} ${g.map(figureText).join('、')}${g[0] ? cites.mark(cite(report, g[0].section, g[0].sentence)) : ''}`)
    .join('；')}`;
}

export function compareFiguresAnswer(reports: readonly Report[], question: string): Answer {
  const topic = topicOf(question);
  const ordered = [...reports].sort((a, b) => a.year - b.year);
  const perYear = ordered.map((r) => ({ report: r, figures: topicFigures(r, topic) }));
  const found = perYear.filter((y) => y.figures.length > 0);
  if (found.length === 0) return refusal(staffText('no-topic-figures', { years: yearsText(reports), topic }), reports);
  const cites = new Citations();
  const rows: string[][] = [];
  const lines = found.map((y) => yearLine(y, cites, rows));
  const changed = changes(found);
  const missing = perYear.filter((y) => y.figures.length === 0).map((y) => staffText('no-year-figures', { year: y.report.year }));
  const body = [...lines, ...(changed.length ? ['变化：', ...changed.map((c) => `- ${c}`)] : []), ...missing].join('\n');
  return staffAnswer(`${staffText('compare-figures', { topic })}\n${body}`, cites, reports, { columns: ['年度', ...FIGURE_ANSWER_COLUMNS], rows });
}
