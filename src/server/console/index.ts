// The staff console at /admin: a static page (web/admin/) and its JSON API under /admin/api/.
//   ADMIN_TOKEN empty  → every /admin path answers 404 (POST /admin/reindex keeps its own rule: also 404).
//   /admin/api/*       → 401 without a session, whether or not the route exists; POST /admin/api/session signs in.
//   state-changing     → the session's CSRF token in X-CSRF-Token, and a same-origin request (Origin, Sec-Fetch-Site).
// The page itself (HTML, JS, CSS) holds no data and is served to anyone who may see the sign-in form.
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { HttpError, isRecord, readJsonBody, route, sendError } from '../../http/json.js';
import { StaffLinksFile } from '../../knowledge/staff-links.js';
import { secretMatches } from '../admin.js';
import { clientAddress, pathOf } from '../limits.js';
import { loadStaticFile, serveStaticFile } from '../staticFiles.js';
import { registerConsoleApi } from './api.js';
import { attachSession, CONSOLE_BODY_LIMIT, sessionOf, type ConsoleDeps } from './context.js';
import { ConsoleSessions, CSRF_HEADER, sessionCookie, SignInLimiter, type StaffSession } from './session.js';

export type { ConsoleDeps } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request the page itself made: no cross-site Sec-Fetch-Site, and an Origin (when sent) that is this host.
 * Together with SameSite=Strict and the CSRF header this is belt and braces.
 */
export function sameOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

function isHttps(req: Request, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return true;
  return trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

function refuse(res: Response, error: HttpError): void {
  if (error.status === 401) res.header('WWW-Authenticate', 'Cookie realm="staff-console"');
  sendError(res, error);
}

export function registerConsole(server: Server, deps: ConsoleDeps): void {
  const { adminToken, logger } = deps;
  const now = deps.now ?? Date.now;
  const signIns = new SignInLimiter(5, 10 * 60_000, now);
  const staffSessions = new ConsoleSessions(deps.hashSalt, now);

  server.pre((req: Request, res: Response, next: (arg?: false) => void) => {
    const p = pathOf(req);
    if ((p !== '/admin' && !p.startsWith('/admin/')) || p === '/admin/reindex') return next();
    if (!adminToken) {
      sendError(res, new HttpError(404, 'not_found', '没有这个地址。'));
      return next(false);
    }
    if (!p.startsWith('/admin/api/')) return next();
    if (p === '/admin/api/session' && req.method === 'POST') return next();
    const session = staffSessions.fromRequest(req);
    if (!session) {
      refuse(res, new HttpError(401, 'unauthorized', '请先登录。'));
      return next(false);
    }
    if (!SAFE_METHODS.has(req.method ?? 'GET') && (!sameOrigin(req) || !staffSessions.csrfMatches(session, req.headers[CSRF_HEADER]))) {
      refuse(res, new HttpError(403, 'csrf', '请求校验失败，请刷新页面后重试。'));
      return next(false);
    }
    attachSession(req, session);
    return next();
  });

  if (!adminToken) return;

  const dir = path.join(deps.webDir, 'admin');
  const page = loadStaticFile(path.join(dir, 'index.html'), 'text/html; charset=utf-8', logger);
  server.get('/admin', serveStaticFile(page));
  server.get('/admin/', serveStaticFile(page));
  server.get('/admin/console.js', serveStaticFile(loadStaticFile(path.join(dir, 'console.js'), 'application/javascript; charset=utf-8', logger)));
  server.get('/admin/console.css', serveStaticFile(loadStaticFile(path.join(dir, 'console.css'), 'text/css; charset=utf-8', logger)));

  const sessionView = (s: StaffSession) => ({ staff: { name: s.staffName ?? null, id: s.staffHash }, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() });

  server.post(
    '/admin/api/session',
    route(logger, async (req: Request, res: Response) => {
      if (!sameOrigin(req)) throw new HttpError(403, 'csrf', '请求校验失败，请刷新页面后重试。');
      const client = clientAddress(req, deps.trustProxy);
      const decision = signIns.check(client);
      if (!decision.allowed) {
        res.header('Retry-After', String(decision.retryAfterSeconds));
        throw new HttpError(429, 'too_many_attempts', `登录失败次数过多，请 ${Math.ceil(decision.retryAfterSeconds / 60)} 分钟后再试。`);
      }
      const body = await readJsonBody(req, CONSOLE_BODY_LIMIT);
      if (!isRecord(body) || typeof body.token !== 'string' || body.token.length > 512) throw new HttpError(400, 'invalid_body', '请提交 {"token": "…"}。');
      const name = body.name;
      if (name !== undefined && name !== null && (typeof name !== 'string' || name.trim().length > 40)) throw new HttpError(400, 'invalid_name', '姓名请控制在 40 字以内。');
      if (!secretMatches(body.token, adminToken)) {
        signIns.fail(client);
        logger.warn('staff console: wrong token');
        throw new HttpError(401, 'wrong_token', '令牌不正确。');
      }
      const { cookie, session } = staffSessions.create(typeof name === 'string' ? name : undefined);
      res.header('Set-Cookie', sessionCookie(cookie, Math.floor(staffSessions.ttlMs / 1000), isHttps(req, deps.trustProxy)));
      logger.info({ staff: session.staffHash }, 'staff console: signed in');
      res.send(200, sessionView(session));
    }),
  );

  server.get(
    '/admin/api/session',
    route(logger, async (req: Request, res: Response) => {
      res.send(200, sessionView(sessionOf(req)));
    }),
  );

  server.del(
    '/admin/api/session',
    route(logger, async (req: Request, res: Response) => {
      staffSessions.end(req);
      res.header('Set-Cookie', sessionCookie('', 0, isHttps(req, deps.trustProxy)));
      res.send(204);
    }),
  );

  registerConsoleApi(server, { ...deps, links: StaffLinksFile.in(deps.knowledgeDir) });
}
