// WAL checkpoints of a busy SQLite file, moved off the event loop. A checkpoint copies the write-ahead
// log into the database and fsyncs it; run by SQLite itself (every 1,000 pages) it runs inside whichever
// commit crosses the mark, so the event loop stood still for it: 45–65 ms stalls, and about two thirds
// of the cost of a conversation-state write (measured: 107 µs per row, 37 µs with the checkpoints' fsync
// left out; 100k rows, batches of 14).
// Here the main connection never checkpoints; a worker thread with its own connection does, passively
// (it never waits for or blocks a writer). Durability is unchanged: commits are in the WAL either way.
// Under writes without pause a passive checkpoint never catches up with the end of the log, and SQLite
// reuses the log only when one has (measured: 78 MB of WAL after 10 s at 1,000 turns/s). So once the log
// passes a size, the worker pauses and the main connection — the writer itself, so no write can find the
// database locked — checkpoints in TRUNCATE mode, which empties the log. That is one short stop of the
// event loop (the passive rounds have copied nearly everything) every few seconds at the heaviest load,
// never at ordinary load. (The worker doing the truncation itself made writes fail with "database is locked".)
// If the worker fails, the main connection checkpoints again as before, so the WAL cannot grow unbounded.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './sqlite.js';

/** SQLite's own default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Plain CommonJS run with eval: no loader or build step between the worker and its code.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let waitingForTruncate = false;
const checkpoint = () => {
  if (waitingForTruncate) return;
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  if (result && workerData.reportRounds) parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
  if (result && result.log > workerData.truncateFrames) {
    waitingForTruncate = true;
    parentPort.postMessage('truncate');
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'truncated') waitingForTruncate = false;
  if (message !== 'stop') return;
  clearInterval(timer);
  try {
    checkpoint();
  } finally {
    db.close();
    parentPort.postMessage('stopped');
  }
});
parentPort.postMessage('ready');
`;

/** One passive round of the worker, as SQLite's wal_checkpoint reports it (frames are pages of the log). */
export interface CheckpointRound {
  /** Frames in the write-ahead log. */
  log: number;
  /** Frames of the log that are now in the database file. */
  checkpointed: number;
}

const isRound = (message: unknown): message is CheckpointRound => typeof message === 'object' && message !== null && 'checkpointed' in message;

export interface CheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** WAL size (in pages) past which the main connection empties the log (one short stop of the event loop). */
  truncatePages?: number;
  /** Trouble: the worker failed (`fellBack`: the main connection checkpoints again), or a truncation did. */
  onError?: (error: unknown, fellBack: boolean) => void;
  /** After each of the worker's rounds (tests wait on it: it is the moment the log reached the database file). */
  onCheckpoint?: (round: CheckpointRound) => void;
}

export interface Checkpointer {
  /** Resolves once the worker runs (or has failed and the fallback is in place). */
  ready: Promise<void>;
  /** A last checkpoint, then the worker exits. */
  stop(): Promise<void>;
}

export function checkpointInBackground(db: SqliteDatabase, options: CheckpointerOptions = {}): Checkpointer {
  if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') {
    return { ready: Promise.resolve(), stop: () => Promise.resolve() };
  }
  db.pragma('wal_autocheckpoint = 0');
  const fallBack = (error: unknown) => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    options.onError?.(error, true);
  };

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'), file: db.name, intervalMs: options.intervalMs ?? 500, truncateFrames: options.truncatePages ?? 8192, reportRounds: options.onCheckpoint !== undefined },
    // A checkpointer needs little: keep its heap small.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  // It must not keep a process alive that has nothing else to do.
  worker.unref();

  let stopping = false;
  let failed = false;
  const fail = (error: unknown) => {
    if (failed || stopping) return;
    failed = true;
    fallBack(error);
  };
  const ready = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  worker.on('message', (message: unknown) => {
    if (isRound(message)) {
      options.onCheckpoint?.(message);
      return;
    }
    if (message !== 'truncate' || !db.open) return;
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      // Busy or I/O trouble: the next round asks again; the log only grew a little meanwhile.
      options.onError?.(error, false);
    }
    worker.postMessage('truncated');
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`checkpoint worker exited with code ${code}`)));

  return {
    ready,
    async stop() {
      if (stopping || failed) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await new Promise<void>((resolve) => {
        const onMessage = (message: unknown) => {
          if (message !== 'stopped') return;
          worker.off('message', onMessage);
          resolve();
        };
        worker.on('message', onMessage);
        worker.once('error', () => resolve());
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      });
      await worker.terminate();
      await exited;
    },
  };
}
