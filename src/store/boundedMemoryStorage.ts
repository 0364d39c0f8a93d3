// Conversation state in memory, bounded: botbuilder's MemoryStorage keeps every conversation forever,
// and a public widget starts one per visitor. This keeps the most recently used ones (LRU) and forgets
// those idle longer than a limit — a forgotten conversation just loses its follow-up context.
import type { Storage, StoreItems } from 'botbuilder';
import { ETagConflictError, expectedETag } from './state/etag.js';

export { ETagConflictError };

export interface BoundedMemoryStorageOptions {
  /** Conversations kept; the least recently used go first. */
  maxItems?: number;
  /** A conversation idle this long is forgotten. */
  idleMs?: number;
  now?: () => number;
}

interface Entry {
  json: string;
  eTag: string;
  touched: number;
}

export class BoundedMemoryStorage implements Storage {
  private readonly items = new Map<string, Entry>();
  private readonly maxItems: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private nextTag = 1;

  constructor(options: BoundedMemoryStorageOptions = {}) {
    this.maxItems = options.maxItems ?? 20_000;
    this.idleMs = options.idleMs ?? 2 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.items.size;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    const now = this.now();
    for (const key of keys) {
      const entry = this.items.get(key);
      if (!entry) continue;
      this.items.delete(key);
      if (now - entry.touched > this.idleMs) continue;
      // Re-inserted: Map order is the LRU order.
      entry.touched = now;
      this.items.set(key, entry);
      found[key] = { ...(JSON.parse(entry.json) as object), eTag: entry.eTag };
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    for (const [key, change] of Object.entries(changes) as Array<[string, Record<string, unknown>]>) {
      const existing = this.items.get(key);
      const expected = expectedETag(change);
      if (existing && expected !== undefined && expected !== existing.eTag) throw new ETagConflictError(key);
      const { eTag: _ignored, ...item } = change;
      this.items.delete(key);
      this.items.set(key, { json: JSON.stringify(item), eTag: String(this.nextTag++), touched: now });
    }
    this.evict(now);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.items) {
      // Oldest first: stop at the first one still within both limits.
      if (this.items.size <= this.maxItems && now - entry.touched <= this.idleMs) break;
      this.items.delete(key);
    }
  }
}
