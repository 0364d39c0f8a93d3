// GET/POST /api/wechat on the shared restify server. The route reads the raw XML body itself (with a 64 KB cap),
// because a JSON body parser installed for the other routes would not give it the bytes.
import type { Request, Response, Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { WeChatChannel, WeChatRequestError, type WeChatReply } from './channel.js';
import type { CustomerService } from './customer-service.js';
import { WeChatCryptoError } from './crypto.js';
import { WeChatXmlError } from './xml.js';

export const WECHAT_PATH = '/api/wechat';
export const MAX_BODY_BYTES = 64 * 1024;

export interface WeChatRouteDeps {
  bot: ActivityHandler;
  config: Config;
  logger: Logger;
  customerService?: CustomerService;
}

const plain = (status: number, body: string): WeChatReply => ({ status, contentType: 'text/plain; charset=utf-8', body });

function queryOf(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** The raw body as text, refusing more than `limit` bytes. Uses what a body reader earlier in the chain kept. */
export async function readRawBody(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new WeChatRequestError(413, 'body too large');
  const kept: unknown = (req as { body?: unknown }).body;
  if (typeof kept === 'string' || Buffer.isBuffer(kept) || req.readableEnded) {
    const bytes = typeof kept === 'string' ? Buffer.from(kept, 'utf8') : Buffer.isBuffer(kept) ? kept : Buffer.alloc(0);
    if (bytes.length > limit) throw new WeChatRequestError(413, 'body too large');
    return bytes.toString('utf8');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop buffering; the rest is discarded while the 413 goes out.
      req.off('data', onData);
      req.resume();
      reject(new WeChatRequestError(413, 'body too large'));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => reject(new WeChatRequestError(400, 'body could not be read')));
  });
}

/** Bad input is expected on a public callback: logged briefly at warn, never with a stack, never echoed. */
function toReply(err: unknown, logger: Logger): WeChatReply {
  const status = err instanceof WeChatRequestError ? err.status : err instanceof WeChatXmlError || err instanceof WeChatCryptoError ? 400 : 500;
  if (status === 500) {
    logger.error({ err }, 'wechat: request failed');
    return plain(500, 'internal error');
  }
  logger.warn({ status, reason: (err as Error).message }, 'wechat: request rejected');
  return plain(status, status === 401 ? 'invalid signature' : status === 413 ? 'payload too large' : 'bad request');
}

function send(res: Response, reply: WeChatReply): void {
  const headers: Record<string, string> = { 'Content-Type': reply.contentType };
  // An oversized body may still be arriving: close rather than read it.
  if (reply.status === 413) headers.Connection = 'close';
  res.sendRaw(reply.status, reply.body, headers);
}

/** Registers GET/POST /api/wechat; with WECHAT_TOKEN empty the channel is off and both answer 404. */
export function registerWeChatRoutes(server: Server, deps: WeChatRouteDeps): WeChatChannel | undefined {
  if (!deps.config.WECHAT_TOKEN) {
    const off = (_req: Request, res: Response, next: () => void) => {
      send(res, plain(404, 'not found'));
      next();
    };
    server.get(WECHAT_PATH, off);
    server.post(WECHAT_PATH, off);
    return undefined;
  }
  const channel = new WeChatChannel(deps);
  server.get(WECHAT_PATH, (req: Request, res: Response, next: () => void) => {
    try {
      send(res, channel.verifyUrl(queryOf(req)));
    } catch (err) {
      send(res, toReply(err, deps.logger));
    }
    next();
  });
  server.post(WECHAT_PATH, (req: Request, res: Response, next: () => void) => {
    void readRawBody(req)
      .then((body) => channel.handleMessage(queryOf(req), body, req.time()))
      .catch((err: unknown) => toReply(err, deps.logger))
      .then((reply) => send(res, reply))
      .catch((err: unknown) => deps.logger.error({ err }, 'wechat: reply could not be written'))
      .finally(() => next());
  });
  return channel;
}
