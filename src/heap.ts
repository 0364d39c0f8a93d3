// The server's heap policy, set before anything else loads (src/index.ts imports this module first).
// By default V8 lets the old generation grow to up to 4× what survived the last full collection before
// collecting again; on a busy chat server almost all of that is garbage from finished requests (about 60 MB
// live, 235 MB heap at the peak of `npm run bench:http`). Growth capped at 1.5× brought the server's peak
// RSS from ~430 MB to ~290 MB there at the same throughput. It is not a size limit: a large LAWS_DIR still
// gets all the heap it needs, only collected more often. A --heap-growing-percent given to node wins.
// (A bigger young generation, --max-semi-space-size=32, was measured too: fewer but longer scavenges —
// p95/p99 at 300/s 34/57 ms against 30/44 ms with V8's default, and 35 MB more RSS — so it is not used.)
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
