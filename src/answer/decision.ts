// Answer or decline: a logistic regression over what retrieval found (knowledge/learned/decision.json, fitted by
// npm run learn on labelled questions — answerable ones from our own sets and the development set, declines
// from out-of-scope questions and real questions about laws not loaded — with its threshold chosen on folds
// for at most 5 % false refusals). The features describe the evidence, never the wording of the question, so
// the same question is answered where its law is loaded and declined where it is not.
import type { DecisionModel } from '../knowledge/learned.js';
import { normalize } from '../search/text.js';
import type { Bm25Index } from '../search/bm25.js';
import type { Hit } from '../search/retriever.js';
import { contentWords, isEverydayWord } from '../search/tokenizer.js';
import { coverage, questionWords } from './evidence.js';
import type { LawScopeReading } from './law-scope.js';
import { remembered } from './remembered.js';

export const DECISION_FEATURES = [
  'top', // the ranker's chance for its first passage
  'margin', // … minus its chance for the second
  'coverage', // share of the question's weighted words in the best passages (text and linked questions)
  'textCoverage', // … in their text alone
  'linkedMatch', // closest linked question of the best passages (weighted Dice of words)
  'unknownShare', // share of the question's weight in words the knowledge base never uses
  'missingTop', // share of the question's weight in its heaviest word that the best passages lack
  'lawLoaded', // share of what the question's words point to that is a loaded law (law-scope.ts)
  'lawElsewhere', // share that is a law not loaded (both 0 when the words point nowhere known)
  'lawKnown', // how much the words point to any law at all
  'lawUnknown', // share of its words that no question, real or linked, ever used
  'namedLaw', // the question names a loaded law
  'reportTop', // the first passage is the report's
  'dense', // cosine of the first passage on the vector side
  'rerank', // the cross-encoder's score of the first passage (0 without a reranker: RERANK_PROVIDER)
  'length', // log of the question's length
] as const;
export type DecisionFeature = (typeof DECISION_FEATURES)[number];

export interface DecisionInput {
  /** The question as searched (place and time words taken out). */
  text: string;
  hits: readonly Hit[];
  bm25: Bm25Index;
  /** Every word the knowledge base uses, its linked questions included (a word none of them uses is unknown). */
  vocabulary: Bm25Index;
  scope: LawScopeReading;
  /** Statute terms the thesaurus offers for a question word (counts as finding it). */
  bridges: (word: string) => string[];
  namedLaw: boolean;
}

/** How many passages the evidence is read from: the ones an answer quotes from. */
const EVIDENCE_PASSAGES = 3; // the passages a composed answer quotes from (compose/sentences.ts reads the top three)

function wordWeight(word: string, bm25: Bm25Index): number {
  if (word.length === 1 || isEverydayWord(word)) return 0.3;
  const df = bm25.docFreq(word);
  return df === 0 ? 0.8 * Math.log(1 + bm25.size) : bm25.idf(word);
}

/** The words of a linked question, remembered: the same linked questions come up for question after question. */
const linkedWords = remembered(20_000, (question) => new Set(questionWords(question)));

/** Weighted Dice overlap of two word sets: 1 when a linked question says what the question says. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (w: string) => number): number {
  let both = 0;
  let total = 0;
  for (const w of a) {
    total += weight(w);
    if (b.has(w)) both += 2 * weight(w);
  }
  for (const w of b) total += weight(w);
  return total === 0 ? 0 : both / total;
}

/** Share of the question's weight in words the knowledge base never uses. */
function unknownShare(question: string, vocabulary: DecisionInput['vocabulary'], weight: (w: string) => number): number {
  let unknown = 0;
  let total = 0;
  for (const w of new Set(contentWords(question))) {
    const wt = weight(w);
    total += wt;
    if (vocabulary.docFreq(w) === 0) unknown += wt;
  }
  return total === 0 ? 0 : unknown / total;
}

/** Share of the question's weight in its heaviest word that the evidence lacks. */
function missingTop(own: ReadonlySet<string>, evidence: string, weight: (w: string) => number): number {
  let heaviest = 0;
  let weights = 0;
  for (const w of own) {
    weights += weight(w);
    if (!evidence.includes(w)) heaviest = Math.max(heaviest, weight(w));
  }
  return weights === 0 ? 0 : heaviest / weights;
}

export function decisionFeatures(input: DecisionInput): Record<DecisionFeature, number> {
  const { hits, bm25 } = input;
  const best = hits.slice(0, EVIDENCE_PASSAGES);
  const text = normalize(best.map((h) => `${h.chunk.shortTitle ?? ''} ${h.chunk.section ?? ''} ${h.chunk.text}`).join('\n'));
  const linked = normalize(best.flatMap((h) => h.chunk.questions ?? []).join('\n'));
  const words = questionWords(input.text);
  const weight = (w: string) => wordWeight(w, bm25);
  const own = new Set(words);
  let linkedMatch = 0;
  for (const h of best) for (const q of h.chunk.questions ?? []) linkedMatch = Math.max(linkedMatch, dice(own, linkedWords(q), weight));
  const evidence = `${text}\n${linked}`;
  return {
    top: hits[0]?.score ?? 0,
    margin: (hits[0]?.score ?? 0) - (hits[1]?.score ?? 0),
    coverage: coverage(input.text, evidence, bm25, input.bridges).ratio,
    textCoverage: coverage(input.text, text, bm25, input.bridges).ratio,
    linkedMatch,
    unknownShare: unknownShare(input.text, input.vocabulary, weight),
    missingTop: missingTop(own, evidence, weight),
    lawLoaded: input.scope.loaded,
    lawElsewhere: input.scope.elsewhere,
    lawKnown: input.scope.known,
    lawUnknown: input.scope.unknown,
    namedLaw: input.namedLaw ? 1 : 0,
    reportTop: hits[0]?.chunk.kind === 'report' ? 1 : 0,
    dense: hits[0]?.dense ?? 0,
    rerank: hits[0]?.rerank ?? 0,
    length: Math.log1p([...input.text].length),
  };
}

export interface Decision {
  answer: boolean;
  /** P(answerable) under the model, or the coverage when no model is loaded. */
  confidence: number;
  features: Record<DecisionFeature, number>;
}

/**
 * Without a learned model: the coverage rule the project had before (half of the weighted words found).
 * Hand-set; the decision in use is knowledge/learned/decision.json (weights and threshold fitted by
 * src/cli/learn-decision.ts, npm run learn). test/answer/decision.test.ts pins the rule; eval -- --ablate decision runs it.
 */
export const FALLBACK_MIN_COVERAGE = 0.5;

export function decide(model: DecisionModel | undefined, features: Record<DecisionFeature, number>): Decision {
  if (!model) return { answer: features.coverage >= FALLBACK_MIN_COVERAGE, confidence: features.coverage, features };
  let z = model.bias;
  model.features.forEach((name, i) => {
    const x = features[name as DecisionFeature] ?? 0;
    z += model.weights[i]! * ((x - model.mean[i]!) / (model.scale[i]! || 1));
  });
  const p = 1 / (1 + Math.exp(-z));
  return { answer: p >= model.threshold, confidence: p, features };
}
