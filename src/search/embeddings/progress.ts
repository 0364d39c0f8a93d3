// A one-line progress bar on stderr for long embedding runs (a national corpus through a remote
// model takes minutes). Only on a terminal: in CI and in logs piped to a file it stays silent.

export interface Progress {
  /** The whole run's size, when the caller knows it before the first batch. */
  setTotal(total: number): void;
  advance(done: number): void;
  finish(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): boolean;
}

const WIDTH = 24;

export function createProgress(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { setTotal() {}, advance() {}, finish() {} };
  const started = now();
  let total = 0;
  let done = 0;
  let drawn = false;
  const draw = () => {
    const secs = Math.max(0.001, (now() - started) / 1000);
    const rate = `${(done / secs).toFixed(1)}/s`;
    if (total > 0) {
      const ratio = Math.min(1, done / total);
      const filled = Math.round(ratio * WIDTH);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${Math.round(ratio * 100)}% ${rate}`);
    } else {
      stream.write(`\r${label} ${done} ${rate}`);
    }
    drawn = true;
  };
  return {
    setTotal(n) {
      total = n;
    },
    advance(n) {
      done += n;
      draw();
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
