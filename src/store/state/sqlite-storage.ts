// Conversation state in SQLite under DATA_DIR (STATE_STORE=sqlite, the default): it survives a restart.
// One row per key, written in one transaction per write() call, so a conflict on one key writes none.
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

  async write(changes: StoreItems): Promise<void> {
    const at = this.now();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes) as Array<[string, Record<string, unknown>]>) {
        const expected = expectedETag(item);
        if (expected !== undefined) {
          const stored = this.selectTag.get(key);
          if (stored && stored.etag !== expected) throw new ETagConflictError(key);
        }
        const eTag = newETag();
        this.upsert.run(key, eTag, serialize(item, eTag), at);
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const key of keys) this.remove.run(key);
    })();
  }

  close(): void {
    clearInterval(this.pruneTimer);
    if (this.db.open) this.db.close();
  }
}
