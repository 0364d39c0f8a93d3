// GET /healthz: alive, and what it knows — so a deploy that lost its index is visible at once.
import type { Request, Response, Server } from 'restify';
import type { AnswerService } from '../answer/service.js';

export function registerHealthRoute(server: Server, service: AnswerService, started: Date = new Date()): void {
  server.get('/healthz', (_req: Request, res: Response, next: () => void) => {
    const stats = service.stats();
    res.send(200, {
      status: 'ok',
      startedAt: started.toISOString(),
      uptimeSeconds: Math.round((Date.now() - started.getTime()) / 1000),
      ...stats,
    });
    next();
  });
}
