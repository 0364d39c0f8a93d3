// GET /readyz: whether this replica should get traffic — its index is loaded and it is not shutting down.
// A load balancer stops sending requests when it turns 503 on SIGTERM, while /healthz (liveness) stays 200.
import type { Request, Response, Server } from 'restify';
import type { AnswerService } from '../answer/service.js';

export interface Readiness {
  /** Called when draining starts: from now on /readyz answers 503. */
  markDraining(): void;
  readonly draining: boolean;
}

export function registerReadinessRoute(server: Server, service: AnswerService): Readiness {
  let draining = false;
  server.get('/readyz', (_req: Request, res: Response, next: () => void) => {
    const stats = service.stats();
    if (draining) res.send(503, { status: 'draining' });
    else if (stats.chunks === 0) res.send(503, { status: 'no_index' });
    else res.send(200, { status: 'ready', chunks: stats.chunks, indexBuiltAt: stats.indexBuiltAt });
    next();
  });
  return {
    markDraining: () => {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
