// Every request gets an id (the caller's X-Request-Id when sane, else a fresh one), a child logger
// carrying it, the id echoed in the response, and one log line when it ends. The server registers it; the
// routes of the server and of the channels log through requestLogger.
import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';

const SANE_ID = /^[\w.:-]{1,100}$/;

interface RequestScope {
  id: string;
  /** Made on first use: most requests log one line, which needs no child logger. */
  log?: Logger;
  startedAt: number;
}

// Kept beside the request rather than on req.log: restify 11 logs with pino, its typings still say bunyan.
const scopes = new WeakMap<Request, RequestScope>();

/** The request's logger (with its request id); the fallback before the middleware ran. */
export function requestLogger(req: Request, fallback: Logger): Logger {
  const scope = scopes.get(req);
  if (!scope) return fallback;
  scope.log ??= fallback.child({ reqId: scope.id });
  return scope.log;
}

export function registerRequestLog(server: Server, logger: Logger): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
    scopes.set(req, { id, startedAt: performance.now() });
    res.header('X-Request-Id', id);
    next();
  });

  server.on('after', (req: Request, res: Response) => {
    const scope = scopes.get(req);
    logger.info(
      { reqId: scope?.id, method: req.method, url: req.url, status: res.statusCode, ms: scope ? Math.round((performance.now() - scope.startedAt) * 10) / 10 : undefined },
      'request',
    );
  });
}
