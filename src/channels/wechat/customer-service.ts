// The customer-service message API: how an answer that missed the 5-second passive-reply window still reaches
// the user. One AccessTokenHolder per app caches the access_token and refreshes it, so concurrent sends share
// one token request (WeChat rate-limits /cgi-bin/token and each new token revokes the previous one).

/** Delivers text to a user outside the passive reply. */
export interface CustomerService {
  sendText(openId: string, text: string): Promise<void>;
}

/** An error reported by the WeChat API; carries the errcode, never the secret or the token. */
export class WeChatApiError extends Error {
  override readonly name = 'WeChatApiError';
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

export interface WeChatApiOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  now?: () => number;
}

// Refresh a little early so a token never expires between being read and being used.
const EARLY_REFRESH_MS = 5 * 60_000;
// errcodes that mean "this token is no longer valid": invalid credential, invalid token, expired token.
const STALE_TOKEN = new Set([40001, 40014, 42001]);

interface ApiReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

async function callApi(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<ApiReply> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new WeChatApiError(`${what}: ${(err as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}`);
  }
  if (!response.ok) throw new WeChatApiError(`${what}: HTTP ${response.status}`);
  const reply = (await response.json().catch(() => undefined)) as ApiReply | undefined;
  if (!reply || typeof reply !== 'object') throw new WeChatApiError(`${what}: not JSON`);
  if (reply.errcode) throw new WeChatApiError(`${what}: errcode ${reply.errcode} ${reply.errmsg ?? ''}`.trim(), reply.errcode);
  return reply;
}

export class AccessTokenHolder {
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: WeChatApiOptions) {
    this.now = options.now ?? Date.now;
  }

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops `token` if it is still the cached one (another caller may already have refreshed it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { apiBase, appId, appSecret, timeoutMs = 5000 } = this.options;
    const url = new URL('/cgi-bin/token', apiBase);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret: appSecret }).toString();
    const reply = await callApi(url.toString(), { method: 'GET' }, timeoutMs, 'access_token');
    if (!reply.access_token) throw new WeChatApiError('access_token: missing in reply');
    const lifetimeMs = (reply.expires_in ?? 7200) * 1000;
    this.cached = { token: reply.access_token, expiresAt: this.now() + Math.max(lifetimeMs - EARLY_REFRESH_MS, lifetimeMs / 2) };
    return reply.access_token;
  }
}

export class WeChatCustomerService implements CustomerService {
  constructor(
    private readonly tokens: AccessTokenHolder,
    private readonly options: Pick<WeChatApiOptions, 'apiBase' | 'timeoutMs'>,
  ) {}

  async sendText(openId: string, text: string): Promise<void> {
    const body = JSON.stringify({ touser: openId, msgtype: 'text', text: { content: text } });
    const token = await this.tokens.token();
    try {
      await this.post(token, body);
    } catch (err) {
      // The token can be revoked early (e.g. fetched elsewhere with the same secret): refresh once and retry.
      if (!(err instanceof WeChatApiError && err.errcode !== undefined && STALE_TOKEN.has(err.errcode))) throw err;
      this.tokens.invalidate(token);
      await this.post(await this.tokens.token(), body);
    }
  }

  private async post(token: string, body: string): Promise<void> {
    const url = new URL('/cgi-bin/message/custom/send', this.options.apiBase);
    url.searchParams.set('access_token', token);
    await callApi(url.toString(), { method: 'POST', headers: { 'content-type': 'application/json' }, body }, this.options.timeoutMs ?? 5000, 'custom/send');
  }
}

export function createCustomerService(options: WeChatApiOptions): CustomerService {
  return new WeChatCustomerService(new AccessTokenHolder(options), options);
}
