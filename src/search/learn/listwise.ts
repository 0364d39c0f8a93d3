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
  const data = examples.filter((e) => e.relevant.some(Boolean));
  const w = new Array<number>(dims).fill(0);
  const m = new Array<number>(dims).fill(0);
  const v = new Array<number>(dims).fill(0);
  for (let it = 1; it <= iterations; it++) {
    const g = new Array<number>(dims).fill(0);
    for (const e of data) {
      const z = e.features.map((f) => f.reduce((s, x, k) => s + x * w[k]!, 0));
      const max = Math.max(...z);
      const ex = z.map((x) => Math.exp(x - max));
      const all = ex.reduce((a, b) => a + b, 0);
      const rel = ex.reduce((a, x, i) => a + (e.relevant[i] ? x : 0), 0);
      // d(−log(rel/all))/dz_i = p_i − q_i, q the distribution over the relevant ones
      e.features.forEach((f, i) => {
        const d = ex[i]! / all - (e.relevant[i] ? ex[i]! / rel : 0);
        for (let k = 0; k < dims; k++) g[k]! += d * f[k]!;
      });
    }
    for (let k = 0; k < dims; k++) {
      const gk = g[k]! / Math.max(1, data.length) + l2 * w[k]!;
      m[k] = 0.9 * m[k]! + 0.1 * gk;
      v[k] = 0.999 * v[k]! + 0.001 * gk * gk;
      w[k]! -= (learningRate * (m[k]! / (1 - 0.9 ** it))) / (Math.sqrt(v[k]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return w.map((x) => Math.round(x * 10000) / 10000);
}

/** Rank (0-based) of the first relevant candidate under weights w, or −1. */
export function firstRelevantRank(e: RankingExample, w: readonly number[]): number {
  const order = e.features.map((f, i) => [f.reduce((s, x, k) => s + x * w[k]!, 0), i] as const).sort((a, b) => b[0] - a[0]);
  return order.findIndex(([, i]) => e.relevant[i]);
}
