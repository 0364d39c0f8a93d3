// IBM Model 1 (Brown et al., 1993): P(statute word | question word) from pairs of a question and the article
// that answers it, by expectation–maximisation. Each article word is explained by one of the question's words;
// words that always travel together ("房东" and 出租人) end up with most of each other's probability.
import type { BridgeTable } from '../bridge.js';

export interface BridgePair {
  question: readonly string[];
  article: readonly string[];
}

export interface Ibm1Options {
  iterations?: number;
  /** A question word must occur in this many pairs to get a row (rarer ones are noise). */
  minCount?: number;
  /** Kept per question word: the strongest statute words only. */
  keep?: number;
  /** And only those at least this likely. */
  minProbability?: number;
}

export function learnBridge(pairs: readonly BridgePair[], opts: Ibm1Options = {}): BridgeTable {
  const { iterations = 8, minCount = 2, keep = 12, minProbability = 0.01 } = opts;
  const count = new Map<string, number>();
  for (const p of pairs) for (const t of new Set(p.question)) count.set(t, (count.get(t) ?? 0) + 1);
  const data = pairs
    .map((p) => ({ q: [...new Set(p.question)].filter((t) => (count.get(t) ?? 0) >= minCount), a: [...new Set(p.article)] }))
    .filter((p) => p.q.length > 0 && p.a.length > 0);
  // Start uniform over the words each question word was seen with.
  let prob = new Map<string, Map<string, number>>();
  for (const p of data) for (const t of p.q) {
    const row = prob.get(t) ?? prob.set(t, new Map()).get(t)!;
    for (const w of p.a) row.set(w, 1);
  }
  for (const row of prob.values()) for (const w of row.keys()) row.set(w, 1 / row.size);
  for (let it = 0; it < iterations; it++) {
    const expected = new Map<string, Map<string, number>>();
    for (const p of data) {
      for (const w of p.a) {
        let z = 0;
        for (const t of p.q) z += prob.get(t)?.get(w) ?? 0;
        if (z === 0) continue;
        for (const t of p.q) {
          const share = (prob.get(t)?.get(w) ?? 0) / z;
          if (share === 0) continue;
          const row = expected.get(t) ?? expected.set(t, new Map()).get(t)!;
          row.set(w, (row.get(w) ?? 0) + share);
        }
      }
    }
    prob = new Map();
    for (const [t, row] of expected) {
      let total = 0;
      for (const v of row.values()) total += v;
      prob.set(t, new Map([...row].map(([w, v]) => [w, v / total])));
    }
  }
  const entries: BridgeTable['entries'] = {};
  for (const t of [...prob.keys()].sort()) {
    const row = [...prob.get(t)!]
      .filter(([w, p]) => w !== t && p >= minProbability)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, keep)
      .map(([w, p]) => [w, Math.round(p * 10000) / 10000] as [string, number]);
    if (row.length) entries[t] = row;
  }
  return { entries };
}
