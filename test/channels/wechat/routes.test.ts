// Round trip on a real restify server on port 0: the WeChat routes with a small bot defined here, the
// customer-service API faked on loopback. (test/channels/wechat/app.test.ts does the same with createApp.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, type TurnContext } from 'botbuilder';
import { pino } from 'pino';
import type { Server } from 'restify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerWeChatRoutes } from '../../../src/channels/wechat/routes.js';
import { MORE_HINT, utf8Bytes } from '../../../src/channels/wechat/format.js';
import { wechatTexts } from '../../../src/channels/wechat/texts.js';
import { wechatSignature } from '../../../src/channels/wechat/signature.js';
import { loadConfig } from '../../../src/config.js';
import restify from '../../../src/server/restify.js';
import type { Answer } from '../../../src/domain.js';
import { FakeWeChatApi } from './fake-wechat-api.js';
import { messageXml, nextMsgId, WeChatPlatform, type Account } from './wechat-platform.js';

const account: Account = { token: 'qidong-test-token', aesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', appId: 'wx0123456789abcdef', id: 'gh_qidong' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The status of a POST sent with node's http client: with Content-Length, or chunked (no declared size). */
function rawPostStatus(url: string, body: string, options: { chunked: boolean; headers?: Record<string, string> }): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: options.headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    if (!options.chunked) req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body);
  });
}

/** Answers "Q" with a cited Answer; "慢…" takes 700 ms; "长…" gives a long answer; "坏…" throws. */
class TestBot extends ActivityHandler {
  questions: string[] = [];
  constructor() {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      const q = context.activity.text ?? '';
      this.questions.push(q);
      if (q.startsWith('坏')) throw new Error('bot exploded with internals /srv/secret');
      if (q.startsWith('慢')) await sleep(700);
      const body = q.startsWith('长') ? Array.from({ length: 120 }, (_, i) => `第${i + 1}项措施已经落实到位。`).join('') : `关于“${q}”：应当依法办理[1]。`;
      const answer: Answer = {
        answered: true,
        answer: body,
        citations: [{ id: 'reg-1', kind: 'regulation', title: '中华人民共和国行政处罚法', article: '第七条', text: '…', score: 1 }],
        suggestions: [],
      };
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity({ text: body, channelData: { answer, answerId: 'a1' } });
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity(`欢迎关注！您的编号是${member.id}。`);
      }
      await next();
    });
  }
}

interface LogLine {
  level: number;
  msg: string;
  err?: unknown;
}

