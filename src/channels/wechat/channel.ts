// The WeChat callback, independent of HTTP: verify → decrypt → one bot turn per delivery → passive reply
// (encrypted in safe mode), or "success" and the customer-service API when the answer is late.
import { randomBytes } from 'node:crypto';
import type { ActivityHandler } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { WeChatAdapter, type BotRequest } from './adapter.js';
import { WeChatCrypto } from './crypto.js';
import { createCustomerService, type CustomerService } from './customer-service.js';
import { DeliveryRegistry } from './dedup.js';
import { ExpiringMap } from './expiring-map.js';
import { formatText, MORE_COMMAND, renderReplies, type WeChatText } from './format.js';
import { deliveryKey, toWeChatMessage, type WeChatMessage } from './message.js';
import { signatureMatches, wechatSignature } from './signature.js';
import { wechatTexts } from './texts.js';
import { encryptedReplyXml, parseWeChatXml, textReplyXml } from './xml.js';

/** A request WeChat would not send: the caller answers with `status` and a short fixed body. */
export class WeChatRequestError extends Error {
  override readonly name = 'WeChatRequestError';
  constructor(
    readonly status: 400 | 401 | 413,
    message: string,
  ) {
    super(message);
  }
}

export interface WeChatReply {
  status: number;
  contentType: string;
  body: string;
}

export interface WeChatChannelDeps {
  bot: ActivityHandler;
  config: Config;
  logger: Logger;
  /** Defaults to the real API at WECHAT_API_BASE when WECHAT_APP_ID and WECHAT_APP_SECRET are set. */
  customerService?: CustomerService;
}

/** What WeChat takes as "no passive reply" — it then shows nothing and does not retry. */
const SUCCESS: WeChatReply = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' };
// An unread "更多" page is kept this long; after that the user asks again.
const MORE_TTL_MS = 30 * 60_000;

type Plan = { kind: 'bot'; request: BotRequest } | { kind: 'text'; text: string } | { kind: 'more' } | { kind: 'silent' };

export class WeChatChannel {
  readonly deliveries = new DeliveryRegistry();
  private readonly adapter = new WeChatAdapter();
  private readonly crypto?: WeChatCrypto;
  private readonly customerService?: CustomerService;
  private readonly morePages = new ExpiringMap<string>(MORE_TTL_MS, 10_000);

  constructor(private readonly deps: WeChatChannelDeps) {
    const c = deps.config;
    // A wrong EncodingAESKey is a configuration error: fail at start, not on the first encrypted message.
    if (c.WECHAT_ENCODING_AES_KEY) this.crypto = new WeChatCrypto(c.WECHAT_ENCODING_AES_KEY, c.WECHAT_APP_ID);
    this.customerService =
      deps.customerService ??
      (c.WECHAT_APP_ID && c.WECHAT_APP_SECRET
        ? createCustomerService({ apiBase: c.WECHAT_API_BASE, appId: c.WECHAT_APP_ID, appSecret: c.WECHAT_APP_SECRET })
        : undefined);
  }

