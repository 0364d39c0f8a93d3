// The chat model's timeouts, retry and circuit breaker are the generic ones in src/resilience.ts, which
// the reranker (src/search/rerank/) shares; this name stays for the files of this folder.
export * from '../../resilience.js';
