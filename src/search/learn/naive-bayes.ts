// Naive Bayes over sets of features (Bernoulli-style: a feature counts once per text), two classes, equal
// priors: the log-odds each feature adds for class A over class B, Laplace-smoothed. Features seen fewer than
// `minCount` times in all are dropped: they would only memorise their examples.
export interface NaiveBayesTable {
  weights: Record<string, number>;
}

type Docs = readonly (readonly string[])[];

/**
 * Class A is a mixture of sources weighing alike: P(feature | A) is the mean of its smoothed share in each source.
 * Pooled, the source with the most texts would define A, and writing more texts of one kind would move every other
 * kind's features toward B.
 */
export function fitNaiveBayesMixture(sources: readonly Docs[], b: Docs, minCount = 2, alpha = 1): NaiveBayesTable {
  const count = (docs: Docs) => {
    const m = new Map<string, number>();
    for (const d of docs) for (const f of new Set(d)) m.set(f, (m.get(f) ?? 0) + 1);
    return m;
  };
  const cas = sources.map(count);
  const cb = count(b);
  const weights: Record<string, number> = {};
  for (const f of [...new Set([...cas.flatMap((c) => [...c.keys()]), ...cb.keys()])].sort()) {
    const nas = cas.map((c) => c.get(f) ?? 0);
    const nb = cb.get(f) ?? 0;
    if (nas.reduce((x, y) => x + y, 0) + nb < minCount) continue;
    // P(feature present | class), smoothed
    const pa = nas.reduce((sum, na, i) => sum + (na + alpha) / (sources[i]!.length + 2 * alpha), 0) / sources.length;
    const w = Math.log(pa) - Math.log((nb + alpha) / (b.length + 2 * alpha));
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
