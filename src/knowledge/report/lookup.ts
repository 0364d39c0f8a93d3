// Staff views of parsed reports: the section tree, figures/measures/plans as rows. Shared by the
// HTTP routes, the CLI and the staff answers so all three show the same thing.
import type { Figure, Measure, Plan, Report } from '../../domain.js';
import { sectionLabel } from './parse-report.js';

export interface SectionNode {
  /** Compact label, as on chunks and citations. */
  section: string;
  heading: string;
  path: string[];
  ordinals: number[];
  children: SectionNode[];
}

/** Level-1 sections with their （一） children, in document order. */
export function sectionTree(report: Report): SectionNode[] {
  const roots: SectionNode[] = [];
  for (const s of report.sections) {
    const node: SectionNode = { section: sectionLabel(s), heading: s.heading, path: s.path, ordinals: s.ordinals, children: [] };
    const parent = s.path.length === 2 ? roots.find((r) => r.path.length === 1 && r.path[0] === s.path[0]) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Every section label of a report, parents before children. */
export function sectionLabels(report: Report): string[] {
  return report.sections.map(sectionLabel);
}

export function reportYears(reports: readonly Report[]): number[] {
  return [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b);
}

export function findReport(reports: readonly Report[], year: number): Report | undefined {
  return reports.find((r) => r.year === year);
}

/**
 * The sections a staff member means by `query`: the exact label, a level-1 heading (all its children),
 * or a prefix such as "一、（七）". Undefined when nothing matches, so callers can list the valid ones.
 */
export function matchSections(report: Report, query: string): string[] | undefined {
  const q = query.replace(/\s+/gu, '');
  const labels = sectionLabels(report);
  if (labels.includes(q)) {
    const s = report.sections.find((x) => sectionLabel(x) === q);
    const children = s?.path.length === 1 ? report.sections.filter((c) => c.path.length === 2 && c.path[0] === s.path[0]).map(sectionLabel) : [];
    return [q, ...children];
  }
  const prefixed = labels.filter((l) => q.length >= 2 && l.startsWith(q));
  return prefixed.length > 0 ? prefixed : undefined;
}

export function measuresIn(report: Report, sections?: readonly string[]): Measure[] {
  return sections ? report.measures.filter((m) => sections.includes(m.section)) : report.measures;
}

export const FIGURE_COLUMNS = ['年度', '部分', '指标', '数值', '单位', '原文'];

/** "30000余" / "约3.5万": the number with its approximation word, without the unit. */
export function quantityText(f: Figure): string {
  const before = f.approx === '近' || f.approx === '约' ? f.approx : '';
  const after = f.approx === '余' || f.approx === '多' ? f.approx : '';
  return `${before}${f.value}${after}`;
}

/** "30000余份": the figure as a person reads it. */
export function figureText(f: Figure): string {
  return `${quantityText(f)}${f.unit}`;
}

export function figureRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [String(f.year), f.section, f.label, quantityText(f), f.unit, f.sentence]);
}

/**
 * The figures table of an answer, read in a chat panel 375 px wide: what is counted, the number, its
 * unit. The year is in the answer's first line and the section in each line's citation.
 */
export const FIGURE_ANSWER_COLUMNS = ['指标', '数值', '单位'];

export function figureAnswerRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [f.label, quantityText(f), f.unit]);
}

export const MEASURE_COLUMNS = ['年度', '部分', '序号', '措施'];

export function measureRows(measures: readonly Measure[]): string[][] {
  return measures.map((m) => [String(m.year), m.section, m.marker ?? '', m.text]);
}

export const PLAN_COLUMNS = ['计划年度', '报告年度', '部分', '安排'];

export function planRows(plans: readonly Plan[]): string[][] {
  return plans.map((p) => [String(p.forYear), String(p.reportYear), p.section, p.text]);
}
