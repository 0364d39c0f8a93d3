// The WeChat callback on the real app: createApp(config) with the real bot and answer service, on port 0;
// only the customer-service API is faked (on loopback). The paging of over-long answers and a failing bot are
// covered in routes.test.ts, where a small bot can be made to produce them.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../../src/answer/index.js';
import type { AnswerService } from '../../../src/answer/service.js';
import { utf8Bytes } from '../../../src/channels/wechat/format.js';
import { wechatTexts } from '../../../src/channels/wechat/texts.js';
import { loadConfig, type Config } from '../../../src/config.js';
import type { AnswerContext } from '../../../src/domain.js';
import { silentLogger } from '../../../src/logger.js';
import { createApp, type App } from '../../../src/server/app.js';
import { FakeWeChatApi } from './fake-wechat-api.js';
import { messageXml, nextMsgId, WeChatPlatform, type Account } from './wechat-platform.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const account: Account = { token: 'app-test-token', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', appId: 'wxapptest0000001', id: 'gh_qidong_app' };

function config(extra: Record<string, string> = {}): Config {
  return loadConfig(
    {},
    {
      KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'),
      LAWS_DIR: path.resolve(repoRoot, '../shared/knowledge-sources/regulations'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-wechat-app-')),
      LOG_LEVEL: 'silent',
      WECHAT_TOKEN: account.token,
      WECHAT_ENCODING_AES_KEY: account.aesKey,
      WECHAT_APP_ID: account.appId,
      ...extra,
    },
  );
}

async function start(c: Config, service: AnswerService): Promise<{ app: App; wx: WeChatPlatform }> {
  const app = await createApp(c, { logger: silentLogger, service });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, wx: new WeChatPlatform(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, account) };
}

const text = (from: string, content: string, msgId = nextMsgId()) => messageXml(account, from, { MsgType: 'text', Content: content, MsgId: msgId });

describe('WeChat on the real app (createApp, real bot, regulations from ../shared)', () => {
  let service: AnswerService;
  let app: App;
  let wx: WeChatPlatform;

  beforeAll(async () => {
    const c = config();
    service = await createAnswerService(c, silentLogger);
    ({ app, wx } = await start(c, service));
  });

  afterAll(async () => app?.close(2_000));

  it('passes the URL check and refuses a forged one', async () => {
    const query = wx.signedQuery({ echostr: '1234567890' });
    expect(await (await fetch(`${wx.url}/api/wechat?${query.toString()}`)).text()).toBe('1234567890');
    query.set('timestamp', '1');
    expect((await fetch(`${wx.url}/api/wechat?${query.toString()}`)).status).toBe(401);
  });

  it('answers an encrypted question with a cited WeChat text: answer, short source lines, no Markdown', async () => {
    const res = await wx.send(text('oAppUser', '行政处罚法第七条是怎么规定的？'), 'safe');
    expect(res.status).toBe(200);
    const content = res.reply!.Content!;
    expect(res.reply).toMatchObject({ ToUserName: 'oAppUser', FromUserName: account.id, MsgType: 'text' });
    expect(utf8Bytes(content)).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/来源：\n\[1\]《行政处罚法》第七条/);
    expect(content).not.toMatch(/\*\*|^#|\]\(/m);
  });

  it('answers a plaintext message and a voice message by its Recognition the same way', async () => {
    const typed = await wx.send(text('oPlain', '行政处罚法第七条是怎么规定的？'));
    const spoken = await wx.send(messageXml(account, 'oSpoken', { MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: '行政处罚法第七条是怎么规定的？', MsgId: nextMsgId() }), 'safe');
    expect(typed.body.startsWith('<xml><ToUserName>')).toBe(true);
    expect(spoken.reply!.Content).toBe(typed.reply!.Content);
  });

  it('welcomes a new follower with the bot welcome', async () => {
    const res = await wx.send(messageXml(account, 'oFollower', { MsgType: 'event', Event: 'subscribe' }), 'safe');
    expect(res.status).toBe(200);
    expect(res.reply!.Content!.length).toBeGreaterThan(10);
    expect(res.reply!.Content).not.toBe(wechatTexts.error);
  });

  it('answers three deliveries of one MsgId with one bot turn and one identical reply', async () => {
    let turns = 0;
    const run = app.bot.run.bind(app.bot);
    app.bot.run = (context) => {
      turns++;
      return run(context);
    };
    const xml = text('oRetryApp', '2023年开发区组织了几次法治学习？');
    const replies = await Promise.all([0, 30, 60].map((ms) => new Promise((r) => setTimeout(r, ms)).then(() => wx.send(xml, 'safe'))));
    app.bot.run = run;
    const contents = replies.map((r) => r.reply?.Content);
    expect(contents[0]).toBeTruthy();
    expect(new Set(contents).size).toBe(1);
    expect(turns).toBe(1);
  });

  it('refuses bad input with 400/401/413 and keeps serving', async () => {
    expect((await wx.send(`<!DOCTYPE x [<!ENTITY e "e">]>${text('oBad', '&e;')}`)).status).toBe(400);
    expect((await wx.send('<xml><Encrypt>unclosed</xml>')).status).toBe(400);
    const forged = wx.envelope(text('oBad', '问题'), 'safe');
    forged.query.set('msg_signature', 'f'.repeat(40));
    expect((await wx.post(forged.body, forged.query)).status).toBe(401);
    expect((await wx.post(`<xml><Content>${'x'.repeat(65 * 1024)}</Content></xml>`, wx.signedQuery())).status).toBe(413);
    expect((await wx.send(text('oBad', '行政处罚法第七条是怎么规定的？'), 'safe')).reply!.Content).toContain('第七条');
  });

  describe('an answer later than the reply window', () => {
    const api = new FakeWeChatApi();
    let slow: { app: App; wx: WeChatPlatform };

    beforeAll(async () => {
      await api.start();
      // The real answers, 800 ms late — as a slow model would make them (the model composer is not wired yet).
      const late: AnswerService = Object.assign(Object.create(service) as AnswerService, {
        answer: (q: string, ctx?: AnswerContext) => new Promise((r) => setTimeout(r, 800)).then(() => service.answer(q, ctx)),
      });
      slow = await start(config({ WECHAT_REPLY_TIMEOUT_MS: '300', WECHAT_APP_SECRET: 'app-secret', WECHAT_API_BASE: api.url }), late);
    });

    afterAll(async () => {
      await slow?.app.close(2_000);
      await api.stop();
    });

    it('replies "success" in time and delivers the answer once through the customer-service API', async () => {
      const xml = text('oLate', '行政处罚法第七条是怎么规定的？');
      const started = Date.now();
      const first = await slow.wx.send(xml, 'safe');
      expect(Date.now() - started).toBeLessThan(750);
      expect(first).toMatchObject({ status: 200, body: 'success' });
      expect((await slow.wx.send(xml, 'safe')).body).toBe('success');
      const [sent] = await api.waitForSent(1);
      expect(sent!.body.touser).toBe('oLate');
      expect(sent!.body.text.content).toMatch(/来源：\n\[1\]《行政处罚法》第七条/);
      expect(Object.fromEntries(api.tokenRequests[0]!)).toMatchObject({ appid: account.appId, secret: 'app-secret' });
      await new Promise((r) => setTimeout(r, 200));
      expect(api.sent).toHaveLength(1);
    });
  });
});
