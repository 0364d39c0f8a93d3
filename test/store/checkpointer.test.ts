// The WAL checkpoints of the conversation-state file run on a worker thread; the main connection never
// checkpoints unless that worker is gone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInBackground, type Checkpointer } from '../../src/store/checkpointer.js';
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

function started(db: SqliteDatabase, intervalMs: number, onError?: (e: unknown) => void, truncatePages?: number): Checkpointer {
  const c = checkpointInBackground(db, { intervalMs, onError, truncatePages });
  cleanup.push(() => c.stop());
  return c;
}

const insertRows = (db: SqliteDatabase, n: number) => {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run('行'.repeat(500));
  })();
};

const autocheckpoint = (db: SqliteDatabase) => db.pragma('wal_autocheckpoint', { simple: true });

describe('checkpointInBackground', () => {
  it('leaves checkpoints to the worker, which copies the WAL into the database file', async () => {
    const { db, file } = database();
    const checkpoints = started(db, 50);
    await checkpoints.ready;
    expect(autocheckpoint(db)).toBe(0);
    const before = fs.statSync(file).size;
    // Far past SQLite's own 1,000-page mark: the main connection would have checkpointed by now.
    insertRows(db, 3000);
    expect(fs.statSync(file).size).toBe(before);
    await expect.poll(() => fs.statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 3000 * 1000);
  });

  it('empties a log that grew past its size, though writes never pause', async () => {
    const { db, file } = database();
    const checkpoints = started(db, 20, undefined, 200);
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
    const checkpoints = started(db, 50, (e) => errors.push(e));
    await checkpoints.ready;
    await expect.poll(() => errors.length).toBe(1);
    expect(autocheckpoint(db)).toBe(1000);
  });

  it('does nothing for an in-memory database', async () => {
    const db = openDatabase(':memory:');
    cleanup.push(() => {
      db.close();
    });
    const checkpoints = started(db, 50);
    await checkpoints.ready;
    expect(autocheckpoint(db)).toBe(1000);
  });
});
