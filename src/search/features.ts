// Candidates and what the learned ranker knows about each: the same function at run time and in
// npm run learn, so the weights it fits are the weights it is used with.
import type { Bm25Index } from './bm25.js';
import type { LexicalIndex } from './lexical.js';
import { queryWeights } from './bm25.js';
import { bridgeWords, crossBridge, type BridgeTable } from './bridge.js';
import { hanBigrams } from './lexical.js';
import { terms } from './tokenizer.js';

/** The features, in the order of the weights in knowledge/learned/ranker.json. */
export const FEATURES = [
  'linked', // BM25 over text + linked questions, relative to the best candidate
  'linkedRank', // 1 / log2(2 + rank) in that list: how far down it is, whatever the scores
  'text', // BM25 over the text alone, relative to the best
  'askedArticle', // log(1 + questions people asked about this article)
  'askedLaw', // the same for its law, relative to the most asked law
  'hasAsked', // anyone ever asked about this article
  'bridged', // BM25 over the text for the question plus its bridged statute words
  'bridgedOnly', // … for the bridged words alone
  'titleOverlap', // the question names the law ("土地承包" → 农村土地承包法)
  'chapterOverlap', // the question names the chapter or section
  'dense', // cosine of the embeddings (0 when not among the vector side's candidates)
  'questionVote', // the nearest linked questions' BM25 scores summed per article they answer, relative to the best
  'lawVote', // … summed per law: which law the questions most like this one were about
  'chapterVote', // … summed per chapter
  'translated', // how much of each question word's meaning the passage holds: its own word or what the bridge says it means
] as const;
export type FeatureName = (typeof FEATURES)[number];

/** How deep each list is read for candidates: measured on STARD, 100 from the linked view hold 87 % of the answers. */
export const CANDIDATE_DEPTH = { linked: 100, text: 50, bridged: 50 } as const;
/** BM25 lists are read deeper than the candidates they add, so a candidate's score is known when it ranks lower. */
const SCORE_DEPTH = 300;
/** How many of the nearest linked questions vote, and how many of the articles they vote for become candidates. */
const VOTERS = 50;
const VOTED_CANDIDATES = 20;
/** Bridged words weigh half a question word: they are guesses at what the question means. */
const BRIDGE_WEIGHT = 0.5;

export interface CandidateQuery {
  /** Weighted question terms (and any expansions). */
  weights: ReadonlyMap<string, number>;
  /** Statute words the bridge offers, strongest 1.0. */
  bridged: ReadonlyMap<string, number>;
  /** Character bigrams of the question. */
  bigrams: ReadonlySet<string>;
  /** Cosine similarity per chunk, from the vector side. */
  dense?: ReadonlyMap<number, number>;
  /** The question's words as the bridge reads them (bridgeWords), and the bridge: for the translated feature. */
  questionWords?: readonly string[];
  bridge?: BridgeTable;
  allow?: (doc: number) => boolean;
}

export interface Candidate {
  /** The chunk that stands for its article (the best-matching part of a long one). */
  doc: number;
  features: number[];
}

export function candidates(lex: LexicalIndex, q: CandidateQuery): Candidate[] {
  const byArticle = new Map<string, Candidate>();
  const get = (doc: number): Candidate => {
    const key = lex.article[doc]!;
    let c = byArticle.get(key);
    if (!c) byArticle.set(key, (c = { doc, features: new Array<number>(FEATURES.length).fill(0) }));
    return c;
  };
  const at = (name: FeatureName) => FEATURES.indexOf(name);
  /** Reads a BM25 list: the first `adds` articles become candidates; deeper ones only score existing ones. */
  const read = (index: Bm25Index, weights: ReadonlyMap<string, number>, adds: number, feature: FeatureName, rankFeature?: FeatureName) => {
    if (weights.size === 0) return;
    const hits = index.search(weights, SCORE_DEPTH, q.allow);
    const top = hits[0]?.score || 1;
    const seen = new Set<string>();
    for (const h of hits) {
      const key = lex.article[h.doc]!;
      const first = !seen.has(key);
      seen.add(key);
      const c = seen.size <= adds ? get(h.doc) : byArticle.get(key);
      if (!c) continue;
      const f = c.features;
      if (h.score / top > f[at(feature)]!) {
        f[at(feature)] = h.score / top;
        if (feature === 'linked') c.doc = h.doc;
      }
      if (rankFeature && first) f[at(rankFeature)] = 1 / Math.log2(1 + seen.size);
    }
  };
  read(lex.linked, q.weights, CANDIDATE_DEPTH.linked, 'linked', 'linkedRank');
  read(lex.text, q.weights, CANDIDATE_DEPTH.text, 'text');
  if (q.bridged.size) {
    const only = new Map<string, number>();
    for (const [w, v] of q.bridged) for (const t of terms(w)) only.set(t, (only.get(t) ?? 0) + v);
    const both = new Map(q.weights);
    for (const [t, v] of only) both.set(t, (both.get(t) ?? 0) + BRIDGE_WEIGHT * v);
    read(lex.text, both, CANDIDATE_DEPTH.bridged, 'bridged');
    read(lex.text, only, 0, 'bridgedOnly');
  }
  for (const [doc, cos] of q.dense ?? []) {
    if (q.allow && !q.allow(doc)) continue;
    const f = get(doc).features;
    f[at('dense')] = Math.max(f[at('dense')]!, cos);
  }
  vote(lex, q, get, byArticle, at);
  const maxLaw = Math.log1p(lex.maxAskedByLaw) || 1;
  for (const [key, c] of byArticle) {
    const f = c.features;
    const asked = lex.askedByArticle.get(key) ?? 0;
    f[at('askedArticle')] = Math.log1p(asked);
    f[at('askedLaw')] = Math.log1p(lex.askedByLaw.get(lex.law[c.doc]!) ?? 0) / maxLaw;
    f[at('hasAsked')] = asked > 0 ? 1 : 0;
    f[at('titleOverlap')] = lex.titleOverlap(q.bigrams, c.doc);
    f[at('chapterOverlap')] = lex.chapterOverlap(q.bigrams, c.doc);
  }
  translated(lex, q, byArticle, at('translated'));
  return [...byArticle.values()];
}

