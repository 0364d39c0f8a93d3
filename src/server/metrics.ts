// Prometheus metrics (prom-client) on GET /metrics: requests by route and status, latency, answered and
// refused questions, rate-limited requests, and the process' own figures (RSS, event-loop lag, GC).
// One registry per app, so tests that start several apps in one process do not share counters.
import client from 'prom-client';
import type { Request, Response, Server } from 'restify';
import type { AnswerService } from '../answer/service.js';
import { pathOf } from './limits.js';

/** Route labels are fixed names: a path typed by a client never becomes a new time series. */
const KNOWN_ROUTES = new Set([
  '/',
  '/widget.js',
  '/api/chat',
  '/api/feedback',
  '/api/welcome',
  '/api/messages',
  '/api/wechat',
  '/healthz',
  '/readyz',
  '/metrics',
  '/admin/reindex',
]);

export function routeLabel(path: string): string {
  if (KNOWN_ROUTES.has(path)) return path;
  if (path.startsWith('/api/reports')) return '/api/reports';
  if (path === '/admin' || path.startsWith('/admin/')) return '/admin';
  return 'other';
}

export interface Metrics {
  registry: client.Registry;
  requests: client.Counter<'method' | 'route' | 'status'>;
  latency: client.Histogram<'route'>;
  answers: client.Counter<'result'>;
  rateLimited: client.Counter<'route'>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request to the last byte of the response',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    answers: new client.Counter({
      name: 'bot_answers_total',
      help: 'Questions the bot answered (result="answered") or declined (result="refused"), all channels',
      labelNames: ['result'],
      registers: [registry],
    }),
    rateLimited: new client.Counter({
      name: 'http_rate_limited_total',
      help: 'Requests refused with 429 by the per-client rate limit',
      labelNames: ['route'],
      registers: [registry],
    }),
  };
}

/** Counts and times every request, including those refused before routing (429, CORS preflight). */
export function registerMetrics(server: Server, metrics: Metrics): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    const stop = metrics.latency.startTimer();
    res.once('finish', () => {
      const route = routeLabel(pathOf(req));
      stop({ route });
      metrics.requests.inc({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
    });
    next();
  });

  server.get('/metrics', (_req: Request, res: Response, next: () => void) => {
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
        res.end(text);
        next();
      },
      () => {
        res.send(500, { error: 'internal', message: '服务暂时不可用，请稍后再试。' });
        next();
      },
    );
  });
}

/**
 * The same service, counting each Answer as answered or refused (the bot uses it; every channel goes through
 * it). A proxy, so whatever else the service offers (now or later) passes through untouched.
 */
export function countingAnswers(service: AnswerService, metrics: Metrics): AnswerService {
  const answer: AnswerService['answer'] = async (question, context) => {
    const result = await service.answer(question, context);
    metrics.answers.inc({ result: result.answered ? 'answered' : 'refused' });
    return result;
  };
  return new Proxy(service, {
    get(target, prop) {
      if (prop === 'answer') return answer;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
