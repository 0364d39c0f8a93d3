// District-first routing: a question about what the district did ("开发区搞了哪些…", "园区里…开展过…",
// "报告里说…") is answered from the report; a law on the same subject is cited beside it, not instead.
import type { Hit } from '../../search/retriever.js';
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { saysWord } from '../../search/tokenizer.js';

export interface DistrictReading {
  /** The question without the district's and the report's names: every report passage is about them. */
  text: string;
  /** Names the district or the report. */
  aboutDistrict: boolean;
  /** Asks what the district did: named with a past action, naming the report, or "是怎么…的". */
  districtFirst: boolean;
}

let compiled: { names: RegExp; report: RegExp; past: RegExp; pastForm: RegExp; law: RegExp } | undefined;
function patterns(): NonNullable<typeof compiled> {
  if (!compiled) {
    const { district } = questionReading();
    compiled = {
      names: anyOf([...district.places, ...district.reportWords], 'gu'),
      report: anyOf(district.reportWords, 'u'),
      past: anyOf(district.pastAction, 'u'),
      pastForm: new RegExp(district.pastConstruction, 'u'),
      law: anyOf(district.lawWords, 'u'),
    };
  }
  return compiled;
}

let places: RegExp | undefined;

/**
 * The question without the district's names (question-reading.json, district.places): every report
 * sentence is about the district, and these words are rare in the statutes, so their idf would mislead
 * the choice of sentence.
 */
export function withoutPlaceWords(question: string): string {
  places ??= anyOf(questionReading().district.places, 'gu');
  return question.replace(places, ' ');
}

export function readDistrict(question: string): DistrictReading {
  const p = patterns();
  const text = question.replace(p.names, ' ');
  const aboutDistrict = text !== question;
  const askedHowDone = p.pastForm.test(question.trim());
  // Named, the district is the one that acted ("开发区…怎么处罚的"); unnamed, "是怎么规定的" asks the law.
  const districtFirst = aboutDistrict ? saysWord(p.report, question) || saysWord(p.past, text) || askedHowDone : askedHowDone && !saysWord(p.law, question);
  return { text, aboutDistrict, districtFirst };
}

/** Expansion terms other than the district's names: "园区" → "开发区" would favour passages that repeat the name. */
export function withoutDistrictTerms(terms: readonly string[]): string[] {
  const { names } = patterns();
  return terms.filter((t) => t.replace(names, '').trim() !== '');
}

/**
 * Report passages before the laws, each group in its ranked order, for a question about what the
 * district did: the report answers, a relevant law stays cited after it. When the search found no
 * report passage at all, `reportOnly` asks for the best report passages.
 */
export async function reportFirst(hits: readonly Hit[], reportOnly: () => Promise<Hit[]>): Promise<Hit[]> {
  const reports = hits.filter((h) => h.chunk.kind === 'report');
  const laws = hits.filter((h) => h.chunk.kind !== 'report');
  if (reports.length > 0) return [...reports, ...laws];
  const extra = await reportOnly();
  return [...extra, ...laws].slice(0, Math.max(hits.length, extra.length));
}
