// Plays the WeChat platform against our callback: builds the XML it posts, signs and encrypts it as it does,
// and opens the reply. Shared by the round-trip tests and bench/wechat.ts.
import { randomBytes } from 'node:crypto';
import { WeChatCrypto } from '../../../src/channels/wechat/crypto.js';
import { signatureMatches, wechatSignature } from '../../../src/channels/wechat/signature.js';
import { cdata, parseWeChatXml } from '../../../src/channels/wechat/xml.js';

export interface Account {
  token: string;
  aesKey: string;
  appId: string;
  /** The account's original id, gh_…: ToUserName of inbound messages. */
  id: string;
}

export type Mode = 'plain' | 'safe' | 'compat';

export interface Delivery {
  status: number;
  body: string;
  /** The reply's fields (decrypted in safe mode), when it is XML. */
  reply?: Record<string, string>;
}

let msgCounter = 7_000_000_000_000_000_000n;
/** A fresh 64-bit MsgId beyond 2^53, as a string. */
export function nextMsgId(): string {
  msgCounter += 1n;
  return msgCounter.toString();
}

export function messageXml(account: Account, from: string, fields: Record<string, string>, createTime = Math.floor(Date.now() / 1000)): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => (/^\d+$/.test(v) ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`))
    .join('');
  return `<xml><ToUserName>${cdata(account.id)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${createTime}</CreateTime>${inner}</xml>`;
}

export class WeChatPlatform {
  readonly crypto: WeChatCrypto;

  constructor(
    readonly url: string,
    readonly account: Account,
  ) {
    this.crypto = new WeChatCrypto(account.aesKey, account.appId);
  }

  signedQuery(extra: Record<string, string> = {}): URLSearchParams {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    return new URLSearchParams({ signature: wechatSignature(this.account.token, timestamp, nonce), timestamp, nonce, ...extra });
  }

  /** The body and query WeChat would post for `xml` in `mode`. */
  envelope(xml: string, mode: Mode): { query: URLSearchParams; body: string } {
    // WeChat adds the sender's openid to the callback URL (the rate limit keys WeChat users by it).
    const openid = /<FromUserName><!\[CDATA\[([^\]]*)\]\]><\/FromUserName>/.exec(xml)?.[1];
    const who: Record<string, string> = openid ? { openid } : {};
    if (mode === 'plain') return { query: this.signedQuery(who), body: xml };
    const query = this.signedQuery(mode === 'safe' ? { ...who, encrypt_type: 'aes' } : who);
    const encrypt = this.crypto.encrypt(xml);
    query.set('msg_signature', wechatSignature(this.account.token, query.get('timestamp')!, query.get('nonce')!, encrypt));
    // Compatible mode keeps the plaintext fields beside Encrypt; safe mode sends ToUserName and Encrypt only.
    const plainFields = mode === 'compat' ? xml.replace(/^<xml>|<\/xml>$/g, '') : `<ToUserName>${cdata(this.account.id)}</ToUserName>`;
    return { query, body: `<xml>${plainFields}<Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
  }

  async post(body: string, query: URLSearchParams, headers: Record<string, string> = {}): Promise<Delivery> {
    const res = await fetch(`${this.url}/api/wechat?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body });
    const text = await res.text();
    return { status: res.status, body: text, reply: res.status === 200 && text.startsWith('<xml>') ? this.open(text) : undefined };
  }

  async send(xml: string, mode: Mode = 'plain'): Promise<Delivery> {
    const { query, body } = this.envelope(xml, mode);
    return this.post(body, query);
  }

  /** Checks the reply's signature (safe mode) and returns its fields. */
  open(replyXml: string): Record<string, string> {
    const outer = parseWeChatXml(replyXml);
    if (outer.Encrypt === undefined) return outer;
    if (!signatureMatches(outer.MsgSignature, this.account.token, outer.TimeStamp ?? '', outer.Nonce ?? '', outer.Encrypt)) {
      throw new Error('reply MsgSignature does not match');
    }
    return parseWeChatXml(this.crypto.decrypt(outer.Encrypt));
  }
}