  /** The URL check of the admin console: echo `echostr` when the signature is ours. */
  verifyUrl(query: URLSearchParams): WeChatReply {
    if (!signatureMatches(query.get('signature') ?? undefined, this.deps.config.WECHAT_TOKEN, query.get('timestamp') ?? '', query.get('nonce') ?? '')) {
      throw new WeChatRequestError(401, 'bad signature');
    }
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: query.get('echostr') ?? '' };
  }

  /** `receivedAt`: when the request arrived — WeChat's 5 s count from then, not from when this handler runs. */
  async handleMessage(query: URLSearchParams, body: string, receivedAt = Date.now()): Promise<WeChatReply> {
    const token = this.deps.config.WECHAT_TOKEN;
    const timestamp = query.get('timestamp') ?? '';
    const nonce = query.get('nonce') ?? '';
    const outer = parseWeChatXml(body);
    // Compatible mode carries both plaintext fields and Encrypt: the encrypted copy is the one that is signed.
    const safeMode = query.get('encrypt_type') === 'aes' || outer.Encrypt !== undefined;
    let fields = outer;
    if (safeMode) {
      const encrypted = outer.Encrypt;
      if (!encrypted) throw new WeChatRequestError(400, 'safe mode without an Encrypt element');
      if (!signatureMatches(query.get('msg_signature') ?? undefined, token, timestamp, nonce, encrypted)) {
        throw new WeChatRequestError(401, 'bad msg_signature');
      }
      if (!this.crypto) throw new WeChatRequestError(400, 'encrypted message but WECHAT_ENCODING_AES_KEY is not set');
      fields = parseWeChatXml(this.crypto.decrypt(encrypted));
    } else if (!signatureMatches(query.get('signature') ?? undefined, token, timestamp, nonce)) {
      throw new WeChatRequestError(401, 'bad signature');
    }
    const message = toWeChatMessage(fields);
    const text = await this.deliveries.reply(
      deliveryKey(message),
      () => this.answer(message),
      Math.max(0, this.deps.config.WECHAT_REPLY_TIMEOUT_MS - (Date.now() - receivedAt)),
      (late) => this.deliverLate(message, late),
    );
    if (!text) return SUCCESS;
    const xml = textReplyXml({ toUser: message.fromUserName, fromAccount: message.toUserName, content: text });
    return { status: 200, contentType: 'application/xml; charset=utf-8', body: safeMode ? this.seal(xml) : xml };
  }

  /** Safe-mode reply: the reply XML encrypted, signed over our own timestamp and nonce. */
  private seal(xml: string): string {
    const encrypt = this.crypto!.encrypt(xml);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const msgSignature = wechatSignature(this.deps.config.WECHAT_TOKEN, timestamp, nonce, encrypt);
    return encryptedReplyXml({ encrypt, msgSignature, timestamp, nonce });
  }

  private plan(m: WeChatMessage): Plan {
    switch (m.msgType) {
      case 'text': {
        const text = (m.content ?? '').trim();
        if (text === MORE_COMMAND) return { kind: 'more' };
        return text ? { kind: 'bot', request: { kind: 'message', text } } : { kind: 'text', text: wechatTexts.typeYourQuestion };
      }
      case 'voice': {
        const text = (m.recognition ?? '').trim();
        return text ? { kind: 'bot', request: { kind: 'message', text } } : { kind: 'text', text: wechatTexts.typeYourQuestion };
      }
      case 'event':
        return this.planEvent(m);
      default:
        // image, video, shortvideo, location, link, file, …
        return { kind: 'text', text: wechatTexts.typeYourQuestion };
    }
  }

  private planEvent(m: WeChatMessage): Plan {
    switch (m.event?.toLowerCase()) {
      case 'subscribe':
        return { kind: 'bot', request: { kind: 'welcome' } };
      case 'click': {
        const question = m.eventKey ? this.deps.config.WECHAT_MENU[m.eventKey] : undefined;
        return question ? { kind: 'bot', request: { kind: 'message', text: question } } : { kind: 'text', text: wechatTexts.unknownMenu };
      }
      default:
        // unsubscribe, VIEW (the user is leaving for a web page), SCAN, LOCATION reports…: nothing to say.
        return { kind: 'silent' };
    }
  }

  /** The reply text for one delivery ('' = none). Never rejects: a failed turn becomes a polite apology. */
  private async answer(m: WeChatMessage): Promise<string> {
    const plan = this.plan(m);
    switch (plan.kind) {
      case 'silent':
        return '';
      case 'text':
        return plan.text;
      case 'more': {
        const pending = this.morePages.get(m.fromUserName);
        return pending ? this.page(m, formatText(pending)) : wechatTexts.noMore;
      }
      case 'bot':
        try {
          const log = this.deps.logger.child({ channel: 'wechat', msgId: m.msgId ?? `${m.event}:${m.createTime}` });
          const sent = await this.adapter.process(m, plan.request, this.deps.bot, log);
          return this.page(m, renderReplies(sent));
        } catch (err) {
          this.deps.logger.error({ err }, 'wechat: bot turn failed');
          return wechatTexts.error;
        }
    }
  }

  /** Keeps what did not fit for "更多"; a new answer replaces an unread rest. */
  private page(m: WeChatMessage, text: WeChatText): string {
    if (text.rest) this.morePages.set(m.fromUserName, text.rest);
    else this.morePages.delete(m.fromUserName);
    return text.text;
  }

  private deliverLate(m: WeChatMessage, text: string): void {
    const { logger } = this.deps;
    if (!this.customerService) {
      logger.warn('wechat: an answer missed the reply window and WECHAT_APP_ID/WECHAT_APP_SECRET are not set, so it was dropped');
      return;
    }
    void this.customerService.sendText(m.fromUserName, text).then(
      () => logger.info('wechat: late answer sent through the customer-service API'),
      (err: Error) => logger.warn({ reason: err.message }, 'wechat: customer-service send failed'),
    );
  }
}
