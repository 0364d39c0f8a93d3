import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessTokenHolder, WeChatApiError, WeChatCustomerService } from '../../../src/channels/wechat/customer-service.js';
import { FakeWeChatApi } from './fake-wechat-api.js';

describe('customer-service API client (against a local fake of api.weixin.qq.com)', () => {
  let api: FakeWeChatApi;
  let clock: number;
  const make = () => {
    const options = { apiBase: api.url, appId: 'wxapp', appSecret: 'SECRET-XYZ', now: () => clock };
    const tokens = new AccessTokenHolder(options);
    return { tokens, service: new WeChatCustomerService(tokens, options) };
  };

  beforeEach(async () => {
    api = await new FakeWeChatApi().start();
    clock = 1_000_000;
  });
  afterEach(async () => api.stop());

  it('sends a text message to the OpenID with the cached token', async () => {
    const { service } = make();
    await service.sendText('oUser', '您好，答复如下。😀');
    await service.sendText('oUser2', '第二条');
    expect(api.tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(api.tokenRequests[0]!)).toEqual({ grant_type: 'client_credential', appid: 'wxapp', secret: 'SECRET-XYZ' });
    expect(api.sent.map((s) => s.accessToken)).toEqual(['TOKEN-1', 'TOKEN-1']);
    expect(api.sent[0]!.body).toEqual({ touser: 'oUser', msgtype: 'text', text: { content: '您好，答复如下。😀' } });
  });

  it('shares one token request among concurrent senders', async () => {
    api.tokenDelayMs = 100;
    const { service } = make();
    await Promise.all(Array.from({ length: 5 }, (_, i) => service.sendText(`o${i}`, 'x')));
    expect(api.tokenRequests).toHaveLength(1);
    expect(api.sent).toHaveLength(5);
  });

  it('refreshes the token before it expires', async () => {
    const { tokens } = make();
    expect(await tokens.token()).toBe('TOKEN-1');
    clock += 7200_000 - 6 * 60_000; // still more than five minutes left
    expect(await tokens.token()).toBe('TOKEN-1');
    clock += 2 * 60_000; // within the last five minutes
    expect(await tokens.token()).toBe('TOKEN-2');
  });

  it('refreshes a revoked token once and retries the send', async () => {
    const { service } = make();
    await service.sendText('oUser', 'first');
    api.sendErrors = [40001];
    await service.sendText('oUser', 'second');
    expect(api.tokenRequests).toHaveLength(2);
    expect(api.sent.map((s) => [s.accessToken, s.body.text.content])).toEqual([
      ['TOKEN-1', 'first'],
      ['TOKEN-2', 'second'],
    ]);
  });

  it('reports other errcodes without retrying, and never puts the secret in the error', async () => {
    const { service } = make();
    api.sendErrors = [45015];
    const err = await service.sendText('oUser', 'late').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WeChatApiError);
    expect((err as WeChatApiError).errcode).toBe(45015);
    expect(api.sent).toHaveLength(0);

    api.tokenError = 40125;
    const tokenErr = (await new AccessTokenHolder({ apiBase: api.url, appId: 'wxapp', appSecret: 'SECRET-XYZ' }).token().catch((e: unknown) => e)) as Error;
    expect(tokenErr).toBeInstanceOf(WeChatApiError);
    expect(tokenErr.message).toContain('40125');
    expect(tokenErr.message).not.toContain('SECRET-XYZ');
  });

  it('fails cleanly when the API cannot be reached', async () => {
    const unreachable = new AccessTokenHolder({ apiBase: 'http://127.0.0.1:9', appId: 'a', appSecret: 's', timeoutMs: 1000 });
    await expect(unreachable.token()).rejects.toThrow(/access_token: (network error|timed out)/);
  });
});
