// Okapi BM25 over pre-computed terms. Postings in typed arrays: the national corpus (~65k articles)
// must build in seconds and answer in a few milliseconds.

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  /**
   * Postings in one flat pair of arrays, term by term, each term's documents ascending: the postings of term id t
   * are docs[start[t]] … docs[start[t + 1] − 1]. One typed array per term cost ~300 bytes of overhead for each of
   * the national corpus's million distinct terms, and growing JS arrays while building held twice the postings.
   */
  private readonly ids = new Map<string, number>();
  private readonly start: Int32Array;
  private readonly docs: Int32Array;
  private readonly tfs: Float32Array;
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
    // First pass: (term id, tf) per document into growing typed buffers, and each term's document count.
    let pairs = new Int32Array(1 << 16);
    let used = 0;
    const perDoc = new Int32Array(docs.length + 1);
    const df: number[] = [];
    let total = 0;
    const tf = new Map<number, number>();
    docs.forEach((terms, d) => {
      this.docLen[d] = terms.length;
      total += terms.length;
      tf.clear();
      for (const t of terms) {
        let id = this.ids.get(t);
        if (id === undefined) {
          this.ids.set(t, (id = df.length));
          df.push(0);
        }
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      if (used + 2 * tf.size > pairs.length) {
        const grown = new Int32Array(Math.max(2 * pairs.length, used + 2 * tf.size));
        grown.set(pairs.subarray(0, used));
        pairs = grown;
      }
      for (const [id, n] of tf) {
        pairs[used++] = id;
        pairs[used++] = n;
        df[id]!++;
      }
      perDoc[d + 1] = used;
    });
    this.avgLen = docs.length ? total / docs.length : 1;
    // Second pass: place each pair at its term's next free slot; documents come in order, so each list is sorted.
    this.start = new Int32Array(df.length + 1);
    for (let t = 0; t < df.length; t++) this.start[t + 1] = this.start[t]! + df[t]!;
    const next = this.start.slice(0, df.length);
    this.docs = new Int32Array(used / 2);
    this.tfs = new Float32Array(used / 2);
    for (let d = 0; d < docs.length; d++) {
      for (let i = perDoc[d]!; i < perDoc[d + 1]!; i += 2) {
        const at = next[pairs[i]!]!++;
        this.docs[at] = d;
        this.tfs[at] = pairs[i + 1]!;
      }
    }
  }

  /** Where a term's postings lie in docs/tfs ([0, 0] when the corpus lacks it). */
  private range(term: string): [number, number] {
    const id = this.ids.get(term);
    return id === undefined ? [0, 0] : [this.start[id]!, this.start[id + 1]!];
  }

  /** Inverse document frequency (BM25+ style, never negative); a term absent from the corpus gets the maximum. */
  idf(term: string): number {
    const df = this.docFreq(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether a document contains a term (postings are sorted by document: binary search). */
  has(term: string, doc: number): boolean {
    let [lo, hi] = this.range(term);
    hi--;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.docs[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  docFreq(term: string): number {
    const [from, to] = this.range(term);
    return to - from;
  }

  /**
   * Scores documents for weighted query terms. `allow` restricts to a subset (e.g. one regulation).
   * Returns the top `k`, best first.
   */
  search(query: ReadonlyMap<string, number>, k: number, allow?: (doc: number) => boolean): ScoredDoc[] {
    const scores = new Float32Array(this.size);
    const touched: number[] = [];
    for (const [term, weight] of query) {
      const [from, to] = this.range(term);
      if (from === to) continue;
      // A term in a fifth of all passages barely moves the ranking but costs the most to score.
      if (this.size > 2000 && to - from > this.size / 5) continue;
      const idf = this.idf(term) * weight;
      const { k1, b } = this;
      for (let i = from; i < to; i++) {
        const d = this.docs[i]!;
        const tf = this.tfs[i]!;
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
