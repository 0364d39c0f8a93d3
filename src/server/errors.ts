// Restify's own refusals (404 unknown route, 405 wrong method) in the same JSON shape as ours,
// without echoing the path back.
import type { Request, Response, Server } from 'restify';
import type { ErrorBody } from '../http/json.js';

const MESSAGES: Record<number, [string, string]> = {
  404: ['not_found', '没有这个地址。'],
  405: ['method_not_allowed', '该地址不支持此请求方法。'],
};

interface RestifyHttpError extends Error {
  statusCode?: number;
  toJSON?: () => unknown;
}

export function registerErrorFormat(server: Server): void {
  server.on('restifyError', (_req: Request, _res: Response, err: RestifyHttpError, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const [error, message] = MESSAGES[status] ?? (status >= 500 ? ['internal', '服务暂时不可用，请稍后再试。'] : ['bad_request', '请求无效。']);
    err.toJSON = (): ErrorBody => ({ error, message });
    callback();
  });
}
