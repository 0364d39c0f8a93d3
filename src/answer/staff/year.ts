// Which report year a staff question means: "2023年", "二〇二三年", "23年度", 今年/去年/前年 relative to
// the current date, or "最近一年" (the newest report, which only the caller knows). The relative words
// are in knowledge/question-reading.json.
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { cnToInt } from '../../knowledge/numerals.js';
import { explicitYears } from '../../knowledge/years.js';

export { explicitYears };

export interface YearReference {
  /** The year asked about, when the question names or implies one. */
  year?: number;
  /** The relative word used: "今年", "去年", "前年", "明年", "最近一年", "近两年" … */
  relative?: string;
  /** For "近两年" / "近三年": how many of the newest years. */
  span?: number;
}

/** The relative year words as patterns, built once from the lexicon. */
let relativePatterns: { latest: RegExp; relative: Array<[RegExp, string, number]> } | undefined;
function patterns(): NonNullable<typeof relativePatterns> {
  if (!relativePatterns) {
    const { years } = questionReading();
    const notAfter = years.notRelativeAfter.length ? `(?!${anyOf(years.notRelativeAfter).source})` : '';
    relativePatterns = {
      latest: anyOf(years.latest),
      relative: years.relative.map((r) => [new RegExp(`(?:${anyOf(r.forms).source})${notAfter}`, 'u'), r.word, r.offset]),
    };
  }
  return relativePatterns;
}
const SPAN = /近(两|二|三|四|五|2|3|4|5)年|(最近|近)(两|二|三|2|3)个?年度?/u;

/** What resolveYear calls the newest report held ("最近", "最新的报告"). */
export const LATEST = '最近一年';

export function resolveYear(question: string, now: Date): YearReference {
  const explicit = explicitYears(question)[0];
  if (explicit !== undefined) return { year: explicit };
  const span = SPAN.exec(question);
  if (span) return { relative: span[0], span: cnToInt(span[1] ?? span[3] ?? '') ?? 2 };
  const { latest, relative } = patterns();
  if (latest.test(question)) return { relative: LATEST };
  for (const [re, word, offset] of relative) {
    if (re.test(question)) return { year: now.getFullYear() + offset, relative: word };
  }
  return {};
}