describe('WeChat callback round trip (restify on port 0)', () => {
  const api = new FakeWeChatApi();
  const bot = new TestBot();
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
  let server: Server;
  let wx: WeChatPlatform;
  let baseUrl: string;

  beforeAll(async () => {
    await api.start();
    const config = loadConfig({
      WECHAT_TOKEN: account.token,
      WECHAT_ENCODING_AES_KEY: account.aesKey,
      WECHAT_APP_ID: account.appId,
      WECHAT_APP_SECRET: 'test-secret',
      WECHAT_API_BASE: api.url,
      WECHAT_REPLY_TIMEOUT_MS: '300',
      WECHAT_MENU: JSON.stringify({ MENU_PUNISH: '行政处罚法第七条是什么？' }),
    });
    server = restify.createServer({ handleUncaughtExceptions: false });
    // As the app may: a JSON body parser for the other routes must not break the XML route.
    server.use(restify.plugins.jsonBodyParser());
    registerWeChatRoutes(server, { bot, config, logger });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    wx = new WeChatPlatform(baseUrl, account);
  });

  afterAll(async () => {
    server.close();
    await api.stop();
  });

  afterEach(() => {
    // Bad input is logged at warn without a stack; nothing in these tests is a server fault, except the bot that throws.
    const errors = logs.filter((l) => l.level >= 50 && l.msg !== 'wechat: bot turn failed');
    expect(errors).toEqual([]);
    logs.length = 0;
  });

  const text = (content: string, from = 'oUser1', msgId = nextMsgId()) => messageXml(account, from, { MsgType: 'text', Content: content, MsgId: msgId });

  it('URL check: echoes echostr for a good signature, 401 otherwise', async () => {
    const query = wx.signedQuery({ echostr: '5927782489442352469' });
    const ok = await fetch(`${baseUrl}/api/wechat?${query.toString()}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('5927782489442352469');
    query.set('nonce', query.get('nonce') + '1');
    const bad = await fetch(`${baseUrl}/api/wechat?${query.toString()}`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('5927782489442352469');
  });

  it('plaintext text message → a passive text reply to the user from the account, with sources', async () => {
    const res = await wx.send(text('行政处罚的原则'));
    expect(res.status).toBe(200);
    expect(res.reply).toMatchObject({ ToUserName: 'oUser1', FromUserName: 'gh_qidong', MsgType: 'text' });
    expect(res.reply!.Content).toBe('关于“行政处罚的原则”：应当依法办理[1]。\n\n来源：\n[1]《行政处罚法》第七条');
    expect(res.body).toContain('<![CDATA[');
  });

  it('safe mode (encrypt_type=aes): decrypts, answers, and replies encrypted and signed with its own timestamp and nonce', async () => {
    const { query, body } = wx.envelope(text('安全模式提问', 'oSafe'), 'safe');
    const res = await wx.post(body, query);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^<xml><Encrypt>.*<MsgSignature>.*<TimeStamp>\d+<\/TimeStamp><Nonce>/);
    expect(res.body).not.toContain('安全模式提问');
    expect(res.reply).toMatchObject({ ToUserName: 'oSafe', FromUserName: 'gh_qidong' });
    expect(res.reply!.Content).toContain('关于“安全模式提问”');
  });

  it('compatible mode: the Encrypt element wins over the plaintext copy and the reply is encrypted', async () => {
    const { query, body } = wx.envelope(text('兼容模式提问'), 'compat');
    const forged = body.replace('兼容模式提问', '被篡改的明文');
    const res = await wx.post(forged, query);
    expect(res.status).toBe(200);
    expect(res.body.startsWith('<xml><Encrypt>')).toBe(true);
    expect(res.reply!.Content).toContain('关于“兼容模式提问”');
  });

  it('voice with Recognition is answered as text; voice without it gets the polite prompt', async () => {
    const voice = await wx.send(messageXml(account, 'oVoice', { MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: '开发区法治宣传', MsgId: nextMsgId() }), 'safe');
    expect(voice.reply!.Content).toContain('关于“开发区法治宣传”');
    const silent = await wx.send(messageXml(account, 'oVoice', { MsgType: 'voice', MediaId: 'm2', Format: 'amr', MsgId: nextMsgId() }));
    expect(silent.reply!.Content).toBe(wechatTexts.typeYourQuestion);
  });

  it('image, location and link get the polite "please type your question" without a bot turn', async () => {
    const before = bot.questions.length;
    const kinds: Array<Record<string, string>> = [
      { MsgType: 'image', PicUrl: 'http://example.invalid/p.jpg', MediaId: 'x' },
      { MsgType: 'location', Location_X: '31.8', Location_Y: '121.6', Scale: '15', Label: '启东' },
      { MsgType: 'link', Title: 't', Description: 'd', Url: 'http://example.invalid' },
    ];
    for (const fields of kinds) {
      const res = await wx.send(messageXml(account, 'oMedia', { ...fields, MsgId: nextMsgId() }));
      expect(res.reply!.Content).toBe(wechatTexts.typeYourQuestion);
    }
    expect(bot.questions.length).toBe(before);
  });

  it('subscribe → the bot welcome; CLICK → the configured question; unknown key and unsubscribe handled', async () => {
    const welcome = await wx.send(messageXml(account, 'oNew', { MsgType: 'event', Event: 'subscribe' }), 'safe');
    expect(welcome.reply!.Content).toBe('欢迎关注！您的编号是oNew。');
    const click = await wx.send(messageXml(account, 'oNew', { MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_PUNISH' }, 1_700_000_001));
    expect(click.reply!.Content).toContain('关于“行政处罚法第七条是什么？”');
    const unknown = await wx.send(messageXml(account, 'oNew', { MsgType: 'event', Event: 'CLICK', EventKey: 'NOPE' }, 1_700_000_002));
    expect(unknown.reply!.Content).toBe(wechatTexts.unknownMenu);
    const bye = await wx.send(messageXml(account, 'oNew', { MsgType: 'event', Event: 'unsubscribe' }, 1_700_000_003));
    expect(bye).toMatchObject({ status: 200, body: 'success' });
  });

  it('retries of one MsgId (arriving while the first is running, and after) make one bot turn and get the same reply', async () => {
    const xml = text('重复投递的问题', 'oRetry');
    const before = bot.questions.filter((q) => q === '重复投递的问题').length;
    const replies = await Promise.all([wx.send(xml, 'safe'), sleep(20).then(() => wx.send(xml, 'safe')), sleep(40).then(() => wx.send(xml, 'safe'))]);
    const after = await wx.send(xml, 'safe');
    const contents = [...replies, after].map((r) => r.reply!.Content);
    expect(new Set(contents).size).toBe(1);
    expect(contents[0]).toContain('重复投递的问题');
    expect(bot.questions.filter((q) => q === '重复投递的问题').length - before).toBe(1);
  });

  it('an answer not ready in time: "success" now, the answer through the customer-service API, once', async () => {
    const xml = text('慢问题', 'oSlow');
    const started = Date.now();
    const first = await wx.send(xml, 'safe');
    expect(Date.now() - started).toBeLessThan(650);
    expect(first).toMatchObject({ status: 200, body: 'success' });
    const retry = await wx.send(xml, 'safe');
    expect(retry.body).toBe('success');
    const [sent] = await api.waitForSent(1);
    expect(sent!.body).toEqual({ touser: 'oSlow', msgtype: 'text', text: { content: '关于“慢问题”：应当依法办理[1]。\n\n来源：\n[1]《行政处罚法》第七条' } });
    expect(sent!.accessToken).toBe('TOKEN-1');
    await sleep(100);
    expect(api.sent).toHaveLength(1);
    expect((await wx.send(xml, 'safe')).body).toBe('success');
    expect(bot.questions.filter((q) => q === '慢问题')).toHaveLength(1);
  });

  it('a long answer is cut at a sentence within 2,000 bytes, and "更多" pages through the rest', async () => {
    const first = await wx.send(text('长答案', 'oLong'), 'safe');
    const content = first.reply!.Content!;
    expect(utf8Bytes(content)).toBeLessThanOrEqual(2000);
    expect(content.endsWith(MORE_HINT)).toBe(true);
    expect(content).toContain('来源：\n[1]《行政处罚法》第七条');
    expect(content.split('\n\n')[0]!.endsWith('。')).toBe(true);
    // About 4,300 bytes: two more pages, each within the limit, the last without the hint.
    const second = (await wx.send(text('更多', 'oLong'), 'safe')).reply!.Content!;
    expect(utf8Bytes(second)).toBeLessThanOrEqual(2000);
    const lastOfFirst = /第(\d+)项措施已经落实到位。\n\n来源/.exec(content)![1]!;
    expect(second.startsWith(`第${Number(lastOfFirst) + 1}项`)).toBe(true);
    expect(second.endsWith(MORE_HINT)).toBe(true);
    const third = (await wx.send(text('更多', 'oLong'), 'safe')).reply!.Content!;
    expect(third.endsWith('第120项措施已经落实到位。')).toBe(true);
    const none = await wx.send(text('更多', 'oLong'));
    expect(none.reply!.Content).toBe(wechatTexts.noMore);
  });

  it('a bot failure becomes a polite apology, not internals', async () => {
    const res = await wx.send(text('坏问题', 'oBroken'));
    expect(res.reply!.Content).toBe(wechatTexts.error);
    expect(res.body).not.toContain('/srv/secret');
  });

  describe('bad input', () => {
    it('bad signature → 401 (plaintext and safe mode)', async () => {
      const { query, body } = wx.envelope(text('q'), 'plain');
      query.set('signature', '0'.repeat(40));
      expect((await wx.post(body, query)).status).toBe(401);
      const safe = wx.envelope(text('q'), 'safe');
      safe.query.set('msg_signature', wechatSignature('wrong-token', '1', '2', 'x'));
      expect((await wx.post(safe.body, safe.query)).status).toBe(401);
      expect((await wx.post(body, new URLSearchParams())).status).toBe(401);
    });

    it('<!DOCTYPE → 400, and the entity is never expanded', async () => {
      const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${text('&x;')}`;
      const res = await wx.send(xxe);
      expect(res.status).toBe(400);
      expect(res.body).not.toContain('root:');
    });

    it('malformed XML → 400', async () => {
      for (const body of ['<xml><Content>unclosed</xml>', 'not xml', '<xml></xml>', '<other/>']) {
        expect((await wx.send(body)).status, body).toBe(400);
      }
    });

    it('bad ciphertext with a valid signature → 400; a message for another app id → 400', async () => {
      const query = wx.signedQuery({ encrypt_type: 'aes' });
      const garbage = Buffer.alloc(48, 7).toString('base64');
      query.set('msg_signature', wechatSignature(account.token, query.get('timestamp')!, query.get('nonce')!, garbage));
      expect((await wx.post(`<xml><ToUserName>gh_qidong</ToUserName><Encrypt>${garbage}</Encrypt></xml>`, query)).status).toBe(400);

      const other = new WeChatPlatform(baseUrl, { ...account, appId: 'wxSomeoneElse' });
      expect((await other.send(text('q'), 'safe')).status).toBe(400);
    });

    it('body over 64 KB → 413, with and without Content-Length', async () => {
      const { query } = wx.envelope('', 'plain');
      const big = `<xml><Content>${'a'.repeat(70 * 1024)}</Content></xml>`;
      const url = `${baseUrl}/api/wechat?${query.toString()}`;
      expect(await rawPostStatus(url, big, { chunked: false, headers: { 'content-type': 'text/xml' } })).toBe(413);
      expect(await rawPostStatus(url, big, { chunked: true, headers: { 'content-type': 'text/xml' } })).toBe(413);
      // Just under the limit is read (and here refused for its missing signature, not its size).
      const fits = `<xml><Content>${'a'.repeat(60 * 1024)}</Content></xml>`;
      expect((await wx.post(fits, new URLSearchParams())).status).toBe(401);
    });

    it('still serves after all of that', async () => {
      expect((await wx.send(text('最后一个问题'))).reply!.Content).toContain('最后一个问题');
      const rejected = logs.filter((l) => l.msg === 'wechat: request rejected');
      expect(rejected.every((l) => l.level === 40 && l.err === undefined)).toBe(true);
    });
  });
});

