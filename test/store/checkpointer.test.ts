// The WAL checkpoints of the conversation-state file run on a worker thread; the main connection never
// checkpoints unless that worker is gone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInBackground, type CheckpointerOptions, type Checkpointer, type CheckpointRound } from '../../src/store/checkpointer.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/paths.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function database(): { db: SqliteDatabase; file: string } {
  const file = path.join(tempDir(), 'state.sqlite');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  cleanup.push(() => {
    if (db.open) db.close();
  });
  return { db, file };
}

function started(db: SqliteDatabase, options: CheckpointerOptions): Checkpointer {
  const c = checkpointInBackground(db, options);
  cleanup.push(() => c.stop());
  return c;
}

/** setInterval's longest delay: a worker started with it makes no round of its own while a test runs. */
const NO_ROUNDS = 2 ** 31 - 1;

/** The worker's rounds, and a wait for the first one from now on that matches. */
function roundWatcher() {
  const waiting: Array<{ matches: (round: CheckpointRound) => boolean; resolve: (round: CheckpointRound) => void }> = [];
  return {
    onCheckpoint(round: CheckpointRound) {
      for (const w of waiting.filter((w) => w.matches(round))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(round);
      }
    },
    next(matches: (round: CheckpointRound) => boolean): Promise<CheckpointRound> {
      return new Promise((resolve) => waiting.push({ matches, resolve }));
    },
  };
}

const insertRows = (db: SqliteDatabase, n: number) => {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run('行'.repeat(500));
  })();
};

const autocheckpoint = (db: SqliteDatabase) => db.pragma('wal_autocheckpoint', { simple: true });

describe('checkpointInBackground', () => {
  it('leaves checkpoints to the worker: a commit far past SQLite\'s 1,000-page mark leaves the database file as it was', async () => {
    const { db, file } = database();
    // A worker that makes no round here: whatever reaches the database file, the main connection put there.
    const checkpoints = started(db, { intervalMs: NO_ROUNDS });
    await checkpoints.ready;
    expect(autocheckpoint(db)).toBe(0);
    const before = fs.statSync(file).size;
    // About 1,100 pages in one commit: with SQLite's own setting the commit itself would checkpoint them.
    insertRows(db, 3000);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(3000 * 1000);
    expect(fs.statSync(file).size).toBe(before);
  });

  it('the worker copies the log into the database file on its rounds', async () => {
    const { db, file } = database();
    const rounds = roundWatcher();
    const checkpoints = started(db, { intervalMs: 50, onCheckpoint: rounds.onCheckpoint });
    await checkpoints.ready;
    const before = fs.statSync(file).size;
    insertRows(db, 3000);
    // The round that found the commit in the log and copied all of it (a round during the commit sees none of it).
    const round = await rounds.next((r) => r.log >= 1000 && r.checkpointed === r.log);
    expect(round.checkpointed).toBeGreaterThanOrEqual(1000);
    expect(fs.statSync(file).size).toBeGreaterThan(before + 3000 * 1000);
  });

  it('empties a log that grew past its size, though writes never pause', async () => {
    const { db, file } = database();
    const checkpoints = started(db, { intervalMs: 20, truncatePages: 200 });
    await checkpoints.ready;
    const wal = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    let largest = 0;
    let smallestAfterGrowth = Infinity;
    // Writes without a pause for 1.5 s: a passive checkpoint alone would leave the log growing.
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      insertRows(db, 20);
      largest = Math.max(largest, wal());
      if (largest > 200 * 4096) smallestAfterGrowth = Math.min(smallestAfterGrowth, wal());
      await new Promise((r) => setImmediate(r));
    }
    expect(largest).toBeGreaterThan(200 * 4096);
    expect(smallestAfterGrowth).toBeLessThan(200 * 4096);
  });

  it('stop() makes a last checkpoint and the worker exits', async () => {
    const { db, file } = database();
    const checkpoints = checkpointInBackground(db, { intervalMs: 60_000 });
    await checkpoints.ready;
    const before = fs.statSync(file).size;
    insertRows(db, 1000);
    await checkpoints.stop();
    expect(fs.statSync(file).size).toBeGreaterThan(before + 1000 * 1000);
  });

  it('hands checkpoints back to the main connection when the worker fails', async () => {
    const { db, file } = database();
    // The worker opens the file by name and must find it.
    fs.rmSync(file);
    const errors: unknown[] = [];
    const checkpoints = started(db, { intervalMs: 50, onError: (e) => errors.push(e) });
    await checkpoints.ready;
    await expect.poll(() => errors.length).toBe(1);
    expect(autocheckpoint(db)).toBe(1000);
  });

  it('does nothing for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    cleanup.push(() => {
      db.close();
    });
    const checkpoints = started(db, { intervalMs: 50 });
    await checkpoints.ready;
    expect(autocheckpoint(db)).toBe(1000);
  });
});
