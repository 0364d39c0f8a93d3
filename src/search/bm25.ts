// Okapi BM25 over pre-computed terms. Postings in typed arrays: the national corpus (~65k articles)
// must build in seconds and answer in a few milliseconds.

export interface Bm25Options {
  k1?: number;
  b?: number;
}

interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Postings>();
  private readonly docLen: Float32Array;
  private readonly avgLen: number;
  private readonly k1: number;
  private readonly b: number;
  readonly size: number;

  constructor(docs: readonly (readonly string[])[], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    // Statute articles that list items (（一）…（十）) are long yet are the answer: a milder length penalty.
    this.b = opts.b ?? 0.4;
    this.size = docs.length;
    this.docLen = new Float32Array(docs.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    docs.forEach((terms, d) => {
      this.docLen[d] = terms.length;
      total += terms.length;
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = building.get(t);
        if (!p) building.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(d);
        p.tfs.push(n);
      }
    });
    this.avgLen = docs.length ? total / docs.length : 1;
    for (const [t, p] of building) this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
  }

  /** Inverse document frequency (BM25+ style, never negative); a term absent from the corpus gets the maximum. */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether a document contains a term (postings are sorted by document: binary search). */
  has(term: string, doc: number): boolean {
    const docs = this.postings.get(term)?.docs;
    if (!docs) return false;
    let lo = 0;
    let hi = docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = docs[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  docFreq(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /**
   * Scores documents for weighted query terms. `allow` restricts to a subset (e.g. one regulation).
   * Returns the top `k`, best first.
   */
  search(query: ReadonlyMap<string, number>, k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    const scores = new Float32Array(this.size);
    const touched: number[] = [];
    for (const [term, weight] of query) {
      const p = this.postings.get(term);
      if (!p) continue;
      // A term in a fifth of all passages barely moves the ranking but costs the most to score.
      if (this.size > 2000 && p.docs.length > this.size / 5) continue;
      const idf = this.idf(term) * weight;
      const { k1, b } = this;
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i]!;
        const tf = p.tfs[i]!;
        const norm = tf + k1 * (1 - b + (b * this.docLen[d]!) / this.avgLen);
        if (scores[d] === 0) touched.push(d);
        scores[d]! += (idf * tf * (k1 + 1)) / norm;
      }
    }
    return topK(touched, scores, k, allow);
  }
}

/** The k best of the touched documents with a small min-heap: no sort of every match. */
function topK(touched: number[], scores: Float32Array, k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
  const heap: ScoredDoc[] = [];
  const less = (i: number, j: number) => heap[i]!.score < heap[j]!.score;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const d of touched) {
    const score = scores[d]!;
    if (heap.length === k && score <= heap[0]!.score) continue;
    if (allow && !allow(d)) continue;
    if (heap.length < k) {
      heap.push({ doc: d, score });
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else {
      heap[0] = { doc: d, score };
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(l, m)) m = l;
        if (r < heap.length && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.sort((x, y) => y.score - x.score);
}

/** Counts terms into a weighted query map (repeated terms weigh more, capped). */
export function queryWeights(terms: readonly string[], weight = 1, into = new Map<string, number>()): Map<string, number> {
  for (const t of terms) into.set(t, Math.min((into.get(t) ?? 0) + weight, 2 * weight));
  return into;
}
