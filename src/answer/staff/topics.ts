// Topic → section matching from the report's own words: the question's character bigrams are weighed
// by how rare they are across sections (IDF) and found in section headings (strongly) and in the
// section's text. No table of topics: "安全生产" finds 一、（七） because that section talks about it.
import type { Report } from '../../domain.js';
import { sectionLabel } from '../../knowledge/report/index.js';
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { YEAR_DIGITS } from '../../knowledge/years.js';

/** Words that say what kind of answer is wanted, not what it is about, and the district's names (knowledge/question-reading.json). */
let questionWords: RegExp | undefined;
function questionWordPattern(): RegExp {
  const { topics, district } = questionReading();
  questionWords ??= new RegExp(`(${YEAR_DIGITS}|[0-9]{2})\\s*年度?|${anyOf([...topics.questionWords, ...district.places]).source}`, 'gu');
  return questionWords;
}

/** Character bigrams of the CJK runs of a text (single characters for one-character runs). */
export function grams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u4e00-\u9fff]+|[a-z0-9]+/giu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

/** The topic words of a question: what is left once the question words are removed ("" for none). */
export function topicOf(question: string): string {
  const topic = question.replace(questionWordPattern(), ' ').replace(/[\s，。？！?!,.、：:；;“”"'（）()]+/gu, ' ').trim();
  // A single leftover character ("2023年都做了哪些工作" → "都") names no topic.
  return topic.replace(/\s/gu, '').length < 2 ? '' : topic;
}

export interface SectionProfile {
  section: string;
  heading: string;
  headingGrams: Set<string>;
  bodyCounts: Map<string, number>;
}

export interface TopicIndex {
  profiles: SectionProfile[];
  idf: Map<string, number>;
  /** "维稳" for "维护稳定": first characters of two-character words side by side, as abbreviations take them. */
  abbreviations: Set<string>;
}

/** Character pairs two apart inside CJK runs: the abbreviation a four-character phrase gives ("维护稳定" → 维稳). */
function abbreviationPairs(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.match(/[\u4e00-\u9fff]+/gu) ?? []) for (let i = 0; i + 2 < run.length; i++) out.add(`${run[i]}${run[i + 2]}`);
  return out;
}

function countGrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of grams(text)) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

const cache = new WeakMap<Report, TopicIndex>();

/** Section profiles of one report (built once per parsed report). */
export function topicIndex(report: Report): TopicIndex {
  const cached = cache.get(report);
  if (cached) return cached;
  const profiles = report.sections.map((s) => ({
    section: sectionLabel(s),
    heading: s.heading,
    headingGrams: new Set(grams(s.heading)),
    bodyCounts: countGrams(s.paragraphs.join('')),
  }));
  const df = new Map<string, number>();
  for (const p of profiles) for (const g of new Set([...p.headingGrams, ...p.bodyCounts.keys()])) df.set(g, (df.get(g) ?? 0) + 1);
  const idf = new Map([...df].map(([g, n]) => [g, Math.log(1 + profiles.length / n)]));
  const abbreviations = abbreviationPairs(report.sections.map((s) => `${s.heading}。${s.paragraphs.join('')}`).join('。'));
  const index = { profiles, idf, abbreviations };
  cache.set(report, index);
  return index;
}

export interface SectionMatch {
  section: string;
  score: number;
}

// The three topic thresholds are hand-set on the 2023 report's sections, not fitted; test/answer/staff/answer-staff.test.ts
// (topics found and not found) and npm run eval's report questions guard them.
/** Below this a question names no topic the report speaks of ("2023年做了哪些工作"). */
export const MIN_TOPIC_SCORE = 1.2;
/** Share of a topic's bigrams that must occur somewhere in the report for it to be the report's topic. */
export const MIN_KNOWN_SHARE = 0.5;
/** Sections within this share of the best score are listed too ("普法" is in 一、（三） and 二、（四）). */
export const CLOSE_SHARE = 0.6;

