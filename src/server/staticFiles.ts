// The widget, the demo page and the staff console's files, read once at start and served from memory with an ETag.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger.js';

export interface CachedFile {
  body: Buffer;
  etag: string;
  contentType: string;
}

export function loadStaticFile(file: string, contentType: string, logger: Logger): CachedFile | undefined {
  try {
    const body = fs.readFileSync(file);
    return { body, contentType, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
  } catch {
    logger.warn({ file }, 'static file missing; its route will answer 404');
    return undefined;
  }
}

export function serveStaticFile(file: CachedFile | undefined) {
  return (req: Request, res: Response, next: () => void) => {
    if (!file) {
      res.send(404, { error: 'not_found', message: '页面不存在。' });
      return next();
    }
    res.header('ETag', file.etag);
    // Revalidate each time (cheap 304s), so a redeployed widget reaches pages at once.
    res.header('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304);
      res.end();
      return next();
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    res.end(file.body);
    return next();
  };
}

export function registerStaticRoutes(server: Server, webDir: string, logger: Logger): void {
  const widget = loadStaticFile(path.join(webDir, 'widget.js'), 'application/javascript; charset=utf-8', logger);
  const demo = loadStaticFile(path.join(webDir, 'demo.html'), 'text/html; charset=utf-8', logger);
  server.get('/widget.js', serveStaticFile(widget));
  server.get('/', serveStaticFile(demo));
}
