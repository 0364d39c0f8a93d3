// STATE_STORE → the botbuilder Storage the bot keeps conversations in: memory (tests), sqlite under
// DATA_DIR (default: survives restarts), redis (several replicas share conversations).
import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { checkpointInBackground } from '../checkpointer.js';
import { openDatabase } from '../sqlite.js';
import { RedisStorage } from './redis-storage.js';
import { SqliteStorage } from './sqlite-storage.js';

export { ETagConflictError } from './etag.js';
export { RedisStorage } from './redis-storage.js';
export { SqliteStorage } from './sqlite-storage.js';

export interface StateStore {
  storage: Storage;
  kind: Config['STATE_STORE'];
  close(): Promise<void>;
}

export function stateDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'state.sqlite');
}

type StateConfig = Pick<Config, 'STATE_STORE' | 'REDIS_URL' | 'STATE_TTL_DAYS' | 'dataDir'>;

/** `memory` builds the in-memory storage (the app passes its bounded one). */
export async function createStateStore(config: StateConfig, logger: Logger, memory: () => Storage = () => new MemoryStorage()): Promise<StateStore> {
  const ttlMs = config.STATE_TTL_DAYS * 24 * 3600_000;
  switch (config.STATE_STORE) {
    case 'memory':
      return { storage: memory(), kind: 'memory', close: async () => undefined };
    case 'sqlite': {
      const db = openDatabase(stateDatabasePath(config.dataDir));
      // Every turn writes state: the WAL checkpoints (copy and fsync) run on a worker, not in a reply's commit.
      const checkpoints = checkpointInBackground(db, {
        onError: (error, fellBack) =>
          logger.warn({ err: error }, fellBack ? 'conversation state: checkpoint worker failed; SQLite checkpoints on the main thread again' : 'conversation state: emptying the WAL failed; will retry'),
      });
      const storage = new SqliteStorage(db, { ttlMs });
      return {
        storage,
        kind: 'sqlite',
        close: async () => {
          await checkpoints.stop();
          storage.close();
        },
      };
    }
    case 'redis': {
      if (!config.REDIS_URL) throw new Error('STATE_STORE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)');
      const storage = new RedisStorage({ url: config.REDIS_URL, ttlMs, logger });
      try {
        await storage.ping();
      } catch {
        await storage.close();
        // The URL may hold a password: name the variable, not its value.
        throw new Error('STATE_STORE=redis: Redis at REDIS_URL does not answer — check REDIS_URL and that Redis is running');
      }
      logger.info('conversation state: Redis (shared by every replica)');
      return { storage, kind: 'redis', close: () => storage.close() };
    }
  }
}
