// Every number the report states, with its unit and what it counts, tied to its sentence.
// A number is a figure only when a counting unit follows it: years ("2023年"), dates ("4·15"),
// hotline numbers ("12345 公共服务热线") and Chinese ordinals ("八五", "（七）") have none.
import type { Figure } from '../../domain.js';
import { countingUnits } from '../lexicons.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * prefix approx · number · optional 万/亿 · suffix approx · unit.
 * The number must not touch another digit, "·", "-", "." or "第" on its left (dates, ranges, ordinals).
 */
let figure: RegExp | undefined;
/** Counting units (knowledge/counting-units.json, report), longest first so "人次" wins over "人". 万/亿 before a unit scale the number ("3.5万元"). */
function figurePattern(): RegExp {
  if (figure) return figure;
  const units = [...countingUnits().report.units].sort((a, b) => b.length - a.length);
  return (figure = new RegExp(
    `(?<![0-9０-９.·\\-—第])(近|约)?\\s*([0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(万|亿)?\\s*(余|多)?\\s*(${units.map(escape).join('|')})(?![0-9])`,
    'gu',
  ));
}

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
    const matches = [...sentence.matchAll(figurePattern())];
    const named = labels(sentence, matches);
    for (const [i, m] of matches.entries()) {
      const [, before, digits = '', multiplier, after, unit = ''] = m;
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
        label: named[i] ?? '',
        sentence,
      });
    }
  }
  return out;
}

/**
 * What a figure counts, in the report's words, from its clause: the text before it back to the previous
 * figure (or the clause start), and for the clause's last figure also the text after it.
 * "本年度全区上访总量 149 批 451 人次" → "本年度全区上访总量" for both; "开展简易调解 65 起、庭式调解 18 起"
 * → "开展简易调解", "庭式调解"; "完成园区264家企业安全生产风险报告系统填报工作" → "完成园区企业安全生产风险报告系统填报工作".
 */
function labels(sentence: string, matches: readonly RegExpExecArray[]): string[] {
  const out: string[] = [];
  const clauseStart = (at: number): number => {
    let i = at;
    while (i > 0 && !CLAUSE_BREAK.test(sentence[i - 1] ?? '')) i--;
    return i;
  };
  const clauseEnd = (at: number): number => {
    let i = at;
    while (i < sentence.length && !CLAUSE_BREAK.test(sentence[i] ?? '')) i++;
    return i;
  };
  const context = openerContext(sentence, matches, clauseStart, clauseEnd);
  matches.forEach((m, i) => {
    const start = m.index;
    const end = start + m[0].length;
    const prev = matches[i - 1];
    const next = matches[i + 1];
    const from = Math.max(clauseStart(start), prev ? prev.index + prev[0].length : 0);
    const to = clauseEnd(end);
    const isLastInClause = !next || next.index >= to;
    const own = tidy(sentence.slice(from, start) + (isLastInClause ? sentence.slice(end, to) : ''));
    // "149 批 451 人次": a figure right after another counts the same thing.
    const sameClause = prev !== undefined && clauseStart(prev.index) === clauseStart(start);
    const label = own === '' && sameClause ? (out[i - 1] ?? '') : own;
    out.push(context(start) && label !== '' && !label.startsWith(context(start)!) ? `${context(start)}，${label}` : label);
  });
  return out;
}

/** A clause this short ("已全部完成") carries no subject of its own; it continues the one before. */
const CONTINUATION_CHARS = 6;
/** An opening clause that states a result itself ("无赴京访") is not the action later clauses count for. */
const STATED = /^(无|未|没有|不)/u;

/**
 * The sentence's opening clause, for a figure whose clause only continues it: "开展全区劳动密集型工业
 * 企业专项执法检查，共涉及20家企业，已全部完成，对4家企业进行处罚" — "共涉及企业" and "对企业进行
 * 处罚" say what they count only with "开展…专项执法检查". A figure's clause continues the opener when
 * every clause between them holds a figure or is a short continuation; the opener must hold no figure.
 */
function openerContext(
  sentence: string,
  matches: readonly RegExpExecArray[],
  clauseStart: (at: number) => number,
  clauseEnd: (at: number) => number,
): (at: number) => string | undefined {
  const openerEnd = clauseEnd(0);
  const opener = tidy(sentence.slice(0, openerEnd));
  const figureIn = (from: number, to: number) => matches.some((m) => m.index >= from && m.index < to);
  // A short opener ("今年以来") sets a time, not an action.
  if (opener.length <= CONTINUATION_CHARS || STATED.test(opener) || figureIn(0, openerEnd)) return () => undefined;
  return (at) => {
    let start = clauseStart(at);
    if (start === 0) return undefined;
    // Walk back over the clauses before this one, down to the opener.
    while (start > 0) {
      const prevStart = clauseStart(start - 1);
      if (prevStart === 0) return opener;
      const prevText = tidy(sentence.slice(prevStart, start - 1));
      if (!figureIn(prevStart, start - 1) && prevText.length > CONTINUATION_CHARS) return undefined;
      start = prevStart;
    }
    return undefined;
  };
}

/** Drops spaces, joining words left at the edges ("、庭式调解") and a leading 一是/二是 marker. */
function tidy(text: string): string {
  return text
    .replace(/\s+/gu, '')
    .replace(/^[、和及与]+|[、和及与]+$/gu, '')
    .replace(/^(以及|其中[，,]?)?[一二三四五六七八九十]+是/u, '$1');
}