/** A question word that the passage neither says nor translates still leaves this much: one missing word must not zero the rest. */
const UNTRANSLATED = 0.01;

/**
 * The translation model's view (Berger & Lafferty 1999; IBM Model 1 as the table): for each question word, the chance
 * that the passage holds what it means — the word itself, or the statute words the bridge says it points to
 * ("房东" → 出租人). Averaged in log over the question's words and taken relative to the best candidate, so a passage
 * that answers every part of the question beats one that repeats one part often, which BM25 over expanded words
 * cannot tell apart. Measured on STARD's folds: the ranker's recall@5 0.701 → 0.717; nested, through the answer
 * path, 0.682 → 0.696 (docs/learning.md).
 */
function translated(lex: LexicalIndex, q: CandidateQuery, byArticle: Map<string, Candidate>, at: number): void {
  const words = q.questionWords ?? [];
  if (!words.length) return;
  const entries = q.bridge?.entries ?? {};
  let best = -Infinity;
  for (const c of byArticle.values()) {
    let sum = 0;
    for (const w of words) {
      let m = lex.holds(c.doc, w) ? 1 : 0;
      for (const [t, p] of entries[w] ?? []) if (t !== w && lex.holds(c.doc, t)) m += p;
      sum += Math.log(UNTRANSLATED + Math.min(m, 1));
    }
    best = Math.max(best, (c.features[at] = sum / words.length));
  }
  for (const c of byArticle.values()) c.features[at]! -= best;
}

/** The nearest linked questions vote for their article, its law and its chapter, each vote weighing its BM25 score. */
function vote(lex: LexicalIndex, q: CandidateQuery, get: (doc: number) => Candidate, byArticle: Map<string, Candidate>, at: (n: FeatureName) => number): void {
  const hits = lex.questions.search(q.weights, VOTERS, q.allow ? (i) => q.allow!(lex.questionOwner[i]!) : undefined);
  if (!hits.length) return;
  const voters = hits.map((h) => ({ doc: lex.questionOwner[h.doc]!, score: h.score }));
  const sum = (key: (doc: number) => string) => {
    const m = new Map<string, number>();
    for (const v of voters) m.set(key(v.doc), (m.get(key(v.doc)) ?? 0) + v.score);
    return m;
  };
  const byArt = sum((d) => lex.article[d]!);
  const byLaw = sum((d) => lex.law[d]!);
  const byChapter = sum((d) => lex.chapterKey[d]!);
  // An article's questions all hang on one chunk, so its key leads back to that chunk.
  const ownerOf = new Map(voters.map((v) => [lex.article[v.doc]!, v.doc]));
  [...byArt].sort((x, y) => y[1] - x[1]).slice(0, VOTED_CANDIDATES).forEach(([k]) => get(ownerOf.get(k)!));
  const top = (m: Map<string, number>) => Math.max(...m.values()) || 1;
  const [ta, tl, tc] = [top(byArt), top(byLaw), top(byChapter)];
  for (const [key, c] of byArticle) {
    const f = c.features;
    f[at('questionVote')] = (byArt.get(key) ?? 0) / ta;
    f[at('lawVote')] = (byLaw.get(lex.law[c.doc]!) ?? 0) / tl;
    f[at('chapterVote')] = (byChapter.get(lex.chapterKey[c.doc]!) ?? 0) / tc;
  }
}

/** What candidates() needs to know of a question: the one place a question is read for it (search and learning alike). */
export function questionQuery(
  text: string,
  bridge: BridgeTable | undefined,
  opts: { expansions?: readonly string[]; dense?: ReadonlyMap<number, number>; allow?: (doc: number) => boolean } = {},
): CandidateQuery {
  const words = bridgeWords(text);
  return {
    weights: questionWeights(text, opts.expansions),
    bridged: crossBridge(bridge, words).words,
    bigrams: hanBigrams(text),
    questionWords: words,
    ...(bridge ? { bridge } : {}),
    ...(opts.dense ? { dense: opts.dense } : {}),
    ...(opts.allow ? { allow: opts.allow } : {}),
  };
}

/** The weighted terms of a question, its expansions weighing less than its own words. */
export function questionWeights(text: string, expansions: readonly string[] = []): Map<string, number> {
  const w = queryWeights(terms(text));
  if (expansions.length) queryWeights(terms(expansions.join(' ')), 0.7, w);
  return w;
}
