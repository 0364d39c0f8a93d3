// The WeChat callback on the real app: createApp(config) with the real bot and answer service, on port 0.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../../src/channels/wechat/format.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { createApp, type App } from '../../../src/server/app.js';
import { messageXml, nextMsgId, WeChatPlatform, type Account } from './wechat-platform.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const account: Account = { token: 'app-test-token', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', appId: 'wxapptest0000001', id: 'gh_qidong_app' };

describe('WeChat on the real app (createApp, real bot, regulations from ../shared)', () => {
  let app: App;
  let wx: WeChatPlatform;

  beforeAll(async () => {
    const config = loadConfig(
      {},
      {
        KNOWLEDGE_DIR: path.join(repoRoot, 'knowledge'),
        LAWS_DIR: path.resolve(repoRoot, '../shared/knowledge-sources/regulations'),
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qd-wechat-app-')),
        LOG_LEVEL: 'silent',
        WECHAT_TOKEN: account.token,
        WECHAT_ENCODING_AES_KEY: account.aesKey,
        WECHAT_APP_ID: account.appId,
      },
    );
    app = await createApp(config, { logger: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    wx = new WeChatPlatform(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, account);
  });

  afterAll(async () => app?.close(2_000));

  it('passes the URL check', async () => {
    const res = await fetch(`${wx.url}/api/wechat?${wx.signedQuery({ echostr: '1234567890' }).toString()}`);
    expect(await res.text()).toBe('1234567890');
  });

  it('answers an encrypted question with a cited WeChat text: quoted answer, short source lines, no Markdown', async () => {
    const res = await wx.send(messageXml(account, 'oAppUser', { MsgType: 'text', Content: '行政处罚法第七条是怎么规定的？', MsgId: nextMsgId() }), 'safe');
    expect(res.status).toBe(200);
    const content = res.reply!.Content!;
    expect(res.reply).toMatchObject({ ToUserName: 'oAppUser', FromUserName: account.id, MsgType: 'text' });
    expect(utf8Bytes(content)).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/来源：\n\[1\]《行政处罚法》第七条/);
    expect(content).not.toMatch(/\*\*|^#|\]\(/m);
  });

  it('welcomes a new follower', async () => {
    const res = await wx.send(messageXml(account, 'oFollower', { MsgType: 'event', Event: 'subscribe' }), 'safe');
    expect(res.status).toBe(200);
    expect(res.reply!.Content!.length).toBeGreaterThan(10);
  });

  it('answers three deliveries of one MsgId with one identical reply', async () => {
    const xml = messageXml(account, 'oRetryApp', { MsgType: 'text', Content: '2023年开发区组织了几次法治学习？', MsgId: nextMsgId() });
    const replies = await Promise.all([0, 30, 60].map((ms) => new Promise((r) => setTimeout(r, ms)).then(() => wx.send(xml, 'safe'))));
    const contents = replies.map((r) => r.reply?.Content);
    expect(contents[0]).toBeTruthy();
    expect(new Set(contents).size).toBe(1);
  });
});
