// A measure's key facts in one compact line, in the report's own words: "严守安全生产底线：以安全生产专项
// 整治三年行动为主线，开展“三级复查复核”…；完成园区264家企业安全生产风险报告系统填报工作；…". The
// measure's 一是 sentence is its headline; its clauses are kept by what they carry — figures, named
// things (“…”, 《…》), lists, stated results ("未发生…") and the question's words — while clauses that
// only say what a measure is for ("增强公众风险防范意识") go first when room is short.
import { anyOf, questionReading } from '../../knowledge/question-reading.js';
import { extractFigures } from '../../knowledge/report/index.js';
import { compact } from '../../search/text.js';
import { grams } from '../staff/topics.js';
import { listedItems } from './question-form.js';

export interface Clause {
  /** Which sentence of the measure, and which clause within it. */
  sentence: number;
  index: number;
  /** Verbatim, without the punctuation that ends it. */
  text: string;
  /** The mark that followed it in the report: "，", "。", "；" … */
  mark: string;
  score: number;
  /** Share of the topic's words in the clause's sentence: a sentence on another subject counts less. */
  sentenceShare: number;
}

export interface MeasureFacts {
  /** "严守安全生产底线": the measure's 一是 sentence, without the marker. */
  headline?: string;
  clauses: Clause[];
}

let compiled: { opening: RegExp; ending: RegExp } | undefined;
function effectPatterns(): NonNullable<typeof compiled> {
  if (!compiled) {
    const { facts } = questionReading();
    compiled = {
      // "切实夯实基层基础" is an effect, "切实履行生效裁判" an action: the adverb does not decide.
      opening: new RegExp(`^(?:${anyOf(facts.adverbs).source})*(?:${anyOf(facts.effectOpenings).source})`, 'u'),
      ending: new RegExp(`(?:${anyOf(facts.effectEndings).source})$`, 'u'),
    };
  }
  return compiled;
}

const HEADLINE = /^[一二三四五六七八九十]+是(.{2,30}?)[。；]$/u;
const NAMED = /“[^”]+”|《[^》]+》/gu;
const STATED_RESULT = /^(未|无|不存在|没有)|未发生|未发现|全部|均/u;

/** Share of the topic's bigrams found in a text (0–1). */
export function topicShare(topic: readonly string[], text: string): number {
  if (topic.length === 0) return 0;
  const have = new Set(grams(text));
  return topic.filter((g) => have.has(g)).length / topic.length;
}

/** How much a clause says what was done (figures, names, lists, results) and what was asked. */
export function clauseScore(text: string, topic: readonly string[]): number {
  const { opening, ending } = effectPatterns();
  const figures = extractFigures(text, 0, '').length;
  const named = (text.match(NAMED) ?? []).length;
  const list = listedItems(text) >= 2;
  let s = 3 * Math.min(figures, 2) + 1.5 * Math.min(named, 2) + (list ? 1 : 0) + (STATED_RESULT.test(text) ? 1.5 : 0);
  s += 2 * topicShare(topic, text);
  // "夯实…六大工作机制" names what was built; "切实夯实基层基础" only what it is for.
  const effect = ending.test(text) || (opening.test(text) && !list && named === 0);
  if (figures === 0 && effect) s -= 2;
  if (compact(text).length < 5) s -= 1;
  return s;
}

/** The measure as headline and scored clauses. */
export function measureFacts(measure: string, topic: readonly string[]): MeasureFacts {
  const sentences = measure.match(/[^。；！？]+[。；！？]?/gu)?.map((s) => s.trim()).filter(Boolean) ?? [];
  let headline: string | undefined;
  const head = HEADLINE.exec(sentences[0] ?? '');
  if (head?.[1] && extractFigures(sentences[0]!, 0, '').length === 0) {
    headline = head[1];
    sentences.shift();
  }
  const clauses: Clause[] = [];
  sentences.forEach((sentence, si) => {
    const text = sentence.replace(/^[一二三四五六七八九十]+是/u, '');
    const sentenceShare = topicShare(topic, text);
    const parts = text.match(/[^，：,:。；！？]+[，：,:。；！？]?/gu) ?? [];
    parts.forEach((part, ci) => {
      const mark = /[，：,:。；！？]$/u.test(part) ? part.slice(-1) : '';
      const body = (mark ? part.slice(0, -1) : part).trim();
      if (body) clauses.push({ sentence: si, index: ci, text: body, mark, score: clauseScore(body, topic), sentenceShare });
    });
  });
  return { ...(headline ? { headline } : {}), clauses };
}

/**
 * The opening clause a clause needs to be understood: "共涉及20家企业" needs "开展…专项执法检查". Not
 * when that opening only states a principle or a purpose (it scores below zero).
 */
export function opener(all: readonly Clause[], c: Clause): Clause | undefined {
  if (c.index === 0) return undefined;
  const open = all.find((o) => o.sentence === c.sentence && o.index === 0);
  return open && open.score >= 0 ? open : undefined;
}

/**
 * The line: headline, then the chosen clauses in the report's order — consecutive clauses with their
 * own marks, a gap inside a sentence as "，", sentences apart as "；".
 */
export function renderLine(facts: MeasureFacts, chosen: ReadonlySet<Clause>): string {
  const kept = facts.clauses.filter((c) => chosen.has(c));
  let body = '';
  kept.forEach((c, i) => {
    const prev = kept[i - 1];
    if (prev) body += prev.sentence !== c.sentence ? '；' : prev.index + 1 === c.index && prev.mark ? prev.mark : '，';
    body += c.text;
  });
  if (facts.headline && body) return `${facts.headline}：${body}。`;
  return `${facts.headline ?? body}。`;
}

/** Length of a line as the scorer counts it (no whitespace). */
export const lineLength = (line: string): number => compact(line).length;