describe('WeChat routes without a body parser in front (the route reads the stream itself)', () => {
  it('answers a message, refuses 64 KB+ bodies with 413 and a DOCTYPE with 400', async () => {
    const server = restify.createServer();
    const config = loadConfig({ WECHAT_TOKEN: account.token, WECHAT_ENCODING_AES_KEY: account.aesKey, WECHAT_APP_ID: account.appId });
    registerWeChatRoutes(server, { bot: new TestBot(), config, logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const wx = new WeChatPlatform(url, account);
    const ok = await wx.send(messageXml(account, 'oBare', { MsgType: 'text', Content: '直接读取', MsgId: nextMsgId() }), 'safe');
    expect(ok.reply!.Content).toContain('关于“直接读取”');
    const big = `<xml><Content>${'b'.repeat(65 * 1024)}</Content></xml>`;
    const target = `${url}/api/wechat?${wx.signedQuery().toString()}`;
    expect(await rawPostStatus(target, big, { chunked: true })).toBe(413);
    expect(await rawPostStatus(target, big, { chunked: false })).toBe(413);
    expect((await wx.send(`<!DOCTYPE x>${messageXml(account, 'oBare', { MsgType: 'text', Content: 'q', MsgId: nextMsgId() })}`)).status).toBe(400);
    server.close();
  });

  it('refuses to start with an EncodingAESKey that is not 43 base64 characters', () => {
    const config = loadConfig({ WECHAT_TOKEN: 't', WECHAT_ENCODING_AES_KEY: 'too-short', WECHAT_APP_ID: 'wx' });
    expect(() => registerWeChatRoutes(restify.createServer(), { bot: new TestBot(), config, logger: pino({ level: 'silent' }) })).toThrow(/WECHAT_ENCODING_AES_KEY/);
  });
});

describe('WeChat channel off', () => {
  it('answers 404 on both methods when WECHAT_TOKEN is empty', async () => {
    const server = restify.createServer();
    registerWeChatRoutes(server, { bot: new TestBot(), config: loadConfig({}), logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wechat`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { method: 'POST', body: '<xml/>' })).status).toBe(404);
    server.close();
  });
});