/** Weighs one text's grams against a profile; also returns the grams that matched. */
export function scoreProfile(queryGrams: readonly string[], profile: SectionProfile, idf: Map<string, number>): { score: number; hits: Set<string> } {
  let score = 0;
  const hits = new Set<string>();
  for (const g of new Set(queryGrams)) {
    const w = idf.get(g);
    if (w === undefined) continue;
    const inBody = profile.bodyCounts.get(g) ?? 0;
    const s = w * ((profile.headingGrams.has(g) ? 2 : 0) + (inBody > 0 ? 1 + Math.log(inBody) / 2 : 0));
    if (s > 0) hits.add(g);
    score += s;
  }
  return { score, hits };
}

/** Share of a text's bigrams the report uses; a bigram the report writes out in full ("维稳": 维护稳定) counts. */
function knownShare(distinct: ReadonlySet<string>, { idf, abbreviations }: TopicIndex): number {
  const known = (g: string) => idf.has(g) || (g.length === 2 && abbreviations.has(g));
  return distinct.size === 0 ? 0 : [...distinct].filter(known).length / distinct.size;
}

/**
 * Sections of `report` (limited to `candidates` when given) that the text is about, best first;
 * empty when it names no topic the report speaks of. `anyWording` drops the check that the text's
 * words are mostly the report's own: for matching a whole passage of another year's report.
 */
export function matchTopic(report: Report, text: string, candidates?: ReadonlySet<string>, opts: { anyWording?: boolean } = {}): SectionMatch[] {
  const { profiles, idf } = topicIndex(report);
  const q = grams(text);
  const distinct = new Set(q);
  // Most of the topic's words must occur in the report at all: "法律援助" shares only "法律" with it,
  // and is a question for the regulations, not for this report.
  if (distinct.size === 0) return [];
  if (!opts.anyWording && knownShare(distinct, topicIndex(report)) < MIN_KNOWN_SHARE) return [];
  // A level-1 heading ("二、主要负责人履行…职责情况") stands for its （一）… children.
  const childrenOf = new Map<string, string[]>();
  report.sections.forEach((s, i) => {
    if (s.path.length !== 2) return;
    const parent = report.sections.find((p) => p.path.length === 1 && p.path[0] === s.path[0]);
    const label = profiles[i]?.section;
    if (!parent || !label || (candidates && !candidates.has(label))) return;
    const key = sectionLabel(parent);
    childrenOf.set(key, [...(childrenOf.get(key) ?? []), label]);
  });
  const scored = profiles
    .filter((p) => !candidates || candidates.has(p.section) || childrenOf.has(p.section))
    .map((p) => ({ section: p.section, ...scoreProfile(q, p, idf) }))
    .sort((a, b) => b.score - a.score);
  const top = scored[0];
  if (!top || top.score < MIN_TOPIC_SCORE) return [];
  // A runner-up counts only when it shares a matched word with the best: "应急管理" is about 应急,
  // not about every section whose heading says 管理.
  const close = scored.filter((x) => x.score >= top.score * CLOSE_SHARE && [...x.hits].some((g) => top.hits.has(g)));
  const out: SectionMatch[] = [];
  for (const [rank, s] of close.entries()) {
    const children = childrenOf.get(s.section);
    // Only when the heading beats every section of its own does it speak for them all.
    if (children && rank > 0) continue;
    const expanded = children?.map((section) => ({ section, score: s.score })) ?? [{ section: s.section, score: s.score }];
    for (const e of expanded) if ((!candidates || candidates.has(e.section)) && !out.some((o) => o.section === e.section)) out.push(e);
  }
  return out;
}

/**
 * Share of `a`'s bigrams found in `b`: how close two passages are, for pairing across years. With
 * `idf`, rare words count more than "法治""建设", which every section of a report uses.
 */
export function overlap(a: string, b: string, idf?: ReadonlyMap<string, number>): number {
  const ga = new Set(grams(a));
  const gb = new Set(grams(b));
  let hit = 0;
  let total = 0;
  for (const g of ga) {
    const w = idf ? (idf.get(g) ?? 0) : 1;
    total += w;
    if (gb.has(g)) hit += w;
  }
  return total === 0 ? 0 : hit / total;
}
