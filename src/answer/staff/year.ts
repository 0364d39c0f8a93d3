// Which report year a staff question means: "2023年", "二〇二三年", "23年度", 今年/去年/前年 relative to
// the current date, or "最近一年" (the newest report, which only the caller knows).

export interface YearReference {
  /** The year asked about, when the question names or implies one. */
  year?: number;
  /** The relative word used: "今年", "去年", "前年", "明年", "最近一年", "近两年" … */
  relative?: string;
  /** For "近两年" / "近三年": how many of the newest years. */
  span?: number;
}

const CN_DIGIT = '〇一二三四五六七八九';
const RELATIVE: Array<[RegExp, string, number]> = [
  [/今年|本年度?(?!以来)/u, '今年', 0],
  [/去年|上一年|上年度/u, '去年', -1],
  [/前年/u, '前年', -2],
  [/明年|下一年|下年度/u, '明年', 1],
];
const SPAN = /近(两|二|三|四|五|2|3|4|5)年|(最近|近)(两|二|三|2|3)个?年度?/u;
const SPAN_VALUE: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, '2': 2, '3': 3, '4': 4, '5': 5 };

/** Every explicit year in the question, in order of appearance: "2023年的计划在2024年落实了吗" → [2023, 2024]. */
export function explicitYears(question: string): number[] {
  const found: Array<[number, number]> = [];
  for (const m of question.matchAll(/(?<![0-9])((?:19|20)[0-9]{2})\s*年/gu)) found.push([m.index, Number(m[1])]);
  for (const m of question.matchAll(/(?<![0-9])([0-9]{2})\s*年度/gu)) found.push([m.index, 2000 + Number(m[1])]);
  for (const m of question.matchAll(/([〇零一二三四五六七八九]{4})\s*年/gu)) {
    const digits = [...(m[1] ?? '')].map((c) => CN_DIGIT.indexOf(c === '零' ? '〇' : c)).join('');
    found.push([m.index, Number(digits)]);
  }
  const years = found.sort((a, b) => a[0] - b[0]).map(([, y]) => y);
  return [...new Set(years)];
}

export function resolveYear(question: string, now: Date): YearReference {
  const explicit = explicitYears(question)[0];
  if (explicit !== undefined) return { year: explicit };
  const span = SPAN.exec(question);
  if (span) return { relative: span[0], span: SPAN_VALUE[span[1] ?? span[3] ?? ''] ?? 2 };
  if (/最近一年|最近一个?年度|最新(一年|年度|的?报告)|近一年/u.test(question)) return { relative: '最近一年' };
  for (const [re, word, offset] of RELATIVE) {
    if (re.test(question)) return { year: now.getFullYear() + offset, relative: word };
  }
  return {};
}
