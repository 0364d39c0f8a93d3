// A reranker re-scores candidate passages against the question with a model that reads both together
// (a cross-encoder), which tells "talks about the same thing" from "answers it" better than the
// fused lexical and vector scores. It runs inside the bot (local.ts) or on a server (http.ts).

export interface Reranker {
  /** For logs: provider and model. */
  readonly label: string;
  /**
   * One score per passage, in the passages' order, higher = more relevant. Local cross-encoders and the
   * servers' default both give the sigmoid of the model's logit, in 0–1.
   */
  score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]>;
}

/** A reply that breaks the API's promise (wrong count, indices out of range, not a number). */
export class RerankResponseError extends Error {
  override name = 'RerankResponseError';
}

/** Checks a reranker's scores before anything is reordered by them. */
export function checkScores(scores: readonly unknown[], expected: number, label: string): number[] {
  if (scores.length !== expected) throw new RerankResponseError(`${label} returned ${scores.length} scores for ${expected} passages`);
  return scores.map((s, i) => {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new RerankResponseError(`${label} returned a score that is not a number for passage ${i}`);
    return s;
  });
}
