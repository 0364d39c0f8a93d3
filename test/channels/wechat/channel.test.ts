import { ActivityHandler } from 'botbuilder';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WeChatChannel } from '../../../src/channels/wechat/channel.js';
import type { CustomerService } from '../../../src/channels/wechat/customer-service.js';
import { loadConfig } from '../../../src/config.js';
import { messageXml, nextMsgId, WeChatPlatform, type Account } from './wechat-platform.js';

const account: Account = { token: 'tok', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', appId: 'wxchannel', id: 'gh_c' };

/** Answers after 30 ms, like a quick retrieval. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await new Promise((r) => setTimeout(r, 30));
      await context.sendActivity(`答：${context.activity.text ?? ''}`);
      await next();
    });
  }
}

describe('WeChatChannel deadline', () => {
  it('counts the 5 seconds from arrival: a request that waited in a queue past the window answers "success" at once', async () => {
    const sent: Array<[string, string]> = [];
    const customerService: CustomerService = { sendText: async (openId, text) => void sent.push([openId, text]) };
    const config = loadConfig({ WECHAT_TOKEN: account.token, WECHAT_ENCODING_AES_KEY: account.aesKey, WECHAT_APP_ID: account.appId });
    const channel = new WeChatChannel({ bot: new EchoBot(), config, logger: pino({ level: 'silent' }), customerService });
    const wx = new WeChatPlatform('http://unused', account);

    const fresh = wx.envelope(messageXml(account, 'oA', { MsgType: 'text', Content: '准时', MsgId: nextMsgId() }), 'safe');
    const onTime = await channel.handleMessage(fresh.query, fresh.body);
    expect(wx.open(onTime.body).Content).toBe('答：准时');

    const queued = wx.envelope(messageXml(account, 'oB', { MsgType: 'text', Content: '排队太久', MsgId: nextMsgId() }), 'safe');
    const late = await channel.handleMessage(queued.query, queued.body, Date.now() - 4_500);
    expect(late.body).toBe('success');
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toEqual([['oB', '答：排队太久']]);
  });
});
