// The structured model of an annual 法治政府建设情况报告, derived from its text alone:
// title and year, sections (一、 / （一）), measures, figures, shortcomings and next year's plans.
import path from 'node:path';
import type { Figure, Measure, Plan, Report, ReportSection } from '../../domain.js';
import { extractFigures } from './figures.js';
import { writtenYear, YEAR_DIGITS } from '../years.js';
import { cnOrdinalValue, splitMarkers } from './markers.js';
import { LEVEL1_HEADING, LEVEL2_HEADING, isLevel1Heading, isLevel2Heading, repairParagraphs, textLines } from './repair.js';

/** Section name of the paragraphs before the first 一、 heading. */
export const INTRO_SECTION = '引言';
/** Section name of a report in which no heading was found. */
export const WHOLE_TEXT_SECTION = '正文';

type SectionKind = 'intro' | 'measures' | 'shortcomings' | 'plans';

const SHORTCOMINGS_HEADING = /不足|短板|差距|存在的?问题/u;
const PLANS_HEADING = new RegExp(`下一年度|下一步|下年度|明年|来年|主要安排|工作安排|工作计划|工作打算|工作思路|${YEAR_DIGITS}\\s*年.*(安排|计划|打算|思路)`, 'u');

/** The compact section string used on chunks, measures and citations: "一、（七）建立应急预案，依法应对重大突发事件情况". */
export function sectionLabel(section: Pick<ReportSection, 'path'>): string {
  const [top, sub] = section.path;
  if (sub === undefined) return top ?? WHOLE_TEXT_SECTION;
  const ordinal = top === undefined ? undefined : LEVEL1_HEADING.exec(top)?.[1];
  return ordinal ? `${ordinal}、${sub}` : sub;
}

/** Heading text without its closing 。 (the path form). */
function headingText(sentence: string): string {
  return sentence.replace(/[。．.\s]+$/u, '');
}

/** A level-2 heading longer than this is a whole sentence of content, not a title. */
const MAX_HEADING_CHARS = 40;

/**
 * "（一）注重率先垂范，加强法治建设组织领导。主要负责人…" → heading sentence and the body after it.
 * A level-2 line that is one long sentence ("（三）持续巩固主题教育成果，加强…，为…提供坚实保障。") is
 * content: its first clause is the heading, and the sentence (without the ordinal) is the body.
 */
function splitHeadingLine(line: string, level: 1 | 2): { heading: string; body?: string } {
  const stop = line.indexOf('。');
  const body = stop < 0 ? '' : line.slice(stop + 1).trim();
  if (body !== '') return { heading: headingText(line.slice(0, stop + 1)), body };
  const heading = headingText(line);
  const clause = /^[^，；,;]+(?=[，；,;])/u.exec(heading)?.[0];
  if (level === 2 && heading.length > MAX_HEADING_CHARS && clause) {
    return { heading: clause, body: line.replace(LEVEL2_ORDINAL, '') };
  }
  return { heading };
}

const LEVEL2_ORDINAL = /^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*/u;

/** The title line: the first line, when it names a report and is not a sentence. */
function findTitle(lines: readonly string[]): string | undefined {
  const first = lines[0];
  if (first === undefined || first.length > 80 || /[。；]/u.test(first) || isLevel1Heading(first)) return undefined;
  return /报告|情况/u.test(first) ? first : undefined;
}

function findYear(title: string | undefined, source: string, text: string): number | undefined {
  const name = path.basename(source);
  return (title ? writtenYear(title) : undefined) ?? writtenYear(name) ?? writtenYear(name, '') ?? writtenYear(text.slice(0, 400), '年度');
}

function classify(level1Heading: string | undefined): SectionKind {
  if (level1Heading === undefined) return 'intro';
  if (SHORTCOMINGS_HEADING.test(level1Heading)) return 'shortcomings';
  if (PLANS_HEADING.test(level1Heading)) return 'plans';
  return 'measures';
}

interface SectionDraft {
  section: ReportSection;
  kind: SectionKind;
  /** Level-2 section with a heading line and no body: the heading is its content. */
  headingOnly: boolean;
}

