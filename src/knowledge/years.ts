// Years as reports and questions write them: "2023年", "2023 年度", "23年度", "二〇二三年". One reading of
// written years for the report parser and the answer core. Words relative to today (今年, 去年, 最近一年)
// are knowledge/question-reading.json's, read in src/answer/staff/year.ts.
import { cnToInt } from './numerals.js';

/** A four-digit year of this century or the last (1998, 2023): not a count like "3000份". */
export const YEAR_DIGITS = '(?:19|20)\\d{2}';

/** "2023年", "2023 年度": the year captured, for taking years out of a question. */
export const YEAR_WORD = `(${YEAR_DIGITS})\\s*年度?`;

/** The first year written before `after` ("年" by default; "" for a bare 2023, as in a file name). */
export function writtenYear(text: string, after = '年'): number | undefined {
  const m = new RegExp(`(${YEAR_DIGITS})${after ? `\\s*${after}` : ''}`, 'u').exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Every year a text writes out, in order of appearance: "2023年的计划在2024年落实了吗" → [2023, 2024]. */
export function explicitYears(text: string): number[] {
  const found: Array<[number, number]> = [];
  for (const m of text.matchAll(new RegExp(`(?<![0-9])(${YEAR_DIGITS})\\s*年`, 'gu'))) found.push([m.index, Number(m[1])]);
  // "23年度": two digits only with 年度, so "15年" (a term of years) is not read as 2015.
  for (const m of text.matchAll(/(?<![0-9])([0-9]{2})\s*年度/gu)) found.push([m.index, 2000 + Number(m[1])]);
  // "二〇二三年": digit by digit.
  for (const m of text.matchAll(/([〇零一二三四五六七八九]{4})\s*年/gu)) found.push([m.index, cnToInt(m[1]!)!]);
  const years = found.sort((a, b) => a[0] - b[0]).map(([, y]) => y);
  return [...new Set(years)];
}
