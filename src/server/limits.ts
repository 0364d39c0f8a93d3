// Abuse limits in front of every route: per-client rate limits on the question routes (429 + Retry-After),
// a time limit per request (503), socket timeouts against slow senders, and security headers. Body size
// limits live with the routes that read bodies (src/http/json.ts, the WeChat route); the question length
// cap and control/zero-width stripping live with the question (answer/understand.ts cleanQuestion).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import { requestLogger } from '../http/requestLog.js';
import type { Logger } from '../logger.js';
import { createCorsPolicy } from './cors.js';
import { TokenBuckets } from './rate-limit.js';

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
/** Scripts and stylesheets served as files: they set their own caching (ETag, no-cache). */
const STATIC_FILES = new Set(['/widget.js', '/admin/console.js', '/admin/console.css']);
/** The staff console's page: its own script and stylesheet only (no inline code), never framed. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type LimitsConfig = Pick<Config, 'RATE_LIMIT_PER_MIN' | 'RATE_LIMIT_BURST' | 'TRUST_PROXY' | 'REQUEST_TIMEOUT_MS' | 'HASH_SALT' | 'ALLOWED_ORIGINS'>;

export interface LimitsDeps {
  logger: Logger;
  /** Told of every refused request, for the metrics. */
  onRateLimited?: (route: string) => void;
}

export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The address the request came from; behind a trusted proxy, the last X-Forwarded-For entry (the proxy wrote it). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
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
export function clientKey(req: IncomingMessage, channel: 'web' | 'wechat', config: LimitsConfig): string {
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
  } else if (path === '/admin' || path === '/admin/') {
    res.header('Content-Security-Policy', CONSOLE_CSP);
    res.header('X-Frame-Options', 'DENY');
  } else if (!STATIC_FILES.has(path)) {
    res.header('Content-Security-Policy', API_CSP);
    // Answers and admin replies are per request: no shared cache keeps them.
    res.header('Cache-Control', 'no-store');
  }
  if (config.TRUST_PROXY && req.headers['x-forwarded-proto'] === 'https') {
    res.header('Strict-Transport-Security', 'max-age=15552000');
  }
}

/**
 * The 429, written straight to the socket: a flood costs as little as possible (no routing, no request log line
 * per refusal), and an allowed site's widget can still read it (CORS).
 */
function refuse(req: IncomingMessage, res: ServerResponse, channel: 'web' | 'wechat', retryAfter: number, allowsOrigin: (origin: string, host: string | undefined) => boolean): void {
  const headers: Record<string, string> = {
    'Retry-After': String(retryAfter),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': API_CSP,
  };
  const origin = req.headers.origin;
  if (typeof origin === 'string' && allowsOrigin(origin, req.headers.host)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers.Vary = 'Origin';
  }
  const body =
    channel === 'wechat' ? 'too many requests' : JSON.stringify({ error: 'rate_limited', message: `提问太频繁了，请 ${retryAfter} 秒后再试。` });
  headers['Content-Type'] = channel === 'wechat' ? 'text/plain; charset=utf-8' : 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  // The body may still be arriving: drop it rather than read it, and close the connection after the reply.
  req.resume();
  res.writeHead(429, headers);
  res.end(body);
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

  server.pre((req: Request, res: Response, next: () => void) => {
    securityHeaders(req, res, config);
    timeLimit(req, res, config.REQUEST_TIMEOUT_MS, deps.logger);
    next();
  });

  if (config.RATE_LIMIT_PER_MIN > 0) guardRequests(server, config, deps);
}

/**
 * Rate limits run before restify sees the request: the server's 'request' listeners are wrapped, and a refused
 * request never reaches them. A refusal is logged once a minute per client, not once per request (a flood must
 * not become a log flood); every refusal is counted (onRateLimited → http_rate_limited_total).
 */
function guardRequests(server: Server, config: LimitsConfig, deps: LimitsDeps): void {
  const http = server.server;
  const buckets = new TokenBuckets({ perMinute: config.RATE_LIMIT_PER_MIN, burst: config.RATE_LIMIT_BURST });
  const cors = createCorsPolicy(config.ALLOWED_ORIGINS);
  const lastLogged = new Map<string, number>();
  const downstream = http.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req);
    const channel = req.method === 'POST' ? LIMITED.get(path) : undefined;
    if (channel) {
      const client = clientKey(req, channel, config);
      const decision = buckets.take(`${path}|${client}`);
      if (!decision.allowed) {
        deps.onRateLimited?.(path);
        const now = Date.now();
        if ((lastLogged.get(client) ?? 0) < now - 60_000) {
          if (lastLogged.size > 10_000) lastLogged.clear();
          lastLogged.set(client, now);
          deps.logger.warn({ url: path, client, retryAfter: decision.retryAfterSeconds }, 'rate limited (logged once a minute per client)');
        }
        refuse(req, res, channel, decision.retryAfterSeconds, cors.allows);
        return;
      }
    }
    for (const listener of downstream) listener.call(http, req, res);
  });
}