function buildSections(paragraphs: readonly string[]): SectionDraft[] {
  const drafts: SectionDraft[] = [];
  let level1: { heading: string; ordinal: number } | undefined;
  let current: SectionDraft | undefined;
  const open = (path: string[], ordinals: number[], heading: string, kind: SectionKind): SectionDraft => {
    current = { section: { path, ordinals, heading, paragraphs: [] }, kind, headingOnly: false };
    drafts.push(current);
    return current;
  };
  for (const p of paragraphs) {
    if (isLevel1Heading(p)) {
      const { heading, body } = splitHeadingLine(p, 1);
      level1 = { heading, ordinal: cnOrdinalValue(LEVEL1_HEADING.exec(p)?.[1] ?? '') };
      const draft = open([heading], [level1.ordinal], heading, classify(heading));
      if (body) draft.section.paragraphs.push(body);
    } else if (isLevel2Heading(p)) {
      const { heading, body } = splitHeadingLine(p, 2);
      const ordinal = cnOrdinalValue(LEVEL2_HEADING.exec(p)?.[1] ?? '');
      const draft = level1
        ? open([level1.heading, heading], [level1.ordinal, ordinal], heading, classify(level1.heading))
        : open([heading], [0, ordinal], heading, 'measures');
      if (body) draft.section.paragraphs.push(body);
    } else {
      (current ?? open([INTRO_SECTION], [0], INTRO_SECTION, 'intro')).section.paragraphs.push(p);
    }
  }
  for (const d of drafts) d.headingOnly = d.section.path.length === 2 && d.section.paragraphs.length === 0;
  return drafts;
}

/** "（三）持续巩固主题教育成果…" → "持续巩固主题教育成果…。": a heading that is itself the content. */
function headingAsText(heading: string): string {
  return `${heading.replace(LEVEL2_ORDINAL, '')}。`;
}

/** Items of a paragraph: its 一是/二是 items (lead-in dropped), or the whole paragraph. */
function items(paragraph: string): Array<{ marker?: string; text: string }> {
  const { items: marked } = splitMarkers(paragraph);
  return marked.length > 0 ? marked : [{ text: paragraph }];
}

function contentOf(d: SectionDraft): string[] {
  return d.headingOnly ? [headingAsText(d.section.heading)] : d.section.paragraphs;
}

export function parseReport(text: string, source: string): Report {
  const warnings: string[] = [];
  const lines = textLines(text);
  const titleLine = findTitle(lines);
  const title = (titleLine ?? path.basename(source).replace(/\.[^.]+$/u, '')).replace(/\s+/gu, '');
  if (!titleLine) warnings.push(`${source}: no title line found; the title is taken from the file name`);
  const repaired = repairParagraphs(titleLine ? lines.slice(1) : lines);

  const foundYear = findYear(titleLine, source, text);
  if (foundYear === undefined) warnings.push(`${source}: no report year in the title or file name`);
  const year = foundYear ?? 0;

  let drafts = buildSections(repaired);
  const structured = drafts.some((d) => d.kind !== 'intro');
  if (!structured) {
    warnings.push(`${source}: no section headings (一、/（一）) found; the report is searchable as passages only`);
    drafts = drafts.map((d) => ({ ...d, section: { ...d.section, path: [WHOLE_TEXT_SECTION], heading: WHOLE_TEXT_SECTION } }));
  }

  const measures: Measure[] = [];
  const shortcomings: Measure[] = [];
  const plans: Plan[] = [];
  const figures: Figure[] = [];
  const forYear = planYear(drafts, year);

  for (const d of drafts) {
    const section = sectionLabel(d.section);
    const content = contentOf(d);
    for (const p of content) figures.push(...extractFigures(p, year, section));
    if (!structured || d.kind === 'intro') continue;
    // In the plans section, a level-1 paragraph before its （一） items is a lead-in ("2024年，开发区将…").
    const hasChildren = drafts.some((c) => c.section.path.length === 2 && c.section.path[0] === d.section.path[0]);
    if (d.kind === 'plans' && d.section.path.length === 1 && hasChildren) continue;
    for (const p of content) {
      for (const item of items(p)) {
        const measure: Measure = { year, section, text: item.text, ...(item.marker ? { marker: item.marker } : {}) };
        if (d.kind === 'measures') measures.push(measure);
        else if (d.kind === 'shortcomings') shortcomings.push(measure);
        else plans.push({ forYear, reportYear: year, section, text: item.text });
      }
    }
  }
  if (structured) {
    if (!drafts.some((d) => d.kind === 'shortcomings')) warnings.push(`${source}: no section on shortcomings (存在不足) found`);
    if (!drafts.some((d) => d.kind === 'plans')) warnings.push(`${source}: no section on next year's plans (下一年度安排) found`);
  }
  return { year, title, source, sections: drafts.map((d) => d.section), measures, figures, shortcomings, plans, warnings };
}

/** The year plans are for: stated in the plans section ("2024年，开发区将…"), else the next year. */
function planYear(drafts: readonly SectionDraft[], year: number): number {
  for (const d of drafts) {
    if (d.kind !== 'plans' || d.section.path.length !== 1) continue;
    for (const t of [d.section.heading, ...d.section.paragraphs.slice(0, 1)]) {
      const stated = writtenYear(t);
      if (stated !== undefined && stated > year) return stated;
    }
  }
  return year + 1;
}
