// Every number the report states, with its unit and what it counts, tied to its sentence.
// A number is a figure only when a counting unit follows it: years ("2023年"), dates ("4·15"),
// hotline numbers ("12345 公共服务热线") and Chinese ordinals ("八五", "（七）") have none.
import type { Figure } from '../../domain.js';

/** Counting units, longest first so "人次" wins over "人". 万/亿 before a unit scale the number ("3.5万元"). */
const UNITS = [
  '个百分点', '平方米', '人次', '户次', '场次', '件次', '批次', '课时', '小时',
  '公里', '公顷', '亩', '吨',
  '批', '次', '条', '份', '家', '名', '人', '个', '起', '件', '场', '项', '户', '篇', '期', '所', '处', '宗', '类', '套',
  '支', '台', '辆', '本', '册', '位', '元', '天', '%', '％',
].sort((a, b) => b.length - a.length);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * prefix approx · number · optional 万/亿 · suffix approx · unit.
 * The number must not touch another digit, "·", "-", "." or "第" on its left (dates, ranges, ordinals).
 */
const FIGURE = new RegExp(
  `(?<![0-9０-９.·\\-—第])(近|约)?\\s*([0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(万|亿)?\\s*(余|多)?\\s*(${UNITS.map(escape).join('|')})(?![0-9])`,
  'gu',
);

/** Clause boundaries inside a sentence: what a figure counts lies between two of them. */
const CLAUSE_BREAK = /[，,；;：:。！？!?]/u;

/** Splits a paragraph into sentences ending in 。！？ (the closing mark kept). */
export function sentences(paragraph: string): string[] {
  return paragraph.match(/[^。！？!?]+(?:[。！？!?]+[”’」』]?|$)/gu)?.map((s) => s.trim()).filter((s) => s !== '') ?? [];
}

/** Figures in one paragraph. `year` and `section` are copied onto each. */
export function extractFigures(paragraph: string, year: number, section: string): Figure[] {
  const out: Figure[] = [];
  for (const sentence of sentences(paragraph)) {
    const matches = [...sentence.matchAll(FIGURE)];
    for (const m of matches) {
      const [, before, digits = '', multiplier, after, unit = ''] = m;
      const start = m.index;
      const base = Number(digits.replace(/,/gu, ''));
      if (!Number.isFinite(base)) continue;
      const scale = multiplier === '万' ? 10_000 : multiplier === '亿' ? 100_000_000 : 1;
      const approx = after ?? before;
      out.push({
        year,
        section,
        value: `${digits}${multiplier ?? ''}`,
        number: base * scale,
        unit,
        ...(approx ? { approx } : {}),
        label: labelOf(sentence, start, start + m[0].length, matches),
        sentence,
      });
    }
  }
  return out;
}

/**
 * What a figure counts, in the report's words: its clause with the figures taken out.
 * "本年度全区上访总量 149 批 451 人次" → "本年度全区上访总量"; "完成园区264家企业安全生产风险报告系统填报工作"
 * → "完成园区企业安全生产风险报告系统填报工作".
 */
function labelOf(sentence: string, start: number, end: number, all: readonly RegExpExecArray[]): string {
  let from = start;
  while (from > 0 && !CLAUSE_BREAK.test(sentence[from - 1] ?? '')) from--;
  let to = end;
  while (to < sentence.length && !CLAUSE_BREAK.test(sentence[to] ?? '')) to++;
  let label = '';
  let cursor = from;
  for (const m of all) {
    const s = m.index;
    const e = s + m[0].length;
    if (e <= from || s >= to) continue;
    label += sentence.slice(cursor, s);
    cursor = e;
  }
  label += sentence.slice(cursor, to);
  return label.replace(/\s+/gu, '');
}
