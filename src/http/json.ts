// Small HTTP helpers shared by the server's routes and the channel adapters: a bounded JSON body reader and
// one way to say "no" in JSON. Errors carry a fixed Chinese message for people and a stable code for programs;
// never internals. A room below both channels/ and server/, so an adapter never reaches into the app that wires it.
import type { Request, Response } from 'restify';
import type { Logger } from '../logger.js';
import { requestLogger } from './requestLog.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Safe to show to a client. */
    readonly publicMessage: string,
  ) {
    super(`${status} ${code}`);
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);

export interface ErrorBody {
  error: string;
  message: string;
}

export function sendError(res: Response, error: HttpError): void {
  if (error.status === 413) res.header('Connection', 'close');
  res.send(error.status, { error: error.code, message: error.publicMessage } satisfies ErrorBody);
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. Refuses early on a declared Content-Length
 * over the limit, and stops reading as soon as a streamed body passes it.
 */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    throw new HttpError(400, 'unsupported_content_type', '请以 application/json 格式提交。');
  }
  // Made only when needed: an Error captures a stack, which costs on the chat path's every request.
  const tooLarge = () => new HttpError(413, 'body_too_large', `请求内容过大（上限 ${Math.floor(limit / 1024)} KB）。`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();

  const body = await collect(req, limit, tooLarge);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('empty_body', '请求内容为空。');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('invalid_json', '请求内容不是有效的 JSON。');
  }
}

/**
 * Collects the body with listeners rather than `for await`: leaving a for-await early destroys the
 * socket, and the client would get a reset instead of the 413. Node discards the unread rest after
 * the response (sent with Connection: close).
 */
function collect(req: Request, limit: number, tooLarge: () => HttpError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // A client that hangs up mid-body: settle, so nothing waits forever.
    const onClose = () => {
      cleanup();
      reject(new HttpError(400, 'aborted', '请求未完整发送。'));
    };
    const cleanup = () => {
      req.off('close', onClose);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type AsyncHandler = (req: Request, res: Response) => Promise<void>;

/**
 * Wraps a route: HttpErrors become their JSON reply, anything else is logged and becomes a fixed 500.
 * Bad input is the client's doing, so it is logged at info without a stack.
 */
export function route(logger: Logger, handler: AsyncHandler): AsyncHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      const log = requestLogger(req, logger);
      if (error instanceof HttpError) {
        log.info({ status: error.status, code: error.code }, 'request refused');
        sendError(res, error);
      } else {
        log.error({ err: error }, 'request failed');
        if (!res.headersSent) sendError(res, new HttpError(500, 'internal', '服务暂时不可用，请稍后再试。'));
      }
    }
  };
}
