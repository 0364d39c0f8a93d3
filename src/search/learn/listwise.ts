// A listwise ranker (ListNet with one relevant set, Cao et al. 2007): for each question, maximise the softmax
// probability of its answering candidates among all its candidates. Linear in the features; Adam; L2.
export interface RankingExample {
  /** Candidates' features. */
  features: readonly (readonly number[])[];
  /** Which candidates answer the question. */
  relevant: readonly boolean[];
}

export interface ListwiseOptions {
  iterations?: number;
  learningRate?: number;
  l2?: number;
}

export function fitListwise(examples: readonly RankingExample[], dims: number, opts: ListwiseOptions = {}): number[] {
  const { iterations = 300, learningRate = 0.05, l2 = 1e-4 } = opts;
  // Flat typed rows: with the ranker's pairwise products (≈120 terms) the plain arrays took minutes per fit.
  const data = examples
    .filter((e) => e.relevant.some(Boolean))
    .map((e) => ({ x: Float64Array.from(e.features.flatMap((f) => [...f])), n: e.features.length, relevant: e.relevant }));
  const w = new Float64Array(dims);
  const m = new Float64Array(dims);
  const v = new Float64Array(dims);
  const g = new Float64Array(dims);
  for (let it = 1; it <= iterations; it++) {
    g.fill(0);
    for (const e of data) {
      const z = new Float64Array(e.n);
      for (let i = 0; i < e.n; i++) {
        let s = 0;
        for (let k = 0, o = i * dims; k < dims; k++) s += e.x[o + k]! * w[k]!;
        z[i] = s;
      }
      let max = -Infinity;
      for (const x of z) max = Math.max(max, x);
      let all = 0;
      let rel = 0;
      for (let i = 0; i < e.n; i++) {
        z[i] = Math.exp(z[i]! - max);
        all += z[i]!;
        if (e.relevant[i]) rel += z[i]!;
      }
      // d(−log(rel/all))/dz_i = p_i − q_i, q the distribution over the relevant ones
      for (let i = 0; i < e.n; i++) {
        const d = z[i]! / all - (e.relevant[i] ? z[i]! / rel : 0);
        for (let k = 0, o = i * dims; k < dims; k++) g[k]! += d * e.x[o + k]!;
      }
    }
    for (let k = 0; k < dims; k++) {
      const gk = g[k]! / Math.max(1, data.length) + l2 * w[k]!;
      m[k] = 0.9 * m[k]! + 0.1 * gk;
      v[k] = 0.999 * v[k]! + 0.001 * gk * gk;
      w[k]! -= (learningRate * (m[k]! / (1 - 0.9 ** it))) / (Math.sqrt(v[k]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return [...w].map((x) => Math.round(x * 10000) / 10000);
}

/** Rank (0-based) of the first relevant candidate under a score, or −1. */
export function firstRelevantRank(e: RankingExample, score: readonly number[] | ((f: readonly number[]) => number)): number {
  const by = typeof score === 'function' ? score : (f: readonly number[]) => f.reduce((s, x, k) => s + x * score[k]!, 0);
  const order = e.features.map((f, i) => [by(f), i] as const).sort((a, b) => b[0] - a[0]);
  return order.findIndex(([, i]) => e.relevant[i]);
}
