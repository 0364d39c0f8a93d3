// Abuse limits in front of every route: per-client rate limits on the question routes (429 + Retry-After),
// a time limit per request (503), socket timeouts against slow senders, and security headers. Body size
// limits live with the routes that read bodies (src/server/http.ts, the WeChat route); the question length
// cap and control/zero-width stripping live with the question (answer/understand.ts cleanQuestion).
import { createHash } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { TokenBuckets } from './rate-limit.js';
import { requestLogger } from './requestLog.js';

/** Routes that run a bot turn: what a flood would cost, so what is limited. */
const LIMITED = new Map<string, 'web' | 'wechat'>([
  ['/api/chat', 'web'],
  ['/api/feedback', 'web'],
  ['/api/wechat', 'wechat'],
]);

/** The demo page: only our own script, our own API, inline styles (the widget's Shadow DOM needs them). */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export type LimitsConfig = Pick<Config, 'RATE_LIMIT_PER_MIN' | 'RATE_LIMIT_BURST' | 'TRUST_PROXY' | 'REQUEST_TIMEOUT_MS' | 'HASH_SALT'>;

export interface LimitsDeps {
  logger: Logger;
  /** Told of every refused request, for the metrics. */
  onRateLimited?: (route: string) => void;
}

export function pathOf(req: Request): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The address the request came from; behind a trusted proxy, the last X-Forwarded-For entry (the proxy wrote it). */
export function clientAddress(req: Request, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
    const last = list.at(-1);
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

/**
 * The client a bucket belongs to: a WeChat follower by openid (every WeChat request comes from WeChat's
 * servers, so the address says nothing), anyone else by address. Hashed, so memory holds no raw ids.
 */
export function clientKey(req: Request, channel: 'web' | 'wechat', config: LimitsConfig): string {
  const openid = channel === 'wechat' ? new URL(req.url ?? '/', 'http://x').searchParams.get('openid') : null;
  const who = openid ? `openid:${openid}` : `ip:${clientAddress(req, config.TRUST_PROXY)}`;
  return createHash('sha256').update(config.HASH_SALT).update('\u0000').update(who).digest('base64url').slice(0, 22);
}

function securityHeaders(req: Request, res: Response, config: LimitsConfig): void {
  const path = pathOf(req);
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (path === '/') {
    res.header('Content-Security-Policy', PAGE_CSP);
    res.header('X-Frame-Options', 'SAMEORIGIN');
    res.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  } else if (path !== '/widget.js') {
    res.header('Content-Security-Policy', API_CSP);
    // Answers and admin replies are per request: no shared cache keeps them.
    res.header('Cache-Control', 'no-store');
  }
  if (config.TRUST_PROXY && req.headers['x-forwarded-proto'] === 'https') {
    res.header('Strict-Transport-Security', 'max-age=15552000');
  }
}

function refuse(res: Response, channel: 'web' | 'wechat', retryAfter: number): void {
  res.header('Retry-After', String(retryAfter));
  if (channel === 'wechat') {
    res.sendRaw(429, 'too many requests', { 'Content-Type': 'text/plain; charset=utf-8' });
  } else {
    res.send(429, { error: 'rate_limited', message: `提问太频繁了，请 ${retryAfter} 秒后再试。` });
  }
}

/** A handler still working after the time limit: the client gets a 503 now rather than a hung socket. */
function timeLimit(req: Request, res: Response, ms: number, logger: Logger): void {
  const timer = setTimeout(() => {
    if (res.headersSent || res.writableEnded) return;
    requestLogger(req, logger).warn({ url: pathOf(req), ms }, 'request timed out');
    res.header('Connection', 'close');
    res.send(503, { error: 'timeout', message: '服务繁忙，请稍后再试。' });
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  res.once('finish', clear);
  res.once('close', clear);
}

export function registerLimits(server: Server, config: LimitsConfig, deps: LimitsDeps): void {
  const http = server.server;
  // Slow senders (slowloris) must not hold sockets: headers within 10 s, the whole request within 15 s.
  http.headersTimeout = 10_000;
  http.requestTimeout = 15_000;

  const buckets = config.RATE_LIMIT_PER_MIN > 0 ? new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MIN, burst: config.RATE_LIMIT_BURST }) : undefined;

  server.pre((req: Request, res: Response, next: (err?: false) => void) => {
    securityHeaders(req, res, config);
    timeLimit(req, res, config.REQUEST_TIMEOUT_MS, deps.logger);
    const path = pathOf(req);
    const channel = req.method === 'POST' ? LIMITED.get(path) : undefined;
    if (buckets && channel) {
      const decision = buckets.take(`${path}|${clientKey(req, channel, config)}`);
      if (!decision.allowed) {
        deps.onRateLimited?.(path);
        requestLogger(req, deps.logger).info({ url: path, retryAfter: decision.retryAfterSeconds }, 'rate limited');
        refuse(res, channel, decision.retryAfterSeconds);
        next(false);
        return;
      }
    }
    next();
  });
}
