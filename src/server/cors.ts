// CORS for the widget embedded on other sites. ALLOWED_ORIGINS is a comma list of origins ("*" for any);
// empty means the server's own origin plus localhost/127.0.0.1 on any port, for development.
import type { Request, Response, Server } from 'restify';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

export interface CorsPolicy {
  allows(origin: string, host: string | undefined): boolean;
}

export function createCorsPolicy(allowedOrigins: string): CorsPolicy {
  const listed = allowedOrigins
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
    .filter((o) => o !== '');
  const any = listed.includes('*');
  return {
    allows(origin, host) {
      const o = origin.toLowerCase();
      if (any) return true;
      // Same origin: browsers send Origin on same-origin POSTs too.
      if (host && (o === `http://${host.toLowerCase()}` || o === `https://${host.toLowerCase()}`)) return true;
      if (listed.length === 0) return LOCAL_ORIGIN.test(o);
      return listed.includes(o);
    },
  };
}

/** Answers preflights and marks allowed responses; a disallowed origin simply gets no CORS headers. */
export function registerCors(server: Server, policy: CorsPolicy): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    // The staff console is for its own page only: no other site gets CORS on it.
    if (/^\/admin(\/|$|\?)/.test(req.url ?? '')) {
      if (req.method === 'OPTIONS' && typeof req.headers.origin === 'string') {
        res.send(403);
        return;
      }
      next();
      return;
    }
    const origin = req.headers.origin;
    const allowed = typeof origin === 'string' && policy.allows(origin, req.headers.host);
    if (allowed) {
      res.header('Access-Control-Allow-Origin', origin);
      res.header('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS' && typeof origin === 'string') {
      if (allowed) {
        res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.header('Access-Control-Allow-Headers', 'Content-Type');
        res.header('Access-Control-Max-Age', '600');
      }
      res.send(allowed ? 204 : 403);
      return;
    }
    next();
  });
}
