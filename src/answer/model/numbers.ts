// Finds the numbers a text states, in Arabic or Chinese numerals: their value ("八次" is 8, "3万" is
// 30000, "二〇二三年" is 2023), their written form, and whether they were approximate ("30000余份",
// "近3万", "十多次") — dropping or adding 余/多 changes what the report says.
import { countingUnits } from '../../knowledge/lexicons.js';
import { cnToInt } from '../../knowledge/numerals.js';

export interface StatedNumber {
  /** As written in the text (after full-width digits were folded). */
  raw: string;
  /** The written form compared with the passages: "30000", "3万", "一百四十九" (no spaces, no %). */
  form: string;
  value: number;
  /** 余/多 after it, or 约/近/逾/超过 before it. */
  approx: boolean;
  /** The characters right before and after it ("第" before an ordinal, "年" after a year). */
  before: string;
  after: string;
}

/**
 * Measure words and units that make a run of Chinese numerals a count rather than part of a word
 * ("八次", "三十余家", "两年"), so "统一", "一体化", "进一步" are not read as numbers (knowledge/counting-units.json).
 */
const isClassifier = (c: string): boolean => countingUnits().classifiers.units.includes(c);

const APPROX_BEFORE = /(?:约|近|逾|超过|大约|将近)$/;
const APPROX_AFTER = /^(?:余|多)/;

/** Folds full-width digits and signs, and thousands separators, so one pattern reads them all. */
export function foldDigits(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/．/g, '.')
    .replace(/％/g, '%')
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1');
}

/**
 * The value of a run of Chinese numerals, or undefined when the run is not a well-formed number
 * (src/knowledge/numerals.ts reads it). A run that starts with 万 or 亿 is a word ("万一", "亿万"), not a count.
 */
export function parseChineseNumber(run: string): number | undefined {
  return /^[万亿]/u.test(run) ? undefined : cnToInt(run);
}

const ARABIC = /(\d+(?:\.\d+)?)\s*([万亿])?/g;
const CHINESE = /[零〇一二两三四五六七八九十百千万亿]+/g;

function approxAround(text: string, start: number, end: number): boolean {
  return APPROX_BEFORE.test(text.slice(Math.max(0, start - 4), start)) || APPROX_AFTER.test(text.slice(end, end + 1));
}

/** "1. ", "2、" at the start of a line, or "（3）": the numbering of a list, not a figure. */
function isListMarker(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start);
  const after = text.slice(end, end + 1);
  const lineStart = /(^|\n)[ \t]*$/.test(before);
  return (lineStart && /^[.、．)）]/.test(after)) || (/[（(]$/.test(before) && /^[)）]/.test(after));
}

/**
 * The numbers in a text. `strict` (used for the model's answer) counts a Chinese numeral only when it
 * reads as a count — followed by a measure word, or several characters long — so ordinary words are
 * not mistaken for figures; the passages are read leniently, which can only let more through.
 */
export function statedNumbers(input: string, opts: { strict?: boolean } = {}): StatedNumber[] {
  // 百分之九十五 → 九十五 (a percentage is compared by its number, like "95%").
  let text = foldDigits(input).replace(/\[\d+\]/g, ' ').replace(/百分之/g, ' ');
  const found: StatedNumber[] = [];
  text = text.replace(ARABIC, (m, num: string, big: string | undefined, offset: number) => {
    const value = Number(num) * (big ? cnToInt(big)! : 1); // "3万" is 30000
    const end = offset + m.length;
    if (opts.strict && isListMarker(text, offset, end)) return ' '.repeat(m.length);
    found.push({ raw: m, form: num + (big ?? ''), value, approx: approxAround(text, offset, end), before: text.slice(Math.max(0, offset - 1), offset), after: text.slice(end, end + 1) });
    return ' '.repeat(m.length);
  });
  for (const m of text.matchAll(CHINESE)) {
    const run = m[0];
    const start = m.index;
    const end = start + run.length;
    const next = text.slice(end, end + 1);
    const prev = text.slice(Math.max(0, start - 1), start);
    const value = parseChineseNumber(run);
    if (value === undefined) continue;
    if (opts.strict) {
      const countLike = next !== '' && isClassifier(next);
      const ordinal = prev === '第';
      // A lone 一 is everywhere in Chinese ("一是", "一次性", "统一"): not a figure worth checking.
      if (value === 1 && run.length === 1) continue;
      if (!countLike && !ordinal && run.length < 2) continue;
      if (!countLike && !ordinal && /^[一二三四五六七八九]是$/.test(run + next)) continue;
    }
    found.push({ raw: run, form: run, value, approx: approxAround(text, start, end), before: prev, after: next });
  }
  return found;
}
