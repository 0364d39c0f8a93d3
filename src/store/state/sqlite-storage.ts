// Conversation state in SQLite under DATA_DIR (STATE_STORE=sqlite, the default): it survives a restart.
// One row per key. Every turn ends in a write, and a commit costs about as much as the rows in it, so
// writes are group-committed: those that arrive in one turn of the event loop share one transaction,
// each in its own savepoint (a conflict on one key fails that write() alone, and writes none of its keys).
// A write() resolves only after its commit, so a reply never goes out before its state is stored.
import type { Storage, StoreItems } from 'botbuilder';
import type { SqliteDatabase } from '../sqlite.js';
import { ETagConflictError, expectedETag, newETag, serialize } from './etag.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS bot_state (
  key TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bot_state_updated ON bot_state(updated_at);`;

interface StateRow {
  key: string;
  /** The eTag the stored row must still have; undefined writes unconditionally. */
  expected: string | undefined;
  eTag: string;
  data: string;
}

interface PendingWrite {
  apply: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface SqliteStorageOptions {
  /** Conversations untouched this long are forgotten (pruned at start and hourly). */
  ttlMs: number;
  now?: () => number;
}

export class SqliteStorage implements Storage {
  private readonly select;
  private readonly selectTag;
  private readonly upsert;
  private readonly remove;
  private readonly prune;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly writeChanges;
  private readonly deleteKeys;
  /** Writes and deletes waiting for the next commit, in the order they were asked for. */
  private pending: PendingWrite[] = [];
  private flushScheduled = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteStorageOptions,
  ) {
    db.exec(SCHEMA);
    this.select = db.prepare<[string], { data: string }>('SELECT data FROM bot_state WHERE key = ?');
    this.selectTag = db.prepare<[string], { etag: string }>('SELECT etag FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, data, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.prune = db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
    // Called inside the group transaction, each of these is a savepoint of its own.
    this.writeChanges = db.transaction((rows: StateRow[], at: number) => {
      for (const row of rows) {
        if (row.expected !== undefined) {
          const stored = this.selectTag.get(row.key);
          if (stored && stored.etag !== row.expected) throw new ETagConflictError(row.key);
        }
        this.upsert.run(row.key, row.eTag, row.data, at);
      }
    });
    this.deleteKeys = db.transaction((keys: string[]) => {
      for (const key of keys) this.remove.run(key);
    });
    this.pruneOld();
    this.pruneTimer = setInterval(() => this.pruneOld(), 3600_000).unref();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  pruneOld(): number {
    return this.prune.run(this.now() - this.options.ttlMs).changes;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = JSON.parse(row.data) as unknown;
    }
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    const at = this.now();
    // Serialized now: the caller's objects may change while the write waits for its commit.
    const rows = (Object.entries(changes) as Array<[string, Record<string, unknown>]>).map(([key, item]): StateRow => {
      const eTag = newETag();
      return { key, expected: expectedETag(item), eTag, data: serialize(item, eTag) };
    });
    return this.enqueue(() => this.writeChanges(rows, at));
  }

  delete(keys: string[]): Promise<void> {
    return this.enqueue(() => this.deleteKeys(keys));
  }

  private enqueue(apply: () => void): Promise<void> {
    if (!this.db.open) return Promise.reject(new Error('conversation state store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ apply, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is pending in one transaction; each write learns its own outcome after the commit. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const failures = new Map<PendingWrite, unknown>();
    try {
      this.db.transaction(() => {
        for (const write of batch) {
          try {
            write.apply();
          } catch (error) {
            // Its savepoint is rolled back already; the others in the batch go on.
            failures.set(write, error);
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, database locked too long): none of the batch is stored.
      for (const write of batch) write.reject(error);
      return;
    }
    for (const write of batch) {
      if (failures.has(write)) write.reject(failures.get(write));
      else write.resolve();
    }
  }

  close(): void {
    clearInterval(this.pruneTimer);
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }
}
