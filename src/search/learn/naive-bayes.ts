// Naive Bayes over sets of features (Bernoulli-style: a feature counts once per text), two classes, equal
// priors: the log-odds each feature adds for class A over class B, Laplace-smoothed. Features seen fewer than
// `minCount` times in all are dropped: they would only memorise their examples.
export interface NaiveBayesTable {
  weights: Record<string, number>;
}

export function fitNaiveBayes(a: readonly (readonly string[])[], b: readonly (readonly string[])[], minCount = 2, alpha = 1): NaiveBayesTable {
  const count = (docs: readonly (readonly string[])[]) => {
    const m = new Map<string, number>();
    for (const d of docs) for (const f of new Set(d)) m.set(f, (m.get(f) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  const weights: Record<string, number> = {};
  for (const f of [...new Set([...ca.keys(), ...cb.keys()])].sort()) {
    const na = ca.get(f) ?? 0;
    const nb = cb.get(f) ?? 0;
    if (na + nb < minCount) continue;
    // P(feature present | class), smoothed
    const w = Math.log((na + alpha) / (a.length + 2 * alpha)) - Math.log((nb + alpha) / (b.length + 2 * alpha));
    weights[f] = Math.round(w * 1000) / 1000;
  }
  return { weights };
}

/** Mean log-odds of a text's features that the table knows (0 when it knows none). */
export function meanLogOdds(table: NaiveBayesTable, features: readonly string[]): number {
  let sum = 0;
  let n = 0;
  for (const f of new Set(features)) {
    const w = table.weights[f];
    if (w === undefined) continue;
    sum += w;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}
