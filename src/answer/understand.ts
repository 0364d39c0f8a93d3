// Reading a question: what it asks about (years, named regulations, an article), what kind of answer it
// wants (a figure, a list), and whether it is something we must not answer (instructions smuggled in,
// a request for someone's personal records, help to break the law).
import { answerLexicon, charClass, countingUnits, inOrder } from '../knowledge/lexicons.js';
import { cnToInt, intToCn } from '../knowledge/numerals.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { normalize, stripControl } from '../search/text.js';
import { explicitYears, resolveYear } from './staff/year.js';
import { findRegulations, type NamedRegulation, type RegulationNameIndex } from './regulation-names.js';

export { MAX_QUESTION_CHARS };

export type Refusable = 'injection' | 'harmful' | 'personal' | 'empty' | 'off-topic';

export interface Understanding {
  /** The question as asked, cleaned and cut to MAX_QUESTION_CHARS. */
  question: string;
  /** NFKC + lower case form used for matching. */
  norm: string;
  years: number[];
  regulations: NamedRegulation[];
  /** "第七条", when the question names an article. */
  article?: string;
  /** Asks for a number: 多少, 几次, 几家 … */
  wantsFigure: boolean;
  /** Asks how many times/cases/companies: answered from the report's figures. */
  wantsCount: boolean;
  refuse?: Refusable;
}

interface Patterns {
  injection: RegExp[];
  harmful: RegExp;
  personal: RegExp[];
  figure: RegExp;
  count: RegExp;
}

let compiled: Patterns | undefined;

/** The declines (knowledge/answer-lexicon.json) and the figure words (knowledge/counting-units.json), compiled once. */
function patterns(): Patterns {
  if (compiled) return compiled;
  const { refusals } = answerLexicon();
  const { asked } = countingUnits();
  compiled = {
    // Instructions smuggled in are matched on the question as typed, in any case ("Ignore previous …").
    injection: refusals.injection.map((src) => new RegExp(src, 'i')),
    harmful: new RegExp(refusals.harmful),
    personal: [new RegExp(refusals.personal), new RegExp(refusals.personDetails)],
    // "哪几个", "哪几家" ask which ones (a list), not how many.
    figure: new RegExp(`(多少|(?<!哪)几${charClass(asked.figure)}?|数量|总量|总数|比例|百分之|多大|多长|多久|多不多|有多少)`),
    // A count (of cases, visits, companies …): laws set rules, the report counts what was done.
    count: new RegExp(`(多少|(?<!哪)几)\\s*(${inOrder(asked.count)})|多不多|有多少|总量|总数|数量`),
  };
  return compiled;
}

/** Why a question is declined before any search, if it is. */
function refusalOf(question: string, norm: string): Refusable | undefined {
  const p = patterns();
  if (!norm.replace(/[\s\p{P}\p{S}]/gu, '')) return 'empty';
  if (p.injection.some((re) => re.test(question))) return 'injection';
  if (p.harmful.test(norm)) return 'harmful';
  if (p.personal.some((re) => re.test(norm))) return 'personal';
  return undefined;
}

/** Years a question names or implies (今年/去年 from `now`); one reading of years for the whole core. */
function detectYears(norm: string, now: Date): number[] {
  const years = explicitYears(norm);
  if (years.length) return years;
  const ref = resolveYear(norm, now);
  return ref.year !== undefined ? [ref.year] : [];
}

function detectArticle(norm: string): string | undefined {
  const m = norm.match(/第\s*([0-9]+|[零〇一二三四五六七八九十百千两]+)\s*条(之[一二三四五六七八九十])?/);
  if (!m) return undefined;
  const n = /^[0-9]+$/.test(m[1]!) ? Number(m[1]) : cnToInt(m[1]!);
  return n ? `第${intToCn(n)}条${m[2] ?? ''}` : undefined;
}

export function cleanQuestion(raw: string): string {
  const text = stripControl(raw).replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_QUESTION_CHARS) return text;
  // Never keep half a surrogate pair (an emoji); trim after the cut, so cleaning twice changes nothing.
  const high = text.charCodeAt(MAX_QUESTION_CHARS - 1);
  const cut = high >= 0xd800 && high <= 0xdbff ? MAX_QUESTION_CHARS - 1 : MAX_QUESTION_CHARS;
  return text.slice(0, cut).trim();
}

export function understand(raw: string, names: RegulationNameIndex, now: Date): Understanding {
  const question = cleanQuestion(raw);
  const norm = normalize(question);
  const u: Understanding = {
    question,
    norm,
    years: detectYears(norm, now),
    regulations: findRegulations(norm, names),
    wantsFigure: patterns().figure.test(norm),
    wantsCount: patterns().count.test(norm),
  };
  const article = detectArticle(norm);
  if (article) u.article = article;
  const refuse = refusalOf(question, norm);
  if (refuse) u.refuse = refuse;
  return u;
}
