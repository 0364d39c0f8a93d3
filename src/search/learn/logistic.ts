// Logistic regression on standardised features, fitted by Newton's method (a handful of features, a few
// thousand rows: exact and fast). `balance` weighs the two classes equally, whatever their counts.
export interface LogisticModel {
  weights: number[];
  bias: number;
  mean: number[];
  scale: number[];
  predict(x: readonly number[]): number;
}

export interface LogisticOptions {
  l2?: number;
  iterations?: number;
  balance?: boolean;
}

function solve(a: number[][], b: number[]): number[] {
  // Gaussian elimination with partial pivoting (the matrix is small and positive definite).
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

export function fitLogistic(xs: readonly (readonly number[])[], ys: readonly boolean[], opts: LogisticOptions = {}): LogisticModel {
  const { l2 = 1, iterations = 25, balance = false } = opts;
  const d = xs[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / Math.max(1, xs.length));
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / Math.max(1, xs.length)) || 1);
  const z = xs.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const pos = ys.filter(Boolean).length;
  const neg = ys.length - pos;
  const sw = ys.map((y) => (balance ? (y ? ys.length / (2 * Math.max(1, pos)) : ys.length / (2 * Math.max(1, neg))) : 1));
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, k) => s + v * w[k]!, 0)));
      const r = sw[i]! * (p - (ys[i] ? 1 : 0));
      const c = sw[i]! * p * (1 - p);
      for (let a = 0; a <= d; a++) {
        g[a]! += r * x[a]!;
        for (let b = 0; b <= d; b++) h[a]![b]! += c * x[a]! * x[b]!;
      }
    });
    // L2 on the weights, not on the bias.
    for (let a = 1; a <= d; a++) {
      g[a]! += l2 * w[a]!;
      h[a]![a]! += l2;
    }
    h[0]![0]! += 1e-9;
    const step = solve(h, g);
    let moved = 0;
    for (let a = 0; a <= d; a++) {
      w[a]! -= step[a]!;
      moved = Math.max(moved, Math.abs(step[a]!));
    }
    if (moved < 1e-8) break;
  }
  const round = (v: number) => Math.round(v * 10000) / 10000;
  const model = { weights: w.slice(1).map(round), bias: round(w[0]!), mean: mean.map(round), scale: scale.map(round) };
  return {
    ...model,
    predict: (x) => 1 / (1 + Math.exp(-(model.bias + x.reduce((s, v, j) => s + model.weights[j]! * ((v - model.mean[j]!) / (model.scale[j]! || 1)), 0)))),
  };
}
