// POST /admin/reindex (Authorization: Bearer ADMIN_TOKEN): reloads knowledge and rebuilds the index while
// serving; questions keep being answered from the old index until the new one is swapped in at once.
// With ADMIN_TOKEN empty the route does not exist (404). Optionally (WATCH_KNOWLEDGE) a change under the
// knowledge folders triggers the same rebuild. Both go through IndexRebuilds, as the staff console's do.
import { timingSafeEqual, createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { HttpError, route } from '../http/json.js';
import type { Logger } from '../logger.js';
import type { IndexRebuilds } from './rebuilds.js';

export interface AdminDeps {
  rebuilds: IndexRebuilds;
  adminToken: string;
  logger: Logger;
}

/** Compares digests, so neither the length nor the first differing byte of a secret leaks through timing. */
export function secretMatches(given: string, secret: string): boolean {
  if (secret === '') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** An `Authorization: Bearer …` header carrying the token. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return !!m && secretMatches(m[1]!, token);
}

export function registerAdminRoutes(server: Server, deps: AdminDeps): void {
  const { rebuilds, adminToken, logger } = deps;
  server.post(
    '/admin/reindex',
    route(logger, async (req: Request, res: Response) => {
      if (!adminToken) throw new HttpError(404, 'not_found', '没有这个地址。');
      if (!tokenMatches(req.headers.authorization, adminToken)) {
        res.header('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'unauthorized', '需要有效的管理令牌。');
      }
      const force = new URL(req.url ?? '/', 'http://x').searchParams.get('force');
      const started = performance.now();
      logger.info({ force: force === '1' || force === 'true' }, 'reindex requested');
      try {
        const stats = await rebuilds.run({ force: force === '1' || force === 'true' });
        const ms = Math.round(performance.now() - started);
        logger.info({ chunks: stats.chunks, indexBuiltAt: stats.indexBuiltAt, ms }, 'reindex done: new index serving');
        res.send(200, { status: 'ok', ms, ...stats });
      } catch (err) {
        // The old index keeps serving; say so, without internals.
        logger.error({ err }, 'reindex failed: the previous index keeps serving');
        throw new HttpError(500, 'reindex_failed', '重建索引失败，原索引仍在使用，详见服务日志。');
      }
    }),
  );
}

export interface KnowledgeWatcher {
  close(): void;
}

/**
 * Watches the knowledge folders and reindexes once edits settle (debounced: saving a file fires several
 * events). Recursive fs.watch needs Node ≥ 20 on Linux.
 */
export function watchKnowledge(dirs: string[], rebuilds: IndexRebuilds, logger: Logger, settleMs = 2000): KnowledgeWatcher {
  let timer: NodeJS.Timeout | undefined;
  const watchers: fs.FSWatcher[] = [];
  const rebuild = () => {
    timer = undefined;
    rebuilds.run().then(
      (stats) => logger.info({ chunks: stats.chunks, indexBuiltAt: stats.indexBuiltAt }, 'knowledge changed: index rebuilt'),
      (err: unknown) => logger.error({ err }, 'knowledge changed but the rebuild failed: the previous index keeps serving'),
    );
  };
  for (const dir of dirs) {
    try {
      const watcher = fs.watch(dir, { recursive: true }, () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(rebuild, settleMs);
      });
      watcher.on('error', (err) => logger.warn({ dir, reason: err.message }, 'knowledge watcher stopped'));
      watchers.push(watcher);
    } catch (err) {
      logger.warn({ dir, reason: err instanceof Error ? err.message : String(err) }, 'cannot watch folder');
    }
  }
  logger.info({ dirs }, 'watching knowledge folders: a change rebuilds the index');
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
